from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chamber_portal.core.models import User

from ..audit_events import IntakeEvent
from ..models import Application, Status
from .common import locked, require_lawyer, require_staff, require_status, transition

RECEIVED_IN_FUTURE = _("The original cannot be received in the future.")
RECEIVED_BEFORE_SUBMISSION = _("The original cannot be received before the application was submitted.")
EXPECTED_BEFORE_REQUEST = _("The duplicate cannot be expected before it was requested.")
REQUEST_IN_FUTURE = _("The request date cannot be in the future.")
REQUIRED = _("This field is required.")


@transaction.atomic
def application_report_original_lost(
    *,
    application: Application,
    by: User,
    duplicate_requested_on: date,
    state_fee_receipt: str,
    expected_on: date | None = None,
) -> Application:
    """The original is lost: the lawyer records the request for a court duplicate; the deadline stops."""
    application = locked(application)
    require_lawyer(application, by)
    require_status(application, Status.SUBMITTED)
    problems = {}
    if duplicate_requested_on is None:
        problems["duplicate_requested_on"] = [REQUIRED]
    elif duplicate_requested_on > timezone.localdate():
        problems["duplicate_requested_on"] = [REQUEST_IN_FUTURE]
    if not (state_fee_receipt or "").strip():
        problems["state_fee_receipt"] = [REQUIRED]
    if expected_on and duplicate_requested_on and expected_on < duplicate_requested_on:
        problems["expected_on"] = [EXPECTED_BEFORE_REQUEST]
    if problems:
        raise ValidationError(problems)
    application.duplicate_requested_on = duplicate_requested_on
    application.state_fee_receipt = state_fee_receipt.strip()
    application.duplicate_expected_on = expected_on
    return transition(
        application,
        to=Status.AWAITING_DUPLICATE,
        by=by,
        kind=IntakeEvent.ORIGINAL_LOST,
        data={"duplicate_requested_on": duplicate_requested_on, "expected_on": expected_on},
        fields=["duplicate_requested_on", "state_fee_receipt", "duplicate_expected_on"],
    )


@transaction.atomic
def application_register_original(
    *,
    application: Application,
    by: User,
    registry_number: str,
    received_at: datetime,
    condition_note: str = "",
) -> Application:
    """Chamber staff register the paper original (or the court's duplicate) as received."""
    application = locked(application)
    require_staff(application, by)
    require_status(application, Status.SUBMITTED, Status.AWAITING_DUPLICATE)
    problems = {}
    if not (registry_number or "").strip():
        problems["registry_number"] = [REQUIRED]
    if received_at is None:
        problems["received_at"] = [REQUIRED]
    elif received_at > timezone.now():
        problems["received_at"] = [RECEIVED_IN_FUTURE]
    # Staff type the time to the minute: the minute of submission itself is allowed.
    elif application.submitted_at and received_at < application.submitted_at.replace(second=0, microsecond=0):
        problems["received_at"] = [RECEIVED_BEFORE_SUBMISSION]
    if problems:
        raise ValidationError(problems)
    application.registry_number = registry_number.strip()
    application.original_received_at = received_at
    application.original_received_by = by
    application.original_condition_note = (condition_note or "").strip()
    return transition(
        application,
        to=Status.ORIGINAL_RECEIVED,
        by=by,
        kind=IntakeEvent.ORIGINAL_REGISTERED,
        note=application.original_condition_note,
        data={"registry_number": application.registry_number, "received_at": received_at},
        fields=["registry_number", "original_received_at", "original_received_by", "original_condition_note"],
    )
