"""The monthly calculation index (MRP), by year, from the admin-editable table."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from .errors import TransitionError
from .models import MonthlyCalculationIndex

MRP_MISSING = _("The monthly calculation index for %(year)s is not set: an administrator must add it.")


def mrp_of(year: int) -> Decimal | None:
    """The MRP of the year, or None when the table does not have it yet."""
    return MonthlyCalculationIndex.objects.filter(year=year).values_list("amount_kzt", flat=True).first()


def mrp_amount(*, year: int) -> Decimal:
    amount = mrp_of(year)
    if amount is None:
        raise TransitionError(MRP_MISSING % {"year": year}, code="mrp_missing")
    return amount
