"""Reads of the oversight pages: the staff dashboard (scoped to who asks) and the public evenness page."""

from dataclasses import dataclass
from datetime import date

from django.core.cache import cache
from django.utils import timezone

from chamber_portal.core.models import Region, User

from .evenness import RegionCases, cases_per_bailiff
from .figures import Dashboard, Scope, dashboard_figures, scope_for
from .periods import Period

__all__ = ["Dashboard", "Scope", "dashboard_for", "evenness_public", "evenness_public_cached", "scope_for"]

# The public page is anonymous: its figures (two months of decisions, ~0.25 s at 1M applications) are computed
# at most once per this many seconds per process, whoever asks.
EVENNESS_CACHE_SECONDS = 120


def dashboard_for(user: User, *, period: Period, region: Region | None = None, today: date | None = None
                  ) -> Dashboard:
    """The dashboard of a staff member: his or her region; national staff all regions, or the one chosen."""
    return dashboard_figures(user, scope_for(user, region), period, today=today)


@dataclass
class PublicRow:
    name: str  # "" for bailiffs no longer in the public registry, summed into one row
    current: int
    previous: int
    current_throughout: bool
    previous_throughout: bool


@dataclass
class PublicRegion:
    region: Region
    current: RegionCases
    previous: RegionCases
    rows: list[PublicRow]

    @property
    def has_data(self) -> bool:
        return bool(self.rows) or self.current.decisions > 0 or self.previous.decisions > 0


def evenness_public(today: date | None = None) -> tuple[Period, Period, list[PublicRegion]]:
    """Per region: cases per bailiff in the current month (so far) and the past one, and the spread.

    Public registry data only: active bailiffs by name; anyone no longer active is counted without a name."""
    today = today or timezone.localdate()
    current, previous = Period.current_month(today), Period.previous_month(today)
    regions = list(Region.objects.order_by("code"))
    now = cases_per_bailiff(current, regions, names_of_inactive=False)
    before = cases_per_bailiff(previous, regions, names_of_inactive=False)
    result = []
    for region in regions:
        rows: dict[int | str, PublicRow] = {}
        for period_key, region_cases in (("current", now[region.pk]), ("previous", before[region.pk])):
            for bailiff in region_cases.bailiffs:
                key = bailiff.bailiff_id if bailiff.active else "inactive"
                row = rows.setdefault(key, PublicRow(bailiff.name if bailiff.active else "", 0, 0, False, False))
                setattr(row, period_key, getattr(row, period_key) + bailiff.cases)
                if bailiff.active and bailiff.throughout:
                    setattr(row, f"{period_key}_throughout", True)
        ordered = sorted((row for row in rows.values() if row.name), key=lambda row: row.name)
        ordered += [row for row in rows.values() if not row.name and (row.current or row.previous)]
        result.append(PublicRegion(region, now[region.pk], before[region.pk], ordered))
    return current, previous, result


def evenness_public_cached(today: date | None = None) -> tuple[Period, Period, list[PublicRegion]]:
    today = today or timezone.localdate()
    return cache.get_or_set(f"oversight:evenness:{today.isoformat()}", lambda: evenness_public(today),
                            EVENNESS_CACHE_SECONDS)
