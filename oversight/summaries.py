"""Daily summaries of the oversight figures (issue 15), written by the hourly beat task and read by the figures.

A day's summary is computed from the logs once the day is over (and again every hour until it is `final`, which
is when it was computed SETTLE after the day's end, so that a transaction begun before midnight has committed).
The figures use the final summaries of a run of days from the period's first day and compute the rest live, so
they are the same numbers as the direct queries (tests/oversight/test_daily_summaries.py compares them).

Derived data, like a cache: writing it changes no state of the portal and records no audit event.
"""

from datetime import date, datetime, timedelta

from django.db import connection, transaction
from django.db.models import Min
from django.utils import timezone

from assignment.models import DistributionDecision

from .models import DailyDistribution, DailyDurations, SummarisedDay
from .periods import Period

# A day's summary is final when computed this long after the day ended.
SETTLE = timedelta(minutes=10)


def summarised_through(period: Period) -> date:
    """The last day d (at most period.until) such that every day from period.since to d is summarised for good;
    period.since - 1 when none is. The summaries begin at the first decision's day (daily_summaries_update), and
    the log only grows at the present, so the days before the first summarised one had nothing to summarise."""
    first = SummarisedDay.objects.order_by("day").values_list("day", flat=True).first()
    if first is None:
        return period.since - timedelta(days=1)
    day = max(period.since, first)
    final = set(SummarisedDay.objects.filter(day__gte=day, day__lte=period.until, final=True)
                .values_list("day", flat=True))
    while day <= period.until and day in final:
        day += timedelta(days=1)
    return min(day - timedelta(days=1), period.until)


@transaction.atomic
def day_summarise(*, day: date, now: datetime | None = None) -> SummarisedDay:
    """(Re)write one day's summary rows from the decision log."""
    from .evenness import _candidacies, _received

    now = now or timezone.now()
    period = Period(day, day)
    # One summary writer per day at a time: a second one waits here, then rewrites the same rows.
    SummarisedDay.objects.get_or_create(day=day, defaults={"computed_at": now})
    summarised = SummarisedDay.objects.select_for_update().get(day=day)
    cases, in_draw = _received(period, None), _candidacies(period, None)
    if connection.vendor == "postgresql":
        _durations_summarise(day, period)
    DailyDistribution.objects.filter(day=day).delete()
    DailyDistribution.objects.bulk_create([
        DailyDistribution(day=day, region_id=key[0], bailiff_id=key[1], cases=cases.get(key, 0),
                          in_draw=in_draw.get(key, 0))
        for key in sorted(set(cases) | set(in_draw))
    ])
    summarised.computed_at, summarised.final = now, now >= period.end + SETTLE
    summarised.save(update_fields=["computed_at", "final"])
    return summarised


def _durations_summarise(day: date, period: Period) -> None:
    """The day's milestones per region and whole day of duration, with their sorted durations (PostgreSQL: on
    SQLite the demo's few rows are read directly)."""
    from assignment.models import Assignment, Reason
    from intake.models import Application

    from .figures import milestone_plan
    from .percentiles import duration_rows

    DailyDurations.objects.filter(day=day).delete()
    plan = milestone_plan(Application.objects.all(), DistributionDecision.objects.filter(reason=Reason.NEW),
                          Assignment.objects.all(), period)
    rows = []
    for key, _label, qs, region_field, start, end in plan:
        sql, params = duration_rows(qs, start=start, end=end, group_by=region_field).query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("SELECT s.grp, floor(s.days)::int, COUNT(*), "
                           "array_to_json(array_agg(s.days ORDER BY s.days)) "
                           f"FROM ({sql}) AS s(grp, days) GROUP BY 1, 2", params)
            rows += [DailyDurations(day=day, milestone=key, region_id=region_id, bucket=bucket, count=n,
                                    durations=durations) for region_id, bucket, n, durations in cursor.fetchall()]
    DailyDurations.objects.bulk_create(rows, batch_size=500)


def daily_summaries_update(*, now: datetime | None = None) -> int:
    """Summarise every past day (from the first decision's) that has no final summary yet: the catch-up after a
    new installation or an outage, and yesterday until its summary is final. Today stays live. Returns how many
    days were written."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    first = DistributionDecision.objects.aggregate(first=Min("at"))["first"]
    if first is None:
        return 0
    final = set(SummarisedDay.objects.filter(final=True).values_list("day", flat=True))
    day, written = timezone.localdate(first), 0
    while day < today:
        if day not in final:
            day_summarise(day=day, now=now)
            written += 1
        day += timedelta(days=1)
    return written
