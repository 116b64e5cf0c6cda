from django.db import models
from django.utils.translation import gettext_lazy as _


class MonthlyCalculationIndex(models.Model):
    """The MRP of a year, in tenge. Thresholds are kept in MRP and converted with this table (docs/domain.md §1)."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    amount_kzt = models.DecimalField(_("amount, tenge"), max_digits=10, decimal_places=2)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("monthly calculation index (MRP)")
        verbose_name_plural = _("monthly calculation indices (MRP)")

    def __str__(self) -> str:
        return f"{self.year}: {self.amount_kzt} ₸"
