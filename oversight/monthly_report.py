"""The monthly report of a regional chamber to the Republican Chamber (issue 8): what came in, what was
distributed and to whom, how the bailiffs worked the cases, the money recovered, complaints, breach decisions
and inspections, for one calendar month of Asia/Almaty.

Every figure is an aggregate query grouped by region, so the report for one region and the report for all
twenty cost the same dozen queries. What counts in the month, figure by figure:

- received: applications submitted in the month (`submitted_at`); originals registered: paper originals
  received in the month (`original_received_at`, the time staff recorded); accepted: `accepted_at`;
- returned, lapsed: applications whose final status was reached in the month (`status_changed_at`: both
  statuses are final, so it is the moment of the return or of the lapse);
- distributed: distribution decisions taken in the month (`at`), new or redistributed by reason; per bailiff,
  the decisions that chose him or her, and the spread (most − fewest among the bailiffs who received cases);
- initiation: decisions on initiation made in the month (initiated, or refused), on time if made by the due
  date; and the cases whose due date fell in the month with no decision by the month's end;
- cases closed: assignments closed in the month (`closed_at`), by outcome;
- recovered: payments dated in the month (`date`), in tenge;
- complaints filed (`filed_at`) and decided (`decided_at`, by outcome) in the month;
- breach decisions that entered into force in the month (`effective_on`), unless an appeal holds or set them
  aside (their appeal status as it is now);
- inspections ordered (`ordered_on`) and completed (`completed_on`, by outcome) in the month.

Cases count in the region they were distributed in (the decision's region); applications, complaints and
inspections in their own region.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db.models import Count, Q, Sum
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from assignment.models import ActionKind, Assignment, DistributionDecision, EnforcementAction, Outcome, Reason
from assignment.rules import INITIATED_LATE_Q, INITIATED_ON_TIME_Q, REFUSED_LATE_Q, REFUSED_ON_TIME_Q
from chamber_portal.core.models import Region
from complaints.models import BreachDecision, Complaint, DecisionBody, DecisionOutcome
from complaints.rules import decision_stands_q
from inspections.models import Inspection, InspectionOutcome
from intake.models import Application, ReturnReason, Status

# Rules No. 652 are applied by regional chambers in Kazakhstan: a month starts at midnight in Almaty,
# whatever time zone the server runs in.
ALMATY = ZoneInfo("Asia/Almaty")


@dataclass(frozen=True)
class Month:
    first: date

    @classmethod
    def of(cls, year: int, month: int) -> Month:
        return cls(date(year, month, 1))

    @property
    def next_first(self) -> date:
        return date(self.first.year + self.first.month // 12, self.first.month % 12 + 1, 1)

    @property
    def previous(self) -> Month:
        return Month(date(self.first.year - (self.first.month == 1), (self.first.month - 2) % 12 + 1, 1))

    @property
    def start(self) -> datetime:
        return datetime.combine(self.first, time.min, tzinfo=ALMATY)

    @property
    def end(self) -> datetime:
        """The first instant of the next month (exclusive)."""
        return datetime.combine(self.next_first, time.min, tzinfo=ALMATY)

    def instants(self, name: str) -> Q:
        """A DateTimeField in the month."""
        return Q(**{f"{name}__gte": self.start, f"{name}__lt": self.end})

    def days(self, name: str) -> Q:
        """A DateField in the month."""
        return Q(**{f"{name}__gte": self.first, f"{name}__lt": self.next_first})

    def __str__(self) -> str:
        return formats.date_format(self.first, "YEAR_MONTH_FORMAT")


@dataclass
class BailiffLine:
    bailiff_id: int
    name: str
    licence_number: str
    distributed: int


@dataclass
class MonthlyFigures:
    """One region's month (or the sum over regions: `region` None, no per-bailiff lines)."""

    region: Region | None
    month: Month
    received: int = 0
    originals_registered: int = 0
    accepted: int = 0
    returned: int = 0
    returned_by_reason: dict[str, int] = field(default_factory=dict)
    lapsed: int = 0
    distributed: int = 0
    distributed_by_reason: dict[str, int] = field(default_factory=dict)
    per_bailiff: list[BailiffLine] = field(default_factory=list)
    initiated_on_time: int = 0
    initiated_late: int = 0
    refused_on_time: int = 0
    refused_late: int = 0
    undecided_past_due: int = 0
    closed: int = 0
    closed_by_outcome: dict[str, int] = field(default_factory=dict)
    payments: int = 0
    recovered_kzt: Decimal = Decimal("0.00")
    complaints_filed: int = 0
    complaints_decided: int = 0
    complaints_by_outcome: dict[str, int] = field(default_factory=dict)
    breach_decisions_in_force: int = 0
    breach_decisions_by_body: dict[str, int] = field(default_factory=dict)
    inspections_ordered: int = 0
    inspections_completed: int = 0
    inspections_by_outcome: dict[str, int] = field(default_factory=dict)

    @property
    def distributed_new(self) -> int:
        return self.distributed_by_reason.get(Reason.NEW, 0)

    @property
    def redistributed(self) -> int:
        return self.distributed - self.distributed_new

    @property
    def spread(self) -> int | None:
        """Most minus fewest cases among the bailiffs who received any in the month."""
        counts = [line.distributed for line in self.per_bailiff]
        return max(counts) - min(counts) if counts else None

    def add(self, other: MonthlyFigures) -> None:
        """Add another region's figures to these (the all-regions total)."""
        for item in fields(self):
            mine, theirs = getattr(self, item.name), getattr(other, item.name)
            if isinstance(mine, dict):
                for key, value in theirs.items():
                    mine[key] = mine.get(key, 0) + value
            elif isinstance(mine, (int, Decimal)) and not isinstance(mine, bool):
                setattr(self, item.name, mine + theirs)


