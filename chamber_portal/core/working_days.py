"""Working days of the Republic of Kazakhstan, Asia/Almaty (docs/domain.md §2).

Public holidays come from the `holidays` package; the Government's yearly transfers (a Saturday worked,
a Monday off) come from the admin-editable CalendarException table, which wins over both.
"""

from datetime import date, timedelta
from functools import lru_cache

import holidays

from .models import CalendarException
from .models.calendar import CalendarExceptionKind


@lru_cache(maxsize=64)
def _public_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("KZ", years=year).keys())


def _exceptions(start: date, end: date) -> dict[date, str]:
    rows = CalendarException.objects.filter(date__range=(start, end)).values_list("date", "kind")
    return dict(rows)


def _is_working(day: date, exceptions: dict[date, str]) -> bool:
    kind = exceptions.get(day)
    if kind == CalendarExceptionKind.WORKING_DAY:
        return True
    if kind == CalendarExceptionKind.DAY_OFF:
        return False
    return day.weekday() < 5 and day not in _public_holidays(day.year)


def is_working_day(day: date) -> bool:
    return _is_working(day, _exceptions(day, day))


def add_working_days(start: date, n: int) -> date:
    """The date `n` working days after `start` (`start` itself not counted); `n == 0` gives `start`."""
    if n < 0:
        raise ValueError("n must not be negative")
    day, remaining = start, n
    while remaining:
        # One query per window: n working days fit in about 2n + 3 weeks even around New Year.
        window_end = day + timedelta(days=remaining * 2 + 21)
        exceptions = _exceptions(day, window_end)
        while remaining and day < window_end:
            day += timedelta(days=1)
            if _is_working(day, exceptions):
                remaining -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """How many working days lie after `start` up to and including `end` (0 when end <= start)."""
    if end <= start:
        return 0
    exceptions = _exceptions(start, end)
    return sum(_is_working(start + timedelta(days=i), exceptions) for i in range(1, (end - start).days + 1))


def working_days_since(starts: list[date], end: date) -> list[int]:
    """working_days_between(start, end) for many starts with one query (for the rows of a list)."""
    if not starts:
        return []
    first = min(starts)
    exceptions = _exceptions(first, end)
    # Working days after `first`, cumulative, so each start is a subtraction.
    cumulative, count, day = {first: 0}, 0, first
    while day < end:
        day += timedelta(days=1)
        count += _is_working(day, exceptions)
        cumulative[day] = count
    return [max(0, count - cumulative.get(start, count)) if start <= end else 0 for start in starts]
