"""Unscheduled inspections of a bailiff's activity, ordered, run and recorded by the Chamber (docs/domain.md §1, §4)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chamber_portal.core.models.tracking import TracksUpdates


class Ground(models.TextChoices):
    COMPLAINTS = "complaints", _("Complaints about the bailiff")
    STATE_BODY = "state_body", _("A state body's request")
    MEDIA = "media", _("A media report")
    OWN_INITIATIVE = "own_initiative", _("The Chamber's own initiative")
    OTHER = "other", _("Other")


class InspectionStatus(models.TextChoices):
    ORDERED = "ordered", _("Ordered")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")


class InspectionOutcome(models.TextChoices):
    NO_VIOLATIONS = "no_violations", _("No violations")
    VIOLATIONS_FOUND = "violations_found", _("Violations found")


class PetitionOutcome(models.TextChoices):
    GRANTED = "granted", _("Granted: the licence is suspended")
    REFUSED = "refused", _("Refused")


class Inspection(TracksUpdates, models.Model):
    """One unscheduled inspection: the order, the sample of cases, the findings, the outcome and measures."""

    bailiff = models.ForeignKey("bailiffs.Bailiff", verbose_name=_("bailiff"), on_delete=models.PROTECT,
                                related_name="inspections")
    region = models.ForeignKey("core.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=16, choices=InspectionStatus.choices,
                              default=InspectionStatus.ORDERED)
    # Ground codes (Ground); more than one may apply.
    grounds = models.JSONField(_("grounds"), default=list)
    grounds_note = models.TextField(_("grounds in detail"), blank=True)
    complaints = models.ManyToManyField("complaints.Complaint", verbose_name=_("linked complaints"), blank=True,
                                        related_name="inspections")
    order_number = models.CharField(_("order number"), max_length=64)
    ordered_on = models.DateField(_("order date"))
    ordered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("ordered by"), on_delete=models.PROTECT,
                                   related_name="+")
    inspectors = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("inspectors"),
                                        related_name="inspections_assigned")
    period_from = models.DateField(_("activity examined from"))
    period_to = models.DateField(_("activity examined to"))
    planned_start = models.DateField(_("planned start"))
    planned_end = models.DateField(_("planned end"))
    sample_size = models.PositiveSmallIntegerField(_("cases drawn at random"), default=0)
    # The random draw is reproducible: the same seed over the same candidates gives the same cases.
    sample_seed = models.BigIntegerField(_("seed of the random draw"), null=True, blank=True)
    started_on = models.DateField(_("started on"), null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    findings = models.TextField(_("overall findings"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=24, choices=InspectionOutcome.choices, blank=True)
    # Measures.
    warning = models.BooleanField(_("warning issued"), default=False)
    referral = models.OneToOneField("complaints.DisciplinaryCase", verbose_name=_("referral to the disciplinary "
                                    "commission"), on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="inspection")
    # A petition goes to the licensor (the Ministry of Justice), who alone suspends a licence; staff record
    # its decision (ADR 0010).
    petition_suspend = models.BooleanField(_("petition to suspend the licence"), default=False)
    petition_outcome = models.CharField(_("licensor's decision on the petition"), max_length=8,
                                        choices=PetitionOutcome.choices, blank=True)
    petition_order_reference = models.CharField(_("licensor's order"), max_length=200, blank=True)
    petition_decided_on = models.DateField(_("licensor decided on"), null=True, blank=True)
    petition_carried_out_on = models.DateField(_("licence suspended on"), null=True, blank=True)
    objection_due = models.DateField(_("objections due by"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["-ordered_on", "-id"]
        indexes = [
            models.Index(fields=["region", "status", "-ordered_on"], name="inspection_region_status"),
            models.Index(fields=["bailiff", "-ordered_on"], name="inspection_bailiff"),
        ]
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")

    def __str__(self) -> str:
        return f"№ {self.order_number} ({self.ordered_on:%d.%m.%Y})"

    def ground_labels(self) -> list[str]:
        labels = dict(Ground.choices)
        return [str(labels.get(code, code)) for code in self.grounds]


class SampleSource(models.TextChoices):
    RANDOM = "random", _("Drawn at random")
    ADDED = "added", _("Added by staff")


class InspectedCase(models.Model):
    """A case examined by the inspection, with its finding."""

    inspection = models.ForeignKey(Inspection, verbose_name=_("inspection"), on_delete=models.CASCADE,
                                   related_name="cases")
    application = models.ForeignKey("intake.Application", verbose_name=_("case"), on_delete=models.PROTECT,
                                    related_name="+")
    source = models.CharField(_("how chosen"), max_length=8, choices=SampleSource.choices)
    finding = models.TextField(_("finding"), blank=True)
    violation = models.BooleanField(_("violation found"), null=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["inspection", "application"], name="inspected_case_once")]
        verbose_name = _("inspected case")
        verbose_name_plural = _("inspected cases")

    def __str__(self) -> str:
        return str(self.application_id)


class Objection(models.Model):
    """The bailiff's objections to the act, filed within the configured working days of its completion."""

    inspection = models.ForeignKey(Inspection, verbose_name=_("inspection"), on_delete=models.CASCADE,
                                   related_name="objections")
    text = models.TextField(_("objections"))
    filed_at = models.DateTimeField(_("filed at"), default=timezone.now)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("filed by"), on_delete=models.PROTECT,
                                 related_name="+")

    class Meta:
        ordering = ["filed_at", "id"]
        verbose_name = _("objection")
        verbose_name_plural = _("objections")

    def __str__(self) -> str:
        return f"{self.inspection_id}: {self.filed_at:%d.%m.%Y}"
