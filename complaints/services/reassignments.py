"""Clause 12: a held reassignment goes out only once its breach decision is in force, by the same rotation,
never to the bailiff in breach; then the paper file is handed over step by step."""

import logging
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assignment.models import DistributionDecision, Reason
from assignment.services import application_redistribute
from chamber_portal.core.audit import audit_record
from chamber_portal.core.errors import TransitionError
from chamber_portal.core.models import User

from ..audit_events import ComplaintEvent
from ..models import BreachDecision, CancelReason, Reassignment, ReassignmentStatus
from ..rules import decision_in_force, decision_in_force_q
from .common import REQUIRED, require_region_staff

NOT_HELD = _("This reassignment is not held: it was already released or cancelled.")
NOT_IN_FORCE_YET = _(
    "Clause 12: the reassignment is held until the decision confirming the bailiff's breach enters into force "
    "(%(date)s). It cannot be released before then."
)
NO_DECISION_YET = _(
    "Clause 12: the reassignment is held until a decision confirming the bailiff's breach is recorded and in "
    "force. The complaint has not been decided yet."
)
IN_FORCE_RELEASING = _(
    "The breach decision is in force since %(date)s: the case goes to another bailiff at the next daily run, or "
    "now when staff release it."
)
APPEAL_PENDING = _("Clause 12: the breach decision is under appeal; the reassignment is held until it is decided.")
NOT_RELEASED = _("The paper file is handed over after the reassignment is released.")
STEP_ORDER = _("The file reaches the new bailiff after the Chamber has received it.")
DATE_IN_FUTURE = _("The date cannot be in the future.")
DATE_BEFORE_RELEASE = _("The date cannot be before the case went to another bailiff.")
UNKNOWN_STEP = _("Unknown hand-over step.")

logger = logging.getLogger(__name__)


def hold_explanation(reassignment: Reassignment, today: date | None = None) -> str:
    """Why a held reassignment waits, in words (shown to the lawyer, staff and the bailiff)."""
    decision = reassignment.decision
    if decision is None:
        return str(NO_DECISION_YET)
    if decision.appeal_status == "pending":
        return str(APPEAL_PENDING)
    if decision_in_force(decision, on=today or timezone.localdate()):
        return str(IN_FORCE_RELEASING) % {"date": decision.effective_on.strftime("%d.%m.%Y")}
    return str(NOT_IN_FORCE_YET) % {"date": decision.effective_on.strftime("%d.%m.%Y") if decision.effective_on
                                    else "—"}


def require_reassignment_staff(reassignment: Reassignment, by: User | None, *, system: bool = False) -> None:
    """Staff of the case's region (national staff: any) release it and record the hand-over; the daily release
    runs as the system (`by=None`, reassignments_release_due)."""
    require_region_staff(reassignment.application.region_id, by, system=system)


def _decision_in_force(reassignment: Reassignment, today: date) -> BreachDecision | None:
    return (
        BreachDecision.objects.filter(application_id=reassignment.application_id, bailiff_id=reassignment.bailiff_id)
        .filter(decision_in_force_q(on=today)).order_by("effective_on", "id").first()
    )


@transaction.atomic
def reassignment_release(*, reassignment: Reassignment, by: User | None = None, today: date | None = None
                         ) -> DistributionDecision | None:
    """Appoint another bailiff by the rotation once a breach decision against the held bailiff on this case is
    in force; refused (TransitionError) before that. The rotation itself checks clause 12 again."""
    today = today or timezone.localdate()
    reassignment = Reassignment.objects.select_for_update(of=("self",)).select_related(
        "application", "decision").get(pk=reassignment.pk)
    require_reassignment_staff(reassignment, by, system=True)
    if reassignment.status != ReassignmentStatus.HELD:
        raise TransitionError(NOT_HELD, code="not_held")
    decision = _decision_in_force(reassignment, today)
    if decision is None:
        raise TransitionError(hold_explanation(reassignment, today), code="breach_decision_not_in_force")
    application = reassignment.application
    if application.assigned_bailiff_id != reassignment.bailiff_id:
        # Moved already (redistributed for another reason, or closed): nothing left to release.
        reassignment.status, reassignment.cancel_reason = ReassignmentStatus.CANCELLED, CancelReason.MOVED_ON
        reassignment.save(update_fields=["status", "cancel_reason"])
        audit_record(actor=by, obj=reassignment, kind=ComplaintEvent.CANCELLED, before=ReassignmentStatus.HELD,
                     after=reassignment.status, data={"note": reassignment.cancel_reason})
        return None
    result = application_redistribute(application=application, reason=Reason.BREACH_CONFIRMED, by=by,
                                      note=decision.document_reference, today=today)
    # The rotation's signal marked it released, audited and told everyone (complaints/receivers.py): whichever
    # path moves a case for breach settles the held request the same way. Here: which decision did it.
    reassignment.refresh_from_db()
    linked = reassignment.decision_id != decision.pk
    reassignment.decision = decision
    reassignment.save(update_fields=["decision"])
    if linked:  # released on a decision other than the one linked when it was held (or none was)
        audit_record(actor=by, obj=reassignment, kind=ComplaintEvent.DECISION_LINKED, data={"decision": decision.pk})
    return result


def reassignments_release_due(*, today: date | None = None) -> int:
    """Daily (beat): release every held reassignment whose breach decision is in force today; each in its own
    transaction, so one refusal never stops the others."""
    today = today or timezone.localdate()
    due = Reassignment.objects.filter(
        status=ReassignmentStatus.HELD,
        application__breach_decisions__in=BreachDecision.objects.filter(decision_in_force_q(on=today)),
    ).distinct().order_by("id")
    released = 0
    for reassignment in due:
        try:
            reassignment_release(reassignment=reassignment, today=today)
            released += 1
        except TransitionError as error:
            logger.info("Reassignment %s stays held: %s", reassignment.pk, error)
    return released


# Each step of the hand-over: the date it records, and its event.
HANDOVER_STEPS = {
    "to_chamber": ("file_to_chamber_on", ComplaintEvent.FILE_TO_CHAMBER),
    "to_new_bailiff": ("file_to_new_bailiff_on", ComplaintEvent.FILE_TO_NEW_BAILIFF),
}


@transaction.atomic
def handover_record(*, reassignment: Reassignment, by: User, step: str, on: date | None) -> Reassignment:
    """Record a step of the paper file's hand-over: `to_chamber` (old bailiff → Chamber), then
    `to_new_bailiff` (Chamber → new bailiff)."""
    reassignment = Reassignment.objects.select_for_update(of=("self",)).select_related("application").get(
        pk=reassignment.pk)
    require_reassignment_staff(reassignment, by)
    if reassignment.status != ReassignmentStatus.RELEASED:
        raise TransitionError(NOT_RELEASED, code="not_released")
    field, kind = HANDOVER_STEPS.get(step, (None, None))
    if field is None:
        raise ValidationError({"step": [UNKNOWN_STEP]})
    if on is None:
        raise ValidationError({"on": [REQUIRED]})
    if on > timezone.localdate():
        raise ValidationError({"on": [DATE_IN_FUTURE]})
    if on < timezone.localdate(reassignment.released_at):
        raise ValidationError({"on": [DATE_BEFORE_RELEASE]})
    if step == "to_new_bailiff" and (reassignment.file_to_chamber_on is None or on < reassignment.file_to_chamber_on):
        raise ValidationError({"on": [STEP_ORDER]})
    setattr(reassignment, field, on)
    reassignment.save(update_fields=[field])
    audit_record(actor=by, obj=reassignment, kind=kind, data={"on": on.isoformat()})
    return reassignment
