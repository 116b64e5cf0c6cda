"""Warnings for the Chamber's staff and administrators about reference data a new year needs.

In December next year's MRP (the state-claim threshold) and transferred working days (every deadline) are due;
a year that has begun without its MRP refuses state claims until an administrator adds it.
"""

from datetime import date

from django.utils.translation import gettext_lazy as _

from .models import CalendarException, MonthlyCalculationIndex, User

MRP_MISSING_NOW = _(
    "The MRP for %(year)s is not in the table: state claims are refused until an administrator adds it "
    "(Administration → Monthly calculation indices)."
)
MRP_MISSING_NEXT_YEAR = _(
    "The MRP for %(year)s is not in the table yet. From 1 January state claims are refused until an "
    "administrator adds it (Administration → Monthly calculation indices)."
)
CALENDAR_MISSING_NEXT_YEAR = _(
    "No transferred working days or extra days off are recorded for %(year)s. If the Government has decreed "
    "them, an administrator adds them (Administration → Calendar exceptions): every deadline counts them."
)


def reference_warnings(*, user: User, today: date) -> list[str]:
    if not (user.is_authenticated and (user.is_chamber_staff or user.is_administrator)):
        return []
    warnings = []
    years = set(MonthlyCalculationIndex.objects.filter(year__gte=today.year).values_list("year", flat=True))
    if today.year not in years:
        warnings.append(str(MRP_MISSING_NOW % {"year": today.year}))
    if today.month == 12:
        following = today.year + 1
        if following not in years:
            warnings.append(str(MRP_MISSING_NEXT_YEAR % {"year": following}))
        if not CalendarException.objects.filter(date__year=following).exists():
            warnings.append(str(CALENDAR_MISSING_NEXT_YEAR % {"year": following}))
    return warnings
