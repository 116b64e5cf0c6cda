from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarExceptionKind(models.TextChoices):
    WORKING_DAY = "working_day", _("Working day (transferred)")
    DAY_OFF = "day_off", _("Day off (additional or transferred)")


class CalendarException(models.Model):
    """A day that differs from the public-holiday calendar: the Government decrees transfers each year."""

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=CalendarExceptionKind.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["-date"]
        verbose_name = _("calendar exception")
        verbose_name_plural = _("calendar exceptions")

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()}"
