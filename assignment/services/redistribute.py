"""Taking a case from its bailiff and appointing another by the same rotation (docs/domain.md §1 (c), (d)).

Nothing moves a case without its ground (docs/adr/0010): a reason of the bailiff's own (suspended, terminated,
excluded, absent, transferred) must be what the registry shows on the day (`bailiffs.grounds.ground_problem`);
a territorial transfer names the new district and moves the case to its rotation; Clause 12 needs a breach
decision in force.
"""

import logging
from collections.abc import Callable
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from bailiffs.grounds import ground_problem
from bailiffs.models import Bailiff
from chamber_portal.core.audit import audit_record
from chamber_portal.core.errors import TransitionError
from chamber_portal.core.models import Region, User
from chamber_portal.core.notifications import notifications_create
from intake.models import Application, Status
from intake.services.common import require_staff

from ..audit_events import AssignmentEvent
from ..models import REDISTRIBUTION_REASONS, Assignment, DistributionDecision, Exclusion, Reason
from ..signals import case_redistributed
from .distribute import Request, _distribute_locked, _lock_region

NOT_ASSIGNED = _("Only a case held by a bailiff can be redistributed.")
UNKNOWN_REASON = _("Choose a lawful reason for redistribution.")
GROUND_NOT_ESTABLISHED = "ground_not_established"  # the code of the 409; the message says what is missing
REGION_REQUIRED = _("Name the enforcement district the case is transferred to.")
SAME_REGION = _("The case is already in this enforcement district.")
REGION_ONLY_FOR_TRANSFER = _("A new enforcement district is named only for a territorial transfer.")
REGION_CHANGED = _("The case moved to another enforcement district meanwhile: open it again.")
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


logger = logging.getLogger(__name__)


def _check_region(application: Application, reason: str, region: Region | None) -> None:
    if reason == Reason.TERRITORIAL_TRANSFER:
        if region is None:
            raise ValidationError({"region": [REGION_REQUIRED]})
        if region.pk == application.region_id:
            raise ValidationError({"region": [SAME_REGION]})
    elif region is not None:
        raise ValidationError({"region": [REGION_ONLY_FOR_TRANSFER]})


def _tell_lawyer_of_transfer(application: Application, old: Region, new: Region) -> None:
    """The in-app notice, written with the change; the e-mail copy goes after commit (notifications)."""
    lawyer = application.lawyer
    with translation.override(lawyer.language or settings.LANGUAGE_CODE):
        data = {"reference": application.reference, "from": str(old.name), "to": str(new.name)}
    notifications_create(items=[(lawyer, "case_region_changed", data,
                                 reverse("intake:application_detail", args=[application.pk]))])


def _take_back(application: Application, reason: str, by: User | None, note: str,
               region: Region | None = None) -> int:
    """End the active assignment and put the application back in the queue (of `region`, for a territorial
    transfer); the old bailiff's id."""
    assignment = Assignment.objects.select_for_update().get(application=application, is_active=True)
    assignment.is_active, assignment.ended_at, assignment.end_reason = False, timezone.now(), reason
    assignment.save(update_fields=["is_active", "ended_at", "end_reason"])
    before = application.status
    data = {"note": note, "reason": reason, "bailiff": assignment.bailiff_id}
    if region is not None:
        data.update({"region_from": application.region.code, "region_to": region.code})
        application.region = region
    application.status, application.assigned_bailiff = Status.ACCEPTED, None
    application.status_changed_at = timezone.now()
    application.save(update_fields=["status", "assigned_bailiff", "status_changed_at", "updated_at", "region"])
    audit_record(actor=by, obj=application, kind=AssignmentEvent.REDISTRIBUTION, before=before, after=Status.ACCEPTED,
                 data=data)
    return assignment.bailiff_id


@transaction.atomic
def application_redistribute(
    *, application: Application, reason: str, by: User | None, note: str = "", today: date | None = None,
    region: Region | None = None,
) -> DistributionDecision | None:
    """Take the case from its bailiff for a ground the registry shows on `today` and appoint another; never the
    same one. `territorial_transfer` names the new district (`region`): the case joins its rotation, the lawyer
    is told, and the decisions of both districts show it."""
    # Staff of the case's region (national: any); `by=None` is the system: the task that moves the cases of a
    # bailiff who left the rotation, and the daily release of held reassignments (chamber_portal.core.access).
    require_staff(application, by, system=True)
    today = today or timezone.localdate()
    if reason not in REDISTRIBUTION_REASONS:
        raise TransitionError(UNKNOWN_REASON, code="invalid_reason")
    _check_region(application, reason, region)
    # The regions first, as every distribution does, and two of them in the order of their ids: no deadlock
    # between transfers in opposite directions.
    region_ids = sorted({application.region_id} | ({region.pk} if region is not None else set()))
    queues = {region_id: _lock_region(region_id) for region_id in region_ids}
    application = (Application.objects.select_for_update(of=("self",)).select_related("region", "lawyer")
                   .get(pk=application.pk))
    if application.region_id not in queues:
        raise TransitionError(REGION_CHANGED, code="region_changed")
    if application.status not in (Status.ASSIGNED, Status.IN_ENFORCEMENT):
        raise TransitionError(NOT_ASSIGNED, code="not_assigned")
    _check_region(application, reason, region)
    bailiff = Bailiff.objects.get(pk=application.assigned_bailiff_id)
    if problem := ground_problem(bailiff, reason, today, case_region_id=application.region_id):
        raise TransitionError(problem, code=GROUND_NOT_ESTABLISHED)
    if reason == Reason.BREACH_CONFIRMED:
        _check_clause_12(application, application.assigned_bailiff_id, today)
    old_region = application.region
    previous = _take_back(application, reason, by, note, region)
    if region is not None:
        _tell_lawyer_of_transfer(application, old_region, region)
    exclusion = Exclusion.IN_BREACH if reason == Reason.BREACH_CONFIRMED else Exclusion.BEING_REPLACED
    from_region_id = old_region.pk if region is not None else None
    decisions = _distribute_locked(
        queues[application.region_id],
        [Request(application, reason, {previous: exclusion}, previous, by, from_region_id)], today,
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
        except TransitionError as error:
            # Already moved by someone else since the list was read, or the registry no longer shows the ground
            # (e.g. reinstated before this ran): the case stays.
            logger.info("Case %s not redistributed (%s): %s", application.pk, error.code, error.message)
            continue
    return count
