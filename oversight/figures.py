"""The Chamber's dashboard figures over a period and a scope (one region, or all). docs/adr/0009 defines each.

Every figure is an aggregate query over an indexed range (a period of a milestone's date), grouped by region
when the scope is national, so the number of queries is fixed: it depends neither on the number of
applications nor on the number of bailiffs.
"""

import math
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import connection
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assignment.models import Assignment, Reason
from assignment.rules import initiation_late_q, initiation_overdue_q
from assignment.selectors import decisions_visible_to
from chamber_portal.core.models import Region, User
from chamber_portal.core.working_days import working_days_since
from complaints.selectors import ComplaintFigures, complaint_figures, complaints_visible_to
from inspections.models import InspectionOutcome, InspectionStatus
from inspections.selectors import inspections_visible_to
from intake.models import Application, Category, Status
from intake.selectors import applications_visible_to

from .evenness import RegionCases, cases_per_bailiff
from .percentiles import Percentiles, duration_rows, durations_percentiles
from .periods import Period
from .summaries import summarised_through

MEDIAN, P90 = 0.5, 0.9


@dataclass(frozen=True)
class Scope:
    """What the figures cover: one region, or every region (`region` None: national staff's view)."""

    region: Region | None
    regions: list[Region]

    @property
    def national(self) -> bool:
        return self.region is None

    def filter(self, qs, field_name: str = "region_id"):
        return qs if self.region is None else qs.filter(**{field_name: self.region.pk})


@dataclass
class Milestone:
    key: str
    label: str
    overall: Percentiles | None
    by_region: dict[int, Percentiles] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return self.overall.count if self.overall else 0

    @property
    def median(self) -> float | None:
        return self.overall.values[0] if self.overall else None

    @property
    def p90(self) -> float | None:
        return self.overall.values[1] if self.overall else None


@dataclass
class Overdue:
    originals: int = 0  # submitted, past the deadline for the paper original, not lapsed yet
    lapsed: int = 0  # lapsed: the original's deadline fell in the period and it never came
    acceptances: int = 0  # original received, neither accepted nor returned within N working days
    initiations: int = 0  # assigned, no decision on initiation, past initiation_due
    initiations_due: int = 0  # initiation due in the period
    initiations_late: int = 0  # of those: decided after the due date, or still undecided past it


@dataclass
class InspectionFigures:
    ordered: int = 0  # ordered in the period
    completed: int = 0  # completed in the period
    violations_found: int = 0  # of those completed in the period
    no_violations: int = 0
    open: int = 0  # ordered or in progress now


@dataclass
class RegionRow:
    region: Region
    submitted: int = 0
    accepted: int = 0
    assigned: int = 0
    to_assignment_median: float | None = None
    overdue: Overdue = field(default_factory=Overdue)
    spread: int | None = None
    complaints: int = 0
    breaches: int = 0
    inspections_open: int = 0


@dataclass
class Dashboard:
    scope: Scope
    period: Period
    today: date
    acceptance_cutoff: date
    counts: dict[tuple[str, str], int]  # (status, category) -> applications submitted in the period
    milestones: list[Milestone]
    overdue: Overdue
    distribution: dict[int, RegionCases]
    complaints: ComplaintFigures
    inspections: InspectionFigures
    regions: list[RegionRow]

    @property
    def submitted(self) -> int:
        return sum(self.counts.values())

    def by_status(self) -> list[tuple[str, str, int]]:
        totals: dict[str, int] = {}
        for (status, _category), n in self.counts.items():
            totals[status] = totals.get(status, 0) + n
        return [(value, label, totals.get(value, 0)) for value, label in Status.choices if value != Status.DRAFT]

    def by_category(self) -> list[tuple[str, str, int]]:
        totals: dict[str, int] = {}
        for (_status, category), n in self.counts.items():
            totals[category] = totals.get(category, 0) + n
        return [(value, label, totals.get(value, 0)) for value, label in Category.choices]

    def matrix(self) -> list[dict]:
        """Rows by status, a column per category, for the table under the status and category charts."""
        rows = []
        for value, label, total in self.by_status():
            rows.append({"status": value, "label": label, "total": total,
                         "cells": [self.counts.get((value, category), 0) for category in Category.values]})
        return rows

    @property
    def to_assignment(self) -> Milestone:
        return next(m for m in self.milestones if m.key == "assigned")

    @property
    def region_cases(self) -> RegionCases | None:
        return self.distribution.get(self.scope.region.pk) if self.scope.region else None


