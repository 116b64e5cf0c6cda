"""The distribution's and the workspace's rules of the law, each named once: the services, the selectors, the
replay and the figures call these.

- the rotation's order (Rules No. 652: every eligible bailiff of the region receives cases evenly; docs/adr/0005,
  rule `least_recently_assigned`): never assigned first, then the longest wait, ties by registry id,
  `rotation_key`;
- the initiation deadline (Rules No. 652: the bailiff decides on initiating enforcement proceedings within 3
  working days of receiving the document; docs/domain.md §1, "The bailiff's first step"), `initiation_due_on`;
  past it, an active assignment with neither an initiation nor a refusal is overdue, `initiation_overdue` and
  its queryset twin `initiation_overdue_q`; the decision was late when initiated or refused after that day, or
  is still overdue, `initiation_late` and `initiation_late_q` (what inspections and the dashboard count).
"""

from datetime import date

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from chamber_portal.core.working_days import add_working_days

from .models import Assignment, Outcome

# --- The rotation's order -----------------------------------------------------------------------------------

NEVER_ASSIGNED = -1  # a bailiff without a case in the region yet comes before every turn (turns start at 1)


def rotation_key(*, last_turn: int | None, bailiff_id: int) -> tuple[int, int]:
    """Where a bailiff stands in the rotation: sort the eligible by this, the first is the next to receive a case.

    The rotation's only state is each bailiff's last turn in the region (`BailiffTurn.last_turn`); the decision
    log records it per candidate, so the replay (`assignment.verify`) sorts by the same key.
    """
    return (NEVER_ASSIGNED if last_turn is None else last_turn, bailiff_id)


# --- The initiation deadline --------------------------------------------------------------------------------


def initiation_due_on(assigned_on: date) -> date:
    """The last day to decide on initiation: 3 working days (settings.INITIATION_DUE_WORKING_DAYS) after the day
    the case was assigned, on the Chamber's working-day calendar."""
    return add_working_days(assigned_on, settings.INITIATION_DUE_WORKING_DAYS)


def initiation_overdue(assignment: Assignment, *, today: date) -> bool:
    """The bailiff holds the case (active assignment), has neither initiated nor refused (no outcome), and the
    due day has passed: overdue from the day after `initiation_due`."""
    return bool(
        assignment.is_active and assignment.initiated_on is None and not assignment.outcome
        and assignment.initiation_due is not None and assignment.initiation_due < today
    )


def initiation_overdue_q(*, today: date, prefix: str = "") -> Q:
    """`initiation_overdue` for queries on Assignment; `prefix` reaches it from another model (`assignments__`
    from an application or a bailiff: one Q, so every condition is on the same assignment). The partial index
    `assignment_awaiting_initiation` serves it."""
    return Q(**{f"{prefix}is_active": True, f"{prefix}initiated_on": None, f"{prefix}outcome": "",
                f"{prefix}initiation_due__lt": today})


def initiation_late(assignment: Assignment, *, today: date) -> bool:
    """Initiated after the due day, refused after it (the day the refusal closed the case, in the portal's time
    zone), or still overdue on `today`."""
    due = assignment.initiation_due
    if due is not None and assignment.initiated_on is not None and assignment.initiated_on > due:
        return True
    if (due is not None and assignment.outcome == Outcome.REFUSED_TO_INITIATE and assignment.closed_at is not None
            and timezone.localdate(assignment.closed_at) > due):
        return True
    return initiation_overdue(assignment, today=today)


# Its parts, for figures that count each apart (the monthly report): initiated, or refused, on or before the due
# day or after it (a refusal dated by the day it closed the case, in the portal's time zone).
INITIATED_ON_TIME_Q = Q(initiated_on__lte=F("initiation_due"))
INITIATED_LATE_Q = Q(initiated_on__gt=F("initiation_due"))
REFUSED_ON_TIME_Q = Q(outcome=Outcome.REFUSED_TO_INITIATE, closed_at__date__lte=F("initiation_due"))
REFUSED_LATE_Q = Q(outcome=Outcome.REFUSED_TO_INITIATE, closed_at__date__gt=F("initiation_due"))


def initiation_late_q(*, today: date) -> Q:
    """`initiation_late` for queries on Assignment."""
    return INITIATED_LATE_Q | REFUSED_LATE_Q | initiation_overdue_q(today=today)
