from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chamber_portal.core import access
from chamber_portal.core.audit import AuditKind, audit_record
from chamber_portal.core.coalesce import task_after_commit_once
from chamber_portal.core.errors import TransitionError
from chamber_portal.core.models import User
from chamber_portal.core.notifications import notifications_create
from chamber_portal.core.outbox import emails_queue
from chamber_portal.core.tasks import EMAILS_PENDING_KEY, emails_send_fresh_task

from ..models import Application, Status
from ..tasks import lawyer_email, lawyer_email_key

NOT_IN_STATE = _("This action is not possible while the application is “%(status)s”.")
NOT_YOURS = _("You may not act on this application.")
# Events done to the lawyer's application by others: an in-app notice besides the e-mail. (What the lawyer did
# himself or herself needs no notice; the bailiff's initiation and closing write their own.)
IN_APP = {"application_original_registered", "application_accepted", "application_returned", "application_lapsed"}


def locked(application: Application) -> Application:
    """The application's row, locked for the rest of the transaction, so two clicks act once."""
    return Application.objects.select_for_update().get(pk=application.pk)


def require_status(application: Application, *allowed: Status) -> None:
    if application.status not in allowed:
        raise TransitionError(NOT_IN_STATE % {"status": application.get_status_display()}, code="invalid_state")


def require_lawyer(application: Application, by: User | None) -> None:
    """The lawyer acts on his or her own applications only; never the system."""
    if by is None or not by.is_authenticated or application.lawyer_id != by.pk:
        raise PermissionDenied(NOT_YOURS)


def require_staff(application: Application, by: User | None, *, system: bool = False) -> None:
    """Chamber staff act on their region only; national staff on all (docs/domain.md §3); the system where allowed."""
    access.require_region_staff(application.region_id, by, NOT_YOURS, system=system)


def transition(
    application: Application, *, to: Status, by: User | None, kind: AuditKind, note: str = "", data: dict | None = None,
    notify: bool = True, fields: list[str] | None = None,
) -> Application:
    """Move to a new status, write the audit event (the timeline reads it) and e-mail the lawyer on commit."""
    before = application.status
    application.status = to
    application.status_changed_at = timezone.now()
    application.save(update_fields=["status", "status_changed_at", "updated_at", *(fields or [])])
    event = audit_record(actor=by, obj=application, kind=kind, before=before, after=to,
                         data={"note": note, **(data or {})})
    if notify:
        # The lawyer's e-mail is written to the outbox in this transaction (committed with the change, or not at
        # all; keyed by the event, so it is sent once) and sent by the `email` queue after commit, one pending
        # message for every e-mail waiting (a burst is a batch); a lost message: beat's emails_send_due.
        if email := lawyer_email(application, kind):
            emails_queue(items=[(lawyer_email_key(event.pk), *email)])
            task_after_commit_once(EMAILS_PENDING_KEY, emails_send_fresh_task, gather=settings.NOTICES_GATHER_SECONDS)
        if (notice := f"application_{kind}") in IN_APP:
            notifications_create(items=[(application.lawyer, notice, {"reference": application.reference},
                                         reverse("intake:application_detail", args=[application.pk]))])
    return application