def scope_for(user: User, region: Region | None = None) -> Scope:
    """Regional staff: their region, whatever was asked. National staff (and administrators): the region
    asked for, else all."""
    regions = list(Region.objects.order_by("code"))
    if user.region_id is not None:
        region = next(r for r in regions if r.pk == user.region_id)
    return Scope(region=region, regions=[region] if region else regions)


def acceptance_cutoff(today: date) -> date:
    """The latest day on which an original may have been received and now be overdue for acceptance: more
    than INTAKE_ACCEPTANCE_DUE_WORKING_DAYS working days have passed since (the day of receipt not counted,
    today not over yet)."""
    n = settings.INTAKE_ACCEPTANCE_DUE_WORKING_DAYS
    yesterday = today - timedelta(days=1)
    days = [yesterday - timedelta(days=i) for i in range(0, 3 * n + 30)]
    for day, elapsed in zip(days, working_days_since(days, yesterday), strict=True):
        if elapsed >= n:
            return day
    return days[-1]


def _aware(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _counts(user: User, scope: Scope, period: Period) -> dict[tuple[int, str, str], int]:
    qs = scope.filter(applications_visible_to(user)).filter(submitted_at__gte=period.start, submitted_at__lt=period.end)
    rows = qs.order_by().values_list("region_id", "status", "category").annotate(n=Count("*"))
    return {(region_id, status, category): n for region_id, status, category, n in rows}


def milestone_plan(applications, decisions, assignments, period: Period) -> list[tuple]:
    """(key, label, rows of the period, region field, start, end) of each milestone, from querysets already scoped."""
    return [
        ("original_received", _("Original received"),
         applications.filter(original_received_at__gte=period.start, original_received_at__lt=period.end),
         "region_id", F("submitted_at"), F("original_received_at")),
        ("accepted", _("Accepted"),
         applications.filter(accepted_at__gte=period.start, accepted_at__lt=period.end),
         "region_id", F("submitted_at"), F("accepted_at")),
        # The first assignment: the decision for a new document (a redistribution is not a first assignment).
        ("assigned", _("Bailiff assigned"),
         decisions.filter(at__gte=period.start, at__lt=period.end),
         "region_id", F("application__submitted_at"), F("at")),
        # initiated_on is a date: whole days from the local day of submission.
        ("initiated", _("Proceedings initiated"),
         assignments.filter(initiated_on__gte=period.since, initiated_on__lte=period.until),
         "application__region_id", TruncDate("application__submitted_at"), F("initiated_on")),
    ]


def _milestones(user: User, scope: Scope, period: Period) -> list[Milestone]:
    # Scoped by region (scope_for is the staff member's access rule); a draft never has these dates, so the
    # selector's only other condition (no drafts) is left out and the indexes need not hold the status.
    applications = scope.filter(Application.objects.all())
    decisions = scope.filter(decisions_visible_to(user).filter(reason=Reason.NEW))
    assignments = scope.filter(Assignment.objects.all(), "application__region_id")
    through = summarised_through(period) if connection.vendor == "postgresql" else period.since - timedelta(days=1)
    if through >= period.since:
        return _milestones_summarised(scope, period, through, applications, decisions, assignments)
    milestones = []
    for key, label, qs, region_field, start, end in milestone_plan(applications, decisions, assignments, period):
        # National: the total and each region's figures in one query.
        figures = durations_percentiles(qs, start=start, end=end, fractions=(MEDIAN, P90),
                                        group_by=region_field if scope.national else None, with_total=True)
        overall = figures.pop(None, None)
        milestones.append(Milestone(key, label, overall, figures))
    return milestones


def _milestones_summarised(scope: Scope, period: Period, through: date, applications, decisions, assignments
                           ) -> list[Milestone]:
    """The same percentiles from the daily summaries of since..through and the live rows of the days after: the
    counts per whole day locate each percentile's two ranks, and only the durations of those buckets are read."""
    from .models import DailyDurations

    live_period = Period(through + timedelta(days=1), period.until) if through < period.until else None
    live_plan = milestone_plan(applications, decisions, assignments, live_period) if live_period else None
    milestones = []
    for index, (key, label, *_rest) in enumerate(milestone_plan(applications, decisions, assignments, period)):
        summary = scope.filter(DailyDurations.objects.filter(milestone=key, day__gte=period.since, day__lte=through))
        counts: dict = {}  # group (region id; None: all) -> {bucket: n}
        for region_id, bucket, n in (summary.order_by().values_list("region_id", "bucket")
                                     .annotate(n=Sum("count"))):
            for group in ((region_id, None) if scope.national else (None,)):
                counts.setdefault(group, {}).setdefault(bucket, 0)
                counts[group][bucket] += n
        live: list[tuple[int, float]] = []
        if live_plan:
            _key, _label, qs, region_field, start, end = live_plan[index]
            live = list(duration_rows(qs, start=start, end=end, group_by=region_field))
            for region_id, days in live:
                for group in ((region_id, None) if scope.national else (None,)):
                    counts.setdefault(group, {}).setdefault(math.floor(days), 0)
                    counts[group][math.floor(days)] += 1
        # Which bucket holds each needed rank, per group.
        wanted: dict = {}  # group -> {rank: (bucket, rank within the bucket)}
        for group, buckets in counts.items():
            total = sum(buckets.values())
            ranks = {r for f in (MEDIAN, P90) for r in (math.floor(f * (total - 1)), math.ceil(f * (total - 1)))}
            seen, where = 0, {}
            for bucket in sorted(buckets):
                for rank in ranks:
                    if seen <= rank < seen + buckets[bucket]:
                        where[rank] = (bucket, rank - seen)
                seen += buckets[bucket]
            wanted[group] = where
        needed = {(group, bucket) for group, where in wanted.items() for bucket, _r in where.values()}
        values: dict = {}  # (group, bucket) -> durations
        pairs = Q()
        for group, bucket in needed:
            pairs |= Q(bucket=bucket) if group is None else Q(region_id=group, bucket=bucket)
        stored = summary.filter(pairs).values_list("region_id", "bucket", "durations") if needed else []
        for region_id, bucket, durations in stored:
            for group in (region_id, None):
                if (group, bucket) in needed:
                    values.setdefault((group, bucket), []).extend(durations)
        for region_id, days in live:
            for group in (region_id, None):
                if (group, math.floor(days)) in needed:
                    values.setdefault((group, math.floor(days)), []).append(days)
        for durations in values.values():
            durations.sort()
        figures = {}
        for group, buckets in counts.items():
            total = sum(buckets.values())
            if not total:
                continue
            result = []
            for fraction in (MEDIAN, P90):
                # PostgreSQL's percentile_cont: linear interpolation between the two ranks around f * (n - 1).
                position = fraction * (total - 1)
                low, high = math.floor(position), math.ceil(position)
                bucket, at = wanted[group][low]
                low_value = values[(group, bucket)][at]
                bucket, at = wanted[group][high]
                high_value = values[(group, bucket)][at]
                result.append(low_value + (high_value - low_value) * (position - low))
            figures[group] = Percentiles(total, tuple(result))
        overall = figures.pop(None, None)
        milestones.append(Milestone(key, label, overall, figures if scope.national else {}))
    return milestones


def _overdue(user: User, scope: Scope, period: Period, today: date, cutoff: date) -> dict[int, Overdue]:
    # One query per figure, each answered from its own (partial) index; every condition names its status.
    applications = scope.filter(Application.objects.order_by())

    def per_region(qs) -> dict[int, int]:
        return dict(qs.values_list("region_id").annotate(n=Count("*")))

    figures = {
        "originals": per_region(applications.filter(status=Status.SUBMITTED, original_due__lt=today)),
        "lapsed": per_region(applications.filter(status=Status.LAPSED, original_due__gte=period.since,
                                                 original_due__lte=period.until)),
        "acceptances": per_region(applications.filter(status=Status.ORIGINAL_RECEIVED,
                                                      original_received_at__lt=_aware(cutoff + timedelta(days=1)))),
    }
    result: dict[int, Overdue] = {}
    for name, counts in figures.items():
        for region_id, n in counts.items():
            setattr(result.setdefault(region_id, Overdue()), name, n)
    awaiting = initiation_overdue_q(today=today)
    due = Q(initiation_due__gte=period.since, initiation_due__lte=period.until)
    rows = (
        scope.filter(Assignment.objects.filter(awaiting | due), "application__region_id")
        .order_by().values("application__region_id")
        .annotate(overdue=Count("id", filter=awaiting), due=Count("id", filter=due),
                  late=Count("id", filter=due & initiation_late_q(today=today)))
    )
    for row in rows:
        overdue = result.setdefault(row["application__region_id"], Overdue())
        overdue.initiations, overdue.initiations_due = row["overdue"], row["due"]
        overdue.initiations_late = row["late"]
    return result


def _inspections(user: User, scope: Scope, period: Period) -> dict[int, InspectionFigures]:
    ordered = Q(ordered_on__gte=period.since, ordered_on__lte=period.until)
    completed = Q(completed_on__gte=period.since, completed_on__lte=period.until)
    still_open = Q(status__in=[InspectionStatus.ORDERED, InspectionStatus.IN_PROGRESS])
    rows = (
        scope.filter(inspections_visible_to(user)).filter(ordered | completed | still_open)
        .order_by().values("region_id")
        .annotate(ordered=Count("id", filter=ordered), completed=Count("id", filter=completed),
                  violations=Count("id", filter=completed & Q(outcome=InspectionOutcome.VIOLATIONS_FOUND)),
                  clean=Count("id", filter=completed & Q(outcome=InspectionOutcome.NO_VIOLATIONS)),
                  open=Count("id", filter=still_open))
    )
    return {row["region_id"]: InspectionFigures(row["ordered"], row["completed"], row["violations"], row["clean"],
                                                row["open"]) for row in rows}


def _sum(parts, cls):
    total = cls()
    for part in parts:
        for name in total.__dataclass_fields__:
            setattr(total, name, getattr(total, name) + getattr(part, name))
    return total


def dashboard_figures(user: User, scope: Scope, period: Period, *, today: date | None = None) -> Dashboard:
    today = today or timezone.localdate()
    cutoff = acceptance_cutoff(today)
    counts_by_region = _counts(user, scope, period)
    counts: dict[tuple[str, str], int] = {}
    for (_region, status, category), n in counts_by_region.items():
        counts[(status, category)] = counts.get((status, category), 0) + n
    milestones = _milestones(user, scope, period)
    overdue = _overdue(user, scope, period, today, cutoff)
    distribution = cases_per_bailiff(period, scope.regions)
    complaints_qs = scope.filter(complaints_visible_to(user))
    complaints = complaint_figures(complaints_qs, since=period.since, until=period.until)
    inspections = _inspections(user, scope, period)

    regions: list[RegionRow] = []
    if scope.national:
        by_milestone = {m.key: m.by_region for m in milestones}
        complaints_by_region = {row["region__code"]: row for row in complaints.per_region}
        for region in scope.regions:
            complaint_row = complaints_by_region.get(region.code, {})
            to_assignment = by_milestone["assigned"].get(region.pk)
            regions.append(RegionRow(
                region=region,
                submitted=sum(n for (r, _s, _c), n in counts_by_region.items() if r == region.pk),
                accepted=by_milestone["accepted"][region.pk].count if region.pk in by_milestone["accepted"] else 0,
                assigned=to_assignment.count if to_assignment else 0,
                to_assignment_median=to_assignment.values[0] if to_assignment else None,
                overdue=overdue.get(region.pk, Overdue()),
                spread=distribution[region.pk].spread,
                complaints=complaint_row.get("complaints", 0), breaches=complaint_row.get("breaches", 0),
                inspections_open=inspections[region.pk].open if region.pk in inspections else 0,
            ))
    return Dashboard(
        scope=scope, period=period, today=today, acceptance_cutoff=cutoff, counts=counts, milestones=milestones,
        overdue=_sum(overdue.values(), Overdue), distribution=distribution, complaints=complaints,
        inspections=_sum(inspections.values(), InspectionFigures), regions=regions,
    )