@dataclass
class MonthlyReport:
    month: Month
    regions: list[MonthlyFigures]
    # The sum over every region: only for the all-regions report.
    total: MonthlyFigures | None = None


def monthly_report(*, month: Month, region: Region | None = None) -> MonthlyReport:
    """The figures of one region, or (`region` None) of every region with their total."""
    regions = [region] if region is not None else list(Region.objects.order_by("code"))
    figures = {r.pk: MonthlyFigures(region=r, month=month) for r in regions}
    scope = [region.pk] if region is not None else None
    for collect in (_intake, _distribution, _initiation, _closing, _recovery, _complaints, _breaches, _inspections):
        collect(figures, month, scope)
    report = MonthlyReport(month=month, regions=[figures[r.pk] for r in regions])
    if region is None:
        report.total = MonthlyFigures(region=None, month=month)
        for item in report.regions:
            report.total.add(item)
    return report


def _scoped(qs, scope: list[int] | None, name: str):
    return qs if scope is None else qs.filter(**{f"{name}__in": scope})


def _into(figures: dict[int, MonthlyFigures], rows, region_key: str, **targets: str) -> None:
    """Copy grouped counts onto the regions' figures: targets map a figure to the row's column."""
    for row in rows:
        item = figures.get(row[region_key])
        if item is None:
            continue
        for name, column in targets.items():
            setattr(item, name, row[column] or 0)


def _by_key(figures: dict[int, MonthlyFigures], rows, region_key: str, key: str, target: str) -> None:
    """Grouped counts (region, key) into a figure's dict."""
    for row in rows:
        item = figures.get(row[region_key])
        if item is not None and row["n"]:
            getattr(item, target)[row[key]] = row["n"]


def _intake(figures, month: Month, scope) -> None:
    apps = _scoped(Application.objects.all(), scope, "region_id").order_by()
    ended = {status: Q(status=status) & month.instants("status_changed_at") for status in
             (Status.RETURNED, Status.LAPSED)}
    rows = (
        apps.filter(month.instants("submitted_at") | month.instants("original_received_at")
                    | month.instants("accepted_at") | ended[Status.RETURNED] | ended[Status.LAPSED])
        .values("region_id")
        .annotate(
            received=Count("id", filter=month.instants("submitted_at")),
            originals=Count("id", filter=month.instants("original_received_at")),
            accepted=Count("id", filter=month.instants("accepted_at")),
            returned=Count("id", filter=ended[Status.RETURNED]),
            lapsed=Count("id", filter=ended[Status.LAPSED]),
        )
    )
    _into(figures, rows, "region_id", received="received", originals_registered="originals", accepted="accepted",
          returned="returned", lapsed="lapsed")
    reasons = apps.filter(ended[Status.RETURNED]).values("region_id", "return_reason").annotate(n=Count("id"))
    _by_key(figures, reasons, "region_id", "return_reason", "returned_by_reason")


def _distribution(figures, month: Month, scope) -> None:
    decisions = _scoped(DistributionDecision.objects.all(), scope, "region_id").filter(month.instants("at")) \
        .order_by()
    by_reason = decisions.values("region_id", "reason").annotate(n=Count("id"))
    _by_key(figures, by_reason, "region_id", "reason", "distributed_by_reason")
    for item in figures.values():
        item.distributed = sum(item.distributed_by_reason.values())
    per_bailiff = (
        decisions.values("region_id", "chosen_id", "chosen__full_name", "chosen__licence_number")
        .annotate(n=Count("id"))
        .order_by("region_id", "-n", "chosen__full_name", "chosen_id")
    )
    for row in per_bailiff:
        if item := figures.get(row["region_id"]):
            item.per_bailiff.append(BailiffLine(row["chosen_id"], row["chosen__full_name"],
                                                row["chosen__licence_number"], row["n"]))


