"""Periods of the figures: whole local days (Asia/Almaty), from one date to another, both included."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone


@dataclass(frozen=True)
class Period:
    since: date
    until: date

    @classmethod
    def month_of(cls, day: date, *, up_to: date | None = None) -> "Period":
        """The calendar month of `day`, up to `up_to` when that falls inside it (the current month so far)."""
        first = day.replace(day=1)
        last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        if up_to is not None and first <= up_to < last:
            last = up_to
        return cls(first, last)

    @classmethod
    def current_month(cls, today: date | None = None) -> "Period":
        today = today or timezone.localdate()
        return cls.month_of(today, up_to=today)

    @classmethod
    def previous_month(cls, today: date | None = None) -> "Period":
        today = today or timezone.localdate()
        return cls.month_of(today.replace(day=1) - timedelta(days=1))

    @property
    def start(self) -> datetime:
        """The first instant of the period, aware, in the current time zone (Asia/Almaty)."""
        return timezone.make_aware(datetime.combine(self.since, time.min))

    @property
    def end(self) -> datetime:
        """The first instant after the period (exclusive bound)."""
        return timezone.make_aware(datetime.combine(self.until + timedelta(days=1), time.min))

    @property
    def days(self) -> int:
        return (self.until - self.since).days + 1
