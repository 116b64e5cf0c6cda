from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from chamber_portal.core.audit import audit_record
from chamber_portal.core.errors import TransitionError
from chamber_portal.core.iin import normalise
from chamber_portal.core.models import User

from ..audit_events import IntakeEvent
from ..models import FINAL, Application, Status
from .common import NOT_YOURS, locked, require_lawyer

ONLY_DRAFTS_EDITABLE = _("A submitted application can no longer be edited.")
ONLY_FINAL_COPIED = _("Only a returned or lapsed application is filed again from a copy.")

EDITABLE_FIELDS = [
    "category",
    "region",
    "creditor_kind",
    "creditor_name",
    "creditor_iin_bin",
    "debtor_kind",
    "debtor_name",
    "debtor_iin_bin",
    "debtor_address",
    "court_name",
    "court_case_number",
    "decision_date",
    "decision_effective_date",
    "document_kind",
    "document_number",
    "document_issued_at",
    "previous_enforcement_ended_on",
    "period_restored_by",
    "amount_kzt",
    "alimony_basis",
    "alimony_share",
    "obligation",
    "housing_involved",
    "sole_dwelling",
    "minors_present",
]


def _clean(field: str, value: Any) -> Any:
    model_field = Application._meta.get_field(field)
    if value is None and not model_field.null:
        return model_field.get_default()  # "" for text, False for flags
    if field.endswith("iin_bin"):
        return normalise(value)
    if field == "document_number":
        return value.strip().upper()  # one spelling, so the duplicate check is an exact match everywhere
    if isinstance(value, str):
        return value.strip()
    return value


@transaction.atomic
def application_save_draft(
    *, lawyer: User, data: dict[str, Any], application: Application | None = None
) -> Application:
    """Create or update a draft with whatever has been typed so far; checks run only on submit."""
    if application is None:
        if lawyer is None or not lawyer.is_authenticated or not lawyer.is_lawyer:
            raise PermissionDenied(NOT_YOURS)
        application = Application(lawyer=lawyer, status=Status.DRAFT)
        kind = IntakeEvent.DRAFT_CREATED
    else:
        application = locked(application)
        require_lawyer(application, lawyer)
        if application.status != Status.DRAFT:
            raise TransitionError(ONLY_DRAFTS_EDITABLE, code="not_draft")
        kind = IntakeEvent.DRAFT_SAVED
    changed = []
    for field in EDITABLE_FIELDS:
        if field in data:
            value = _clean(field, data[field])
            if getattr(application, field) != value:
                setattr(application, field, value)
                changed.append(field)
    application.save()
    # Only the creation is a status event (it opens the timeline); later saves are audited without one.
    audit_record(
        actor=lawyer,
        obj=application,
        kind=kind,
        after=Status.DRAFT if kind == IntakeEvent.DRAFT_CREATED else "",
        data={"fields": changed},
    )
    return application


@transaction.atomic
def application_copy(*, source: Application, by: User) -> Application:
    """File again after a return or lapse: a new draft with the old data and documents (docs/domain.md §4)."""
    source = locked(source)
    require_lawyer(source, by)
    if source.status not in FINAL or source.status == Status.CLOSED:
        raise TransitionError(ONLY_FINAL_COPIED, code="not_final")
    copy = Application(lawyer=by, status=Status.DRAFT, copied_from=source)
    for field in EDITABLE_FIELDS:
        setattr(copy, field, getattr(source, field))
    copy.save()
    for document in source.documents.all():
        document.pk = None
        document.application = copy
        document.save()  # the new row points at the same stored file: files are never edited in place
    audit_record(actor=by, obj=copy, kind=IntakeEvent.DRAFT_COPIED, after=Status.DRAFT, data={"from": source.reference})
    return copy