def _initiation(figures, month: Month, scope) -> None:
    assignments = _scoped(Assignment.objects.all(), scope, "decision__region_id").order_by()
    initiated = month.days("initiated_on")
    refused = Q(outcome=Outcome.REFUSED_TO_INITIATE) & month.instants("closed_at")
    # Due in the month, and at the month's end still held with neither an initiation nor a closing.
    undecided = (
        month.days("initiation_due")
        & (Q(initiated_on=None) | Q(initiated_on__gte=month.next_first))
        & (Q(closed_at=None) | Q(closed_at__gte=month.end))
        & (Q(ended_at=None) | Q(ended_at__gte=month.end))
    )
    rows = (
        assignments.filter(initiated | refused | month.days("initiation_due"))
        .values("decision__region_id")
        .annotate(
            on_time=Count("id", filter=initiated & INITIATED_ON_TIME_Q),
            late=Count("id", filter=initiated & INITIATED_LATE_Q),
            refused_on_time=Count("id", filter=refused & REFUSED_ON_TIME_Q),
            refused_late=Count("id", filter=refused & REFUSED_LATE_Q),
            undecided=Count("id", filter=undecided),
        )
    )
    _into(figures, rows, "decision__region_id", initiated_on_time="on_time", initiated_late="late",
          refused_on_time="refused_on_time", refused_late="refused_late", undecided_past_due="undecided")


def _closing(figures, month: Month, scope) -> None:
    rows = (
        _scoped(Assignment.objects.all(), scope, "decision__region_id")
        .filter(month.instants("closed_at")).exclude(outcome="")
        .order_by().values("decision__region_id", "outcome").annotate(n=Count("id"))
    )
    _by_key(figures, rows, "decision__region_id", "outcome", "closed_by_outcome")
    for item in figures.values():
        item.closed = sum(item.closed_by_outcome.values())


def _recovery(figures, month: Month, scope) -> None:
    rows = (
        _scoped(EnforcementAction.objects.all(), scope, "assignment__decision__region_id")
        .filter(month.days("date"), kind=ActionKind.PAYMENT)
        .order_by().values("assignment__decision__region_id")
        # A reversal is not a payment, but its negated amount nets the month's sum (docs/adr/0011).
        .annotate(payments=Count("id", filter=Q(reverses=None)), recovered=Sum("amount_kzt"))
    )
    for row in rows:
        if item := figures.get(row["assignment__decision__region_id"]):
            item.payments = row["payments"]
            item.recovered_kzt = row["recovered"] or Decimal("0.00")


def _complaints(figures, month: Month, scope) -> None:
    complaints = _scoped(Complaint.objects.all(), scope, "region_id").order_by()
    decided = month.instants("decided_at") & ~Q(outcome="")
    rows = (
        complaints.filter(month.instants("filed_at") | decided).values("region_id")
        .annotate(filed=Count("id", filter=month.instants("filed_at")), decided=Count("id", filter=decided))
    )
    _into(figures, rows, "region_id", complaints_filed="filed", complaints_decided="decided")
    outcomes = complaints.filter(decided).values("region_id", "outcome").annotate(n=Count("id"))
    _by_key(figures, outcomes, "region_id", "outcome", "complaints_by_outcome")


def _breaches(figures, month: Month, scope) -> None:
    rows = (
        _scoped(BreachDecision.objects.all(), scope, "application__region_id")
        .filter(month.days("effective_on"))
        .filter(decision_stands_q())
        .order_by().values("application__region_id", "body").annotate(n=Count("id"))
    )
    _by_key(figures, rows, "application__region_id", "body", "breach_decisions_by_body")
    for item in figures.values():
        item.breach_decisions_in_force = sum(item.breach_decisions_by_body.values())


def _inspections(figures, month: Month, scope) -> None:
    inspections = _scoped(Inspection.objects.all(), scope, "region_id").order_by()
    completed = month.days("completed_on")
    rows = (
        inspections.filter(month.days("ordered_on") | completed).values("region_id")
        .annotate(ordered=Count("id", filter=month.days("ordered_on")), completed=Count("id", filter=completed))
    )
    _into(figures, rows, "region_id", inspections_ordered="ordered", inspections_completed="completed")
    outcomes = inspections.filter(completed).exclude(outcome="").values("region_id", "outcome").annotate(n=Count("id"))
    _by_key(figures, outcomes, "region_id", "outcome", "inspections_by_outcome")


