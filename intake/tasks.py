from celery import shared_task
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from chamber_portal.core.chamber_offices import chamber_office

from .models import Application

# The notification kind an event's e-mail belongs to, for the lawyer's e-mail settings.
EMAIL_KIND = {"initiated": "case_initiated", "closed": "case_closed"}


def lawyer_email(application: Application, event: str) -> tuple[str, str, str] | None:
    """(to, subject, body) of the lawyer's e-mail about an event of his or her application, in his or her
    language; None if the lawyer wants none."""
    from chamber_portal.core.notifications import wants_email

    lawyer = application.lawyer
    if not wants_email(lawyer, EMAIL_KIND.get(event, f"application_{event}")):
        return None
    with translation.override(lawyer.language or settings.LANGUAGE_CODE):
        context = {"application": application, "event": event, "lawyer": lawyer,
                   "office": chamber_office(application.region.code if application.region_id else None)}
        subject = render_to_string("intake/email/subject.txt", context).strip()
        body = render_to_string("intake/email/body.txt", context)
    return lawyer.email, subject, body


def lawyer_email_key(audit_event_id: int) -> str:
    """The outbox key of the lawyer's e-mail about one audit event: written once, sent once."""
    return f"audit:{audit_event_id}:lawyer"


@shared_task
def application_notify_lawyer(application_id: int, event: str) -> int:
    """A message queued before the outbox (issue 15; `transition` now writes the e-mail in its own transaction):
    the e-mail about the application's latest `event`, through the outbox under the same key, so it goes once."""
    from chamber_portal.core.models import AuditEvent
    from chamber_portal.core.outbox import emails_queue, emails_send

    application = Application.objects.select_related("lawyer", "region").filter(pk=application_id).first()
    audit = (AuditEvent.objects.filter(content_type__app_label="intake", content_type__model="application",
                                       object_id=str(application_id), kind=event).order_by("-at", "-id")
             .values_list("pk", flat=True).first())
    if application is None or audit is None or (email := lawyer_email(application, event)) is None:
        return 0
    return emails_send(keys=emails_queue(items=[(lawyer_email_key(audit), *email)]))


@shared_task
def applications_lapse_overdue_task() -> int:
    """Daily: applications whose paper original did not arrive in time lapse (idempotent)."""
    from .services import applications_lapse_overdue

    return applications_lapse_overdue()


@shared_task(acks_late=True)
def powers_of_attorney_warn_expiring_task() -> int:
    """Daily: warn lawyers of standing powers of attorney about to expire (once each; safe to run twice)."""
    from .services import powers_of_attorney_warn_expiring

    return powers_of_attorney_warn_expiring()


@shared_task(acks_late=True)
def spreadsheet_check_task(sheet_id: int) -> None:
    """Check a spreadsheet's rows (in-process in the demo); a second run finds it checked and does nothing."""
    from .services.spreadsheet import spreadsheet_check

    spreadsheet_check(sheet_id=sheet_id)
