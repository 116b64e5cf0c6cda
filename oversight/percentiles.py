"""Percentiles of durations, in the database on PostgreSQL and in Python elsewhere (the SQLite demo).

`durations_percentiles` is the one function the figures call: on PostgreSQL it is one aggregate query
(`percentile_cont(p) WITHIN GROUP (ORDER BY days)`, grouped when asked, the total and the groups together with
GROUPING SETS); on SQLite, which has no ordered-set aggregates, it reads the (small) demo values and interpolates
the same way.
"""

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.db import connection
from django.db.models import Aggregate, Count, DurationField, ExpressionWrapper, F, FloatField, Func, QuerySet
from django.db.models.functions import Cast

SECONDS_PER_DAY = 86_400


class PercentileCont(Aggregate):
    """PostgreSQL's ordered-set aggregate: the continuous percentile (linear interpolation between ranks)."""

    function = "percentile_cont"
    name = "PercentileCont"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()
    allow_distinct = False

    def __init__(self, expression, fraction: float, **extra):
        fraction = float(fraction)
        if not 0 <= fraction <= 1:
            raise ValueError("A percentile's fraction lies between 0 and 1.")
        # A number, rendered into the SQL as such (never user input).
        super().__init__(expression, fraction=repr(fraction), **extra)


class EpochDays(Func):
    """An interval in days, as a float: EXTRACT(EPOCH FROM interval) / 86400 (PostgreSQL)."""

    template = f"(EXTRACT(EPOCH FROM %(expressions)s) / {SECONDS_PER_DAY}.0)"
    output_field = FloatField()


def percentile_cont(values: Sequence[float], fraction: float) -> float | None:
    """The same interpolation as PostgreSQL's percentile_cont over sorted `values`."""
    if not values:
        return None
    position = fraction * (len(values) - 1)
    low, high = math.floor(position), math.ceil(position)
    return values[low] + (values[high] - values[low]) * (position - low)


@dataclass(frozen=True)
class Percentiles:
    count: int
    values: tuple[float | None, ...]  # one per fraction, in days


def _days(start, end) -> float:
    return (end - start).total_seconds() / SECONDS_PER_DAY


def _python(rows: Iterable[tuple], fractions: Sequence[float]) -> dict:
    groups: dict = {}
    for group, start, end in rows:
        if start is None or end is None:
            continue
        if isinstance(end, date) and not isinstance(end, datetime) and isinstance(start, datetime):
            start = start.date()
        groups.setdefault(group, []).append(_days(start, end))
    result = {}
    for group, values in groups.items():
        values.sort()
        result[group] = Percentiles(len(values), tuple(percentile_cont(values, f) for f in fractions))
    return result


def _grouping_sets(qs: QuerySet, days, group_by: str, fractions: Sequence[float]) -> dict:
    """PostgreSQL: the total and the groups in one scan, GROUP BY GROUPING SETS ((group), ()), around the ORM's SQL
    of the rows (the ORM has no grouping sets)."""
    inner = qs.annotate(span_days=days).values_list(group_by, "span_days")
    sql, params = inner.query.sql_with_params()
    # One sort per grouping set for all the fractions: percentile_cont(array) returns an array.
    outer = ("SELECT GROUPING(s.grp), s.grp, COUNT(*), percentile_cont(%s::float8[]) WITHIN GROUP (ORDER BY s.days) "
             f"FROM ({sql}) AS s(grp, days) GROUP BY GROUPING SETS ((s.grp), ())")
    with connection.cursor() as cursor:
        cursor.execute(outer, [list(fractions), *params])
        rows = cursor.fetchall()
    return {None if total else group: Percentiles(n, tuple(values)) for total, group, n, values in rows if n}


def durations_percentiles(qs: QuerySet, *, start, end, fractions: Sequence[float] = (0.5, 0.9),
                          group_by: str | None = None, with_total: bool = False) -> dict:
    """Percentiles of `end - start` in days over the rows of `qs`, per value of `group_by`, and under the key None
    over all rows (without `group_by`, or with `with_total`). `start` and `end` are expressions of the same kind
    (two datetimes, or two dates). Rows missing either are left out. Returns {group: Percentiles}; a group with
    no rows is absent."""
    qs = qs.order_by().annotate(span_start=start, span_end=end).exclude(span_start=None).exclude(span_end=None)
    if connection.vendor != "postgresql":
        fields = [group_by, "span_start", "span_end"] if group_by else ["span_start", "span_end"]
        rows = list(qs.values_list(*fields))
        result = _python(rows if group_by else ((None, *row) for row in rows), fractions)
        if group_by and with_total:
            result.update(_python(((None, *row[1:]) for row in rows), fractions))
        return result
    days = EpochDays(ExpressionWrapper(F("span_end") - F("span_start"), output_field=DurationField()))
    if group_by and with_total:
        return _grouping_sets(qs, days, group_by, fractions)
    aggregates = {f"p{i}": PercentileCont(days, f) for i, f in enumerate(fractions)}
    aggregates["n"] = Count("*")
    if group_by:
        rows = qs.values(group_by).annotate(**aggregates).order_by()
        return {row[group_by]: Percentiles(row["n"], tuple(row[f"p{i}"] for i in range(len(fractions))))
                for row in rows}
    row = qs.aggregate(**aggregates)
    if not row["n"]:
        return {}
    return {None: Percentiles(row["n"], tuple(row[f"p{i}"] for i in range(len(fractions))))}


def duration_rows(qs: QuerySet, *, start, end, group_by: str) -> QuerySet:
    """PostgreSQL: (group, days) of each row of `qs` with both ends, the days exactly as durations_percentiles
    orders them (EpochDays, as float8): what the daily summaries store and the live days add to them."""
    qs = qs.order_by().annotate(span_start=start, span_end=end).exclude(span_start=None).exclude(span_end=None)
    days = EpochDays(ExpressionWrapper(F("span_end") - F("span_start"), output_field=DurationField()))
    return qs.annotate(span_days=Cast(days, FloatField())).values_list(group_by, "span_days")
