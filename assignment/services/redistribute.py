"""Taking a case from its bailiff and appointing another by the same rotation (DESIGN §1 (c), (d))."""

from collections.abc import Callable
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chamber_portal.core.audit import audit_record
from chamber_portal.core.errors import TransitionError
from chamber_portal.core.models import User
from intake.models import Application, Status
from intake.services.common import require_staff

from ..models import REDISTRIBUTION_REASONS, Assignment, DistributionDecision, Exclusion, Reason
from ..signals import case_redistributed
from .distribute import Request, _distribute_locked, _lock_region

NOT_ASSIGNED = _("Only a case held by a bailiff can be redistributed.")
UNKNOWN_REASON = _("Choose a lawful reason for redistribution.")
NO_BREACH_DECISION = _(
    "Clause 12: the case can go to another bailiff only after a decision confirming the bailiff's breach of "
    "duties has entered into force. No such decision is in force for this bailiff on this case."
)

# Guards from apps above this one (complaints registers the Clause 12 one): each may raise TransitionError.
# A breach reason with no guard registered is refused: nothing may bypass Clause 12.
GUARDS: list[Callable[..., bool]] = []


def register_guard(guard: Callable[..., bool]) -> Callable[..., bool]:
    if guard not in GUARDS:
        GUARDS.append(guard)
    return guard


def _check_clause_12(application: Application, bailiff_id: int, today: date) -> None:
    if not any(guard(application=application, bailiff_id=bailiff_id, today=today) for guard in GUARDS):
        raise TransitionError(NO_BREACH_DECISION, code="breach_decision_not_in_force")


def _take_back(application: Application, reason: str, by: User | None, note: str) -> int:
    """End the active assignment and put the application back in the queue; the old bailiff's id."""
    assignment = Assignment.objects.select_for_update().get(application=application, is_active=True)
    assignment.is_active, assignment.ended_at, assignment.end_reason = False, timezone.now(), reason
    assignment.save(update_fields=["is_active", "ended_at", "end_reason"])
    before = application.status
    application.status, application.assigned_bailiff = Status.ACCEPTED, None
    application.status_changed_at = timezone.now()
    application.save(update_fields=["status", "assigned_bailiff", "status_changed_at", "updated_at"])
    audit_record(actor=by, obj=application, kind="redistribution", before=before, after=Status.ACCEPTED,
                 data={"note": note, "reason": reason, "bailiff": assignment.bailiff_id})
    return assignment.bailiff_id


@transaction.atomic
def application_redistribute(
    *, application: Application, reason: str, by: User | None, note: str = "", today: date | None = None,
) -> DistributionDecision | None:
    """Take the case from its bailiff for a lawful reason and appoint another; never the same one."""
    # Staff of the case's region (national: any); `by=None` is the system: the task that moves the cases of a
    # bailiff who left the rotation, and the daily release of held reassignments (chamber_portal.core.access).
    require_staff(application, by, system=True)
    today = today or timezone.localdate()
    if reason not in REDISTRIBUTION_REASONS:
        raise TransitionError(UNKNOWN_REASON, code="invalid_reason")
    queue = _lock_region(application.region_id)  # the region first, as every distribution does: no deadlock
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status not in (Status.ASSIGNED, Status.IN_ENFORCEMENT):
        raise TransitionError(NOT_ASSIGNED, code="not_assigned")
    if reason == Reason.BREACH_CONFIRMED:
        _check_clause_12(application, application.assigned_bailiff_id, today)
    previous = _take_back(application, reason, by, note)
    exclusion = Exclusion.IN_BREACH if reason == Reason.BREACH_CONFIRMED else Exclusion.BEING_REPLACED
    decisions = _distribute_locked(
        queue, [Request(application, reason, {previous: exclusion}, previous, by)], today
    )
    decision = decisions[0] if decisions else None
    # In the same transaction: apps above this one settle what hangs on the old bailiff (a held reassignment).
    case_redistributed.send(sender=Application, application=application, previous_bailiff_id=previous,
                            reason=reason, decision=decision, by=by)
    return decision


def bailiff_cases_redistribute(*, bailiff_id: int, reason: str, by: User | None = None) -> int:
    """Every open case of a bailiff who left the rotation goes to another, one transaction per case."""
    count = 0
    open_cases = Application.objects.filter(
        assigned_bailiff_id=bailiff_id, status__in=[Status.ASSIGNED, Status.IN_ENFORCEMENT]
    ).values_list("id", flat=True)
    for application in Application.objects.filter(pk__in=list(open_cases)).order_by("id"):
        try:
            application_redistribute(application=application, reason=reason, by=by)
            count += 1
        except TransitionError:
            continue  # already moved by someone else since the list was read
    return count