# --- the report as tables (the HTML page and the XLSX share them) --------------------------------------


@dataclass
class Section:
    key: str
    title: object
    headers: list
    rows: list[list] = field(default_factory=list)


def _choices(counts: dict[str, int], choices, *, exclude: tuple = ()) -> list[list]:
    """One line per choice, in the enumeration's order, zeros included: the layout is the same every month."""
    return [[f"— {label}", counts.get(value, 0)] for value, label in choices.choices if value not in exclude]


def report_sections(item: MonthlyFigures) -> list[Section]:
    figure, value = _("Figure"), _("Value")
    sections = [
        Section("intake", _("Applications"), [figure, value], [
            [_("Received (submitted)"), item.received],
            [_("Paper originals registered"), item.originals_registered],
            [_("Accepted"), item.accepted],
            [_("Returned"), item.returned],
            *_choices(item.returned_by_reason, ReturnReason),
            [_("Lapsed: the original did not arrive"), item.lapsed],
        ]),
        Section("distribution", _("Distribution"), [figure, value], [
            [_("Distributed"), item.distributed],
            [_("— new enforcement documents"), item.distributed_new],
            [_("— redistributed"), item.redistributed],
            *[[f"   {label}", item.distributed_by_reason.get(reason, 0)] for reason, label in Reason.choices
              if reason != Reason.NEW],
        ]),
    ]
    if item.region is not None:
        sections.append(Section("bailiffs", _("Cases per bailiff"), [_("Bailiff"), _("Licence"), _("Cases")], [
            *[[line.name, line.licence_number, line.distributed] for line in item.per_bailiff],
            [_("Spread (most − fewest)"), "", item.spread if item.spread is not None else "—"],
        ]))
    sections += [
        Section("initiation", _("Decisions on initiation"), [figure, value], [
            [_("Initiated on time"), item.initiated_on_time],
            [_("Initiated late"), item.initiated_late],
            [_("Refused on time"), item.refused_on_time],
            [_("Refused late"), item.refused_late],
            [_("Due in the month, no decision by its end"), item.undecided_past_due],
        ]),
        Section("closing", _("Cases closed"), [figure, value], [
            [_("Closed"), item.closed],
            *_choices(item.closed_by_outcome, Outcome),
        ]),
        Section("recovery", _("Amounts recovered"), [figure, value], [
            [_("Payments received"), item.payments],
            [_("Recovered, tenge"), item.recovered_kzt],
        ]),
        Section("complaints", _("Complaints"), [figure, value], [
            [_("Filed"), item.complaints_filed],
            [_("Decided"), item.complaints_decided],
            *_choices(item.complaints_by_outcome, DecisionOutcome),
        ]),
        Section("breaches", _("Breach decisions in force"), [figure, value], [
            [_("Entered into force in the month"), item.breach_decisions_in_force],
            *_choices(item.breach_decisions_by_body, DecisionBody),
        ]),
        Section("inspections", _("Inspections"), [figure, value], [
            [_("Ordered"), item.inspections_ordered],
            [_("Completed"), item.inspections_completed],
            *_choices(item.inspections_by_outcome, InspectionOutcome),
        ]),
    ]
    return sections


# The all-regions overview: one line per region.
OVERVIEW = [
    (_("Received"), lambda f: f.received),
    (_("Accepted"), lambda f: f.accepted),
    (_("Returned"), lambda f: f.returned),
    (_("Lapsed"), lambda f: f.lapsed),
    (_("Distributed"), lambda f: f.distributed),
    (_("Initiated late"), lambda f: f.initiated_late),
    (_("Closed"), lambda f: f.closed),
    (_("Recovered, tenge"), lambda f: f.recovered_kzt),
    (_("Complaints filed"), lambda f: f.complaints_filed),
    (_("Breach decisions in force"), lambda f: f.breach_decisions_in_force),
    (_("Inspections ordered"), lambda f: f.inspections_ordered),
]


def overview_section(report: MonthlyReport) -> Section:
    rows = [[f"{item.region.code} {item.region.name}", *(get(item) for _label, get in OVERVIEW)]
            for item in report.regions]
    if report.total is not None:
        rows.append([_("All regions"), *(get(report.total) for _label, get in OVERVIEW)])
    return Section("overview", _("By region"), [_("Region"), *(label for label, _get in OVERVIEW)], rows)
