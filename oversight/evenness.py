"""Cases distributed per bailiff in a period, and the spread: the evidence that distribution is even.

The source is the append-only decision log (assignment.DistributionDecision): one row per decision, with the
chosen bailiff and every candidate in the draw. The fairness rule (docs/adr/0005) promises that bailiffs who
are in the draw for every decision of a run receive counts that differ by at most one. So the spread is
computed over exactly those bailiffs ("in the draw throughout the period"); a bailiff who joined, was
paused, suspended or excluded from a decision for a conflict of interest is shown with the number of
decisions he or she was in the draw for, and left out of the spread (docs/adr/0009).
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db import connection
from django.db.models import Count, Q, Sum

from assignment.models import DistributionDecision
from bailiffs.models import Bailiff, BailiffStatus
from chamber_portal.core.models import Region

from .periods import Period


@dataclass
class BailiffCases:
    bailiff_id: int
    name: str
    active: bool
    cases: int = 0
    in_draw: int = 0  # decisions of the region in the period where the bailiff was a candidate
    throughout: bool = False


@dataclass
class RegionCases:
    region: Region
    decisions: int = 0
    bailiffs: list[BailiffCases] = field(default_factory=list)

    @property
    def even_set(self) -> list[BailiffCases]:
        return [b for b in self.bailiffs if b.throughout]

    @property
    def least(self) -> int | None:
        counts = [b.cases for b in self.even_set]
        return min(counts) if counts else None

    @property
    def most(self) -> int | None:
        counts = [b.cases for b in self.even_set]
        return max(counts) if counts else None

    @property
    def spread(self) -> int | None:
        """max − min cases among the bailiffs in the draw for every decision of the period; None with fewer than
        two such bailiffs (nothing to compare)."""
        return self.most - self.least if len(self.even_set) >= 2 else None

    @property
    def others(self) -> list[BailiffCases]:
        return [b for b in self.bailiffs if not b.throughout]


def _received(period: Period, region_ids: list[int] | None) -> dict[tuple[int, int], int]:
    """{(region, bailiff): decisions of the period in which the bailiff was chosen}, from the log."""
    qs = DistributionDecision.objects.filter(at__gte=period.start, at__lt=period.end)
    if region_ids is not None:
        qs = qs.filter(region_id__in=region_ids)
    received = qs.order_by().values_list("region_id", "chosen_id").annotate(n=Count("*"))
    return {(region_id, bailiff_id): n for region_id, bailiff_id, n in received}


def _candidacies(period: Period, region_ids: list[int] | None) -> dict[tuple[int, int], int]:
    """{(region, bailiff): decisions of the period in which the bailiff was a candidate}."""
    table = DistributionDecision._meta.db_table
    if connection.vendor == "postgresql":
        # One pass over the period's decisions, expanding each candidate list in the database.
        sql = (f'SELECT d.region_id, (c.value ->> \'bailiff\')::bigint, COUNT(*) FROM "{table}" d '
               "CROSS JOIN LATERAL jsonb_array_elements(d.candidates) c "
               "WHERE d.at >= %s AND d.at < %s")
        params: list = [period.start, period.end]
        if region_ids is not None:
            sql += " AND d.region_id = ANY(%s)"
            params.append(region_ids)
        sql += " GROUP BY 1, 2"
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return {(region_id, bailiff_id): n for region_id, bailiff_id, n in cursor.fetchall()}
    counts: dict[tuple[int, int], int] = {}
    qs = DistributionDecision.objects.filter(at__gte=period.start, at__lt=period.end)
    if region_ids is not None:
        qs = qs.filter(region_id__in=region_ids)
    for region_id, candidates in qs.values_list("region_id", "candidates").iterator():
        for entry in candidates or []:
            key = (region_id, entry["bailiff"])
            counts[key] = counts.get(key, 0) + 1
    return counts


def _cases_and_candidacies(period: Period, region_ids: list[int]) -> tuple[dict, dict]:
    """_received and _candidacies over the period: the days with a final daily summary (a run from the period's
    first day) from oversight.DailyDistribution, the rest (today, days not summarised) from the log. The same
    numbers either way: a day's summary is the log's, and the log only grows at the present."""
    from .models import DailyDistribution
    from .summaries import summarised_through

    through = summarised_through(period)
    cases: dict[tuple[int, int], int] = {}
    in_draw: dict[tuple[int, int], int] = {}
    if through >= period.since:
        rows = (DailyDistribution.objects.filter(day__gte=period.since, day__lte=through, region_id__in=region_ids)
                .order_by().values_list("region_id", "bailiff_id").annotate(cases=Sum("cases"), drawn=Sum("in_draw")))
        for region_id, bailiff_id, received, drawn in rows:
            if received:
                cases[(region_id, bailiff_id)] = received
            if drawn:
                in_draw[(region_id, bailiff_id)] = drawn
    if through < period.until:
        live = Period(through + timedelta(days=1), period.until)
        for totals, part in ((cases, _received(live, region_ids)), (in_draw, _candidacies(live, region_ids))):
            for key, n in part.items():
                totals[key] = totals.get(key, 0) + n
    return cases, in_draw


def cases_per_bailiff(period: Period, regions: list[Region], *, names_of_inactive: bool = True
                      ) -> dict[int, RegionCases]:
    """Per region (by id): decisions in the period and, per bailiff, the cases received and the decisions in
    the draw. Lists the region's active bailiffs and anyone who received a case or was in the draw. A fixed
    number of queries, whatever the number of bailiffs. With `names_of_inactive=False` a bailiff no longer
    active (not in the public registry) is listed without a name."""
    region_ids = [region.pk for region in regions]
    result = {region.pk: RegionCases(region) for region in regions}
    cases, in_draw = _cases_and_candidacies(period, region_ids)
    for (region_id, _bailiff), n in cases.items():
        result[region_id].decisions += n
    wanted = {bailiff_id for _region, bailiff_id in cases} | {bailiff_id for _region, bailiff_id in in_draw}
    people = Bailiff.objects.filter(Q(region_id__in=region_ids, status=BailiffStatus.ACTIVE) | Q(pk__in=wanted))
    info = {pk: (name, status, region_id) for pk, name, status, region_id in
            people.values_list("id", "full_name", "status", "region_id")}
    keys = set(cases) | set(in_draw)
    for pk, (_name, status, region_id) in info.items():
        if status == BailiffStatus.ACTIVE and region_id in result:
            keys.add((region_id, pk))
    for region_id, bailiff_id in sorted(keys):
        if region_id not in result or bailiff_id not in info:
            continue
        name, status, _home = info[bailiff_id]
        active = status == BailiffStatus.ACTIVE
        region_cases = result[region_id]
        drawn = in_draw.get((region_id, bailiff_id), 0)
        region_cases.bailiffs.append(BailiffCases(
            bailiff_id=bailiff_id, name=name if (active or names_of_inactive) else "", active=active,
            cases=cases.get((region_id, bailiff_id), 0), in_draw=drawn,
            throughout=region_cases.decisions > 0 and drawn == region_cases.decisions,
        ))
    for region_cases in result.values():
        region_cases.bailiffs.sort(key=lambda b: (not b.active, b.name, b.bailiff_id))
    return result
