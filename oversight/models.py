"""Daily summaries of the oversight figures (issue 15): what a past day's events add to any period's figures.

Kept by the hourly beat task (oversight.tasks.daily_summaries_task, summaries.daily_summaries_update) from the
append-only logs; the figures read them for the days they cover and compute the rest (today, a day not yet
summarised) live, so a summary only makes a figure faster, never different. docs/adr/0009 defines the figures.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SummarisedDay(models.Model):
    """A day (Asia/Almaty) whose summary rows are written. `final` once they were computed after the day was
    over (with a margin for transactions that began before midnight): only then do the figures trust them."""

    day = models.DateField(_("day"), primary_key=True)
    computed_at = models.DateTimeField(_("computed at"))
    final = models.BooleanField(_("final"), default=False)

    class Meta:
        ordering = ["day"]
        verbose_name = _("summarised day")
        verbose_name_plural = _("summarised days")

    def __str__(self) -> str:
        return self.day.isoformat()


class DailyDistribution(models.Model):
    """One day's distribution decisions in a region, per bailiff: how many the bailiff received (`cases`) and in
    how many he or she was in the draw (`in_draw`, from each decision's candidate list)."""

    day = models.DateField(_("day"))
    region = models.ForeignKey("core.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+")
    # The id in the decision log (chosen, or in the candidate list); the log keeps it, so no foreign key here.
    bailiff_id = models.BigIntegerField(_("bailiff"))
    cases = models.PositiveIntegerField(_("cases received"), default=0)
    in_draw = models.PositiveIntegerField(_("decisions in the draw"), default=0)

    class Meta:
        ordering = ["day", "region", "bailiff_id"]
        constraints = [models.UniqueConstraint(fields=["day", "region", "bailiff_id"], name="daily_distribution_key")]
        verbose_name = _("daily distribution")
        verbose_name_plural = _("daily distributions")

    def __str__(self) -> str:
        return f"{self.day} {self.region_id} {self.bailiff_id}: {self.cases}/{self.in_draw}"


class DailyDurations(models.Model):
    """One day's milestone in a region (docs/adr/0009: original received, accepted, bailiff assigned, proceedings
    initiated on that day): the days each took since submission, by whole day (`bucket`), as PostgreSQL computes
    them, sorted. The period's median and 90th percentile are then found from the counts per bucket, reading the
    values of only the buckets that hold them (figures._milestones_summarised)."""

    day = models.DateField(_("day"))
    milestone = models.CharField(_("milestone"), max_length=20)
    region = models.ForeignKey("core.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+")
    bucket = models.IntegerField(_("whole days"))  # floor of the duration in days
    count = models.PositiveIntegerField(_("count"))
    durations = models.JSONField(_("durations in days"), default=list)  # sorted floats

    class Meta:
        ordering = ["milestone", "day", "region", "bucket"]
        constraints = [models.UniqueConstraint(fields=["milestone", "day", "region", "bucket"],
                                               name="daily_durations_key")]
        # The counts of a period without reading the rows (their durations make them wide).
        indexes = [models.Index(fields=["milestone", "day", "region", "bucket", "count"],
                                name="daily_durations_counts")]
        verbose_name = _("daily durations")
        verbose_name_plural = _("daily durations")

    def __str__(self) -> str:
        return f"{self.milestone} {self.day} {self.region_id} [{self.bucket}]: {self.count}"
