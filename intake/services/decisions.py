from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chamber_portal.core.errors import TransitionError
from chamber_portal.core.models import User

from .. import rules
from ..audit_events import IntakeEvent
from ..models import Application, Category, ReturnReason, Status
from ..signals import application_accepted
from .common import locked, require_staff, require_status, transition

# What staff compare between the paper original and the application before accepting it.
CHECKLIST = {
    "court": _("Court and case number match"),
    "parties": _("Claimant and debtor match"),
    "amount": _("Amount or obligation matches"),
    "document": _("Enforcement document kind, number and date match"),
}
CHECKLIST_INCOMPLETE = _("Tick every point of the comparison, or return the application with a reason.")
MESSAGE_REQUIRED = _("Tell the lawyer why the application is returned.")
REQUIRED = _("This field is required.")
STATE_CLAIM_NOT_ACCEPTED = _(
    "%(problem)s If the amount is above the threshold, return the application as outside the Chamber's categories."
)


@transaction.atomic
def application_accept(*, application: Application, by: User, checklist: dict[str, bool]) -> Application:
    """The original matches: accept and queue the case for distribution (after commit)."""
    application = locked(application)
    require_staff(application, by)
    require_status(application, Status.ORIGINAL_RECEIVED)
    if not all(checklist.get(key) for key in CHECKLIST):
        raise ValidationError({"checklist": [CHECKLIST_INCOMPLETE]})
    # The threshold again, on the day of acceptance: a new year's MRP may have changed it since submission.
    if application.category == Category.STATE_CLAIM and (
        problem := rules.state_claim_problem(amount=application.amount_kzt, on=timezone.localdate())
    ):
        raise TransitionError(STATE_CLAIM_NOT_ACCEPTED % {"problem": problem}, code="state_claim_threshold")
    application.accepted_at = timezone.now()
    transition(application, to=Status.ACCEPTED, by=by, kind=IntakeEvent.ACCEPTED, data={"checklist": checklist},
               fields=["accepted_at"])
    # Inside the transaction: assignment queues the distribution for its commit (chamber_portal/core/after_commit.py).
    application_accepted.send(sender=Application, application_id=application.pk, region_id=application.region_id)
    return application


@transaction.atomic
def application_return(*, application: Application, by: User, reason: str, message: str) -> Application:
    """Return to the lawyer with a reason from the fixed list and a message; final (docs/domain.md §4)."""
    application = locked(application)
    require_staff(application, by)
    require_status(application, Status.SUBMITTED, Status.AWAITING_DUPLICATE, Status.ORIGINAL_RECEIVED)
    problems = {}
    if reason not in ReturnReason.values:
        problems["reason"] = [REQUIRED]
    if not (message or "").strip():
        problems["message"] = [MESSAGE_REQUIRED]
    if problems:
        raise ValidationError(problems)
    application.return_reason, application.return_message = reason, message.strip()
    return transition(application, to=Status.RETURNED, by=by, kind=IntakeEvent.RETURNED,
                      note=application.return_message, data={"reason": reason},
                      fields=["return_reason", "return_message"])
