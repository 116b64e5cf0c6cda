"""Grounds that the registry proves (Rules No. 652; docs/domain.md §1 (c); docs/adr/0010).

A case leaves its bailiff for a reason of the bailiff's own only if the registry shows that reason on the day:
a suspension, termination or exclusion in force, an absence (leave, illness) of more than one calendar month
covering the day, or a transfer to another district. `ground_problem` is the one place that says so; the
redistribution service calls it on every path (web, API, the registry's own receivers, commands, tasks).
A change of enforcement district (`territorial_transfer`) and a breach decision in force (Clause 12) are not
the registry's to prove: the redistribution service checks those itself.
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext_lazy as _

from .models import Bailiff, BailiffPause, BailiffStatus, BailiffStatusChange, ChamberHead, PauseReason

# The redistribution reasons (assignment.models.Reason) whose ground is in the registry, and the status each
# needs. Plain strings: the registry does not import the apps above it.
STATUS_GROUNDS = {
    "licence_suspended": BailiffStatus.SUSPENDED,
    "licence_terminated": BailiffStatus.TERMINATED,
    "excluded": BailiffStatus.EXCLUDED,
}
ABSENT_OVER_MONTH = "absent_over_month"
TRANSFERRED = "transferred"
REGISTRY_GROUNDS = (*STATUS_GROUNDS, ABSENT_OVER_MONTH, TRANSFERRED)

# An absence is leave or illness. A clause 17 pause is the chamber head's administrative duty, not an absence;
# "other" says nothing the law recognises as absence (ADR 0010). Both still keep the bailiff out of the draw.
ABSENCE_REASONS = (PauseReason.LEAVE, PauseReason.ILLNESS)

NO_SUSPENSION = _("The registry shows no suspension of the licence of %(name)s in force on %(date)s.")
NO_TERMINATION = _("The registry shows no termination of the licence of %(name)s in force on %(date)s.")
NO_EXCLUSION = _("The registry shows no exclusion of %(name)s from the Chamber in force on %(date)s.")
NO_ABSENCE = _(
    "The registry shows no absence of %(name)s (leave or illness) on %(date)s: record the pause first."
)
ABSENCE_NOT_OVER_A_MONTH = _(
    "The registry shows an absence of %(name)s from %(start)s to %(end)s, which is not more than one calendar "
    "month: the case can move only when the absence lasts beyond %(month_end)s."
)
NO_TRANSFER = _(
    "The registry shows no transfer of %(name)s to another district in force on %(date)s: the bailiff works in "
    "the case's district."
)
STATUS_MESSAGES = {
    BailiffStatus.SUSPENDED: NO_SUSPENSION,
    BailiffStatus.TERMINATED: NO_TERMINATION,
    BailiffStatus.EXCLUDED: NO_EXCLUSION,
}


def _day(value: date) -> str:
    return value.strftime("%d.%m.%Y")


def add_months(day: date, months: int = 1) -> date:
    """The same day `months` calendar months later; the month's last day where it has no such day
    (31 January + 1 month = 28 or 29 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def over_a_month(starts_on: date, ends_on: date) -> bool:
    """Absent on every day from `starts_on` to `ends_on` (both included) for more than one calendar month:
    3 January – 2 February is exactly one month, 3 January – 3 February is more."""
    return ends_on >= add_months(starts_on, 1)


@dataclass(frozen=True)
class RegistryState:
    status: str
    region_id: int
    since: date | None  # the day the status or district took effect; None: as registered


def state_on(bailiff: Bailiff, day: date) -> RegistryState:
    """The bailiff's status and district as the registry shows them on `day`: the last change that took effect
    by then. A bailiff with no recorded change is as the registry row says (registered before the records)."""
    changes = BailiffStatusChange.objects.filter(bailiff=bailiff).order_by("effective_on", "id")
    last = changes.filter(effective_on__lte=day).last()
    if last is not None:
        return RegistryState(last.status, last.region_id, last.effective_on)
    first = changes.first()
    if first is not None:  # every recorded change is later: the day is before the first of them
        return RegistryState(first.previous_status, first.previous_region_id, None)
    return RegistryState(bailiff.status, bailiff.region_id, None)


def absence_on(bailiff: Bailiff, day: date) -> tuple[date, date] | None:
    """The absence covering `day`: the leave or illness pause that covers it together with every pause that
    adjoins it, before or after, without a day between (consecutive pauses add up). None if absent no day."""
    periods = list(
        BailiffPause.objects.filter(bailiff=bailiff, reason__in=ABSENCE_REASONS)
        .order_by("starts_on").values_list("starts_on", "ends_on")
    )
    chains: list[list[date]] = []
    for starts_on, ends_on in periods:
        if chains and starts_on <= chains[-1][1] + timedelta(days=1):
            chains[-1][1] = max(chains[-1][1], ends_on)
        else:
            chains.append([starts_on, ends_on])
    for starts_on, ends_on in chains:
        if starts_on <= day <= ends_on:
            return starts_on, ends_on
    return None


def heads_chamber(bailiff: Bailiff, region_id: int, starts_on: date, ends_on: date) -> bool:
    """Whether the bailiff heads the chamber of the region on every day from `starts_on` to `ends_on`."""
    covered_until = starts_on - timedelta(days=1)
    terms = ChamberHead.objects.filter(bailiff=bailiff, region_id=region_id, from_date__lte=ends_on).order_by(
        "from_date")
    for term in terms:
        if term.from_date > covered_until + timedelta(days=1):
            return False  # a day without the headship
        if term.until_date is None:
            return True
        covered_until = max(covered_until, term.until_date)
        if covered_until >= ends_on:
            return True
    return False


def ground_problem(bailiff: Bailiff, reason: str, today: date, *, case_region_id: int | None = None) -> str | None:
    """What the registry lacks for redistributing a case of `bailiff` for `reason` on `today`, in words staff
    can act on; None when the registry shows the ground (or `reason` is not a registry ground).
    `case_region_id`: the case's district, for a transfer (the bailiff now works in another one)."""
    if reason not in REGISTRY_GROUNDS:
        return None
    names = {"name": bailiff.full_name, "date": _day(today)}
    if reason in STATUS_GROUNDS:
        needed = STATUS_GROUNDS[reason]
        return None if state_on(bailiff, today).status == needed else str(STATUS_MESSAGES[needed] % names)
    if reason == ABSENT_OVER_MONTH:
        span = absence_on(bailiff, today)
        if span is None:
            return str(NO_ABSENCE % names)
        if not over_a_month(*span):
            # The last day of the first month: absent beyond it, the absence is over a month.
            month_end = add_months(span[0], 1) - timedelta(days=1)
            return str(ABSENCE_NOT_OVER_A_MONTH % {**names, "start": _day(span[0]), "end": _day(span[1]),
                                                   "month_end": _day(month_end)})
        return None
    state = state_on(bailiff, today)
    moved = case_region_id is not None and state.region_id != case_region_id
    return None if moved or state.status == BailiffStatus.TRANSFERRED else str(NO_TRANSFER % names)
