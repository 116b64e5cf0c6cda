from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chamber_portal.core.models.tracking import TracksUpdates


class BailiffStatus(models.TextChoices):
    # `paused` is not stored here: a pause is a period, and the bailiff is paused on the days it covers.
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Licence suspended")
    TERMINATED = "terminated", _("Licence terminated")
    EXCLUDED = "excluded", _("Excluded from the Chamber")
    # A transfer within the portal moves the bailiff to the new district, active there (bailiff_transfer);
    # this status is for a bailiff who left for a district outside the Chamber.
    TRANSFERRED = "transferred", _("Transferred to another district")


class Bailiff(TracksUpdates, models.Model):
    """A private bailiff in the Chamber's registry (docs/domain.md §4)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, related_name="bailiff"
    )
    full_name = models.CharField(_("full name"), max_length=200)
    iin = models.CharField(_("IIN"), max_length=12, blank=True)
    licence_number = models.CharField(_("licence number"), max_length=32, unique=True)
    licence_date = models.DateField(_("licence date"), null=True, blank=True)
    region = models.ForeignKey(
        "core.Region", verbose_name=_("enforcement district"), on_delete=models.PROTECT, related_name="bailiffs"
    )
    office_address = models.CharField(_("office address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    office_hours = models.CharField(_("office hours"), max_length=100, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=BailiffStatus.choices, default=BailiffStatus.ACTIVE
    )
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)

    class Meta:
        ordering = ["full_name", "id"]
        indexes = [models.Index(fields=["region", "status"], name="bailiff_region_status")]
        verbose_name = _("bailiff")
        verbose_name_plural = _("bailiffs")

    def __str__(self) -> str:
        return f"{self.full_name} ({self.licence_number})"


class PauseReason(models.TextChoices):
    LEAVE = "leave", _("Leave")
    ILLNESS = "illness", _("Illness")
    CLAUSE_17 = "clause_17", _("Administrative duties of the chamber's head (clause 17)")
    OTHER = "other", _("Other")


class BailiffPause(models.Model):
    """A period out of the draw for new cases (leave, illness, clause 17)."""

    bailiff = models.ForeignKey(Bailiff, verbose_name=_("bailiff"), on_delete=models.PROTECT, related_name="pauses")
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    reason = models.CharField(_("reason"), max_length=16, choices=PauseReason.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-id"]
        indexes = [models.Index(fields=["bailiff", "starts_on", "ends_on"], name="pause_bailiff_period")]
        verbose_name = _("pause")
        verbose_name_plural = _("pauses")

    def __str__(self) -> str:
        return f"{self.bailiff}: {self.starts_on:%d.%m.%Y}–{self.ends_on:%d.%m.%Y} ({self.get_reason_display()})"


class ConflictOfInterest(models.Model):
    """A person or company (by IIN/BIN) whose cases the bailiff must not receive."""

    bailiff = models.ForeignKey(
        Bailiff, verbose_name=_("bailiff"), on_delete=models.PROTECT, related_name="conflicts"
    )
    iin_bin = models.CharField(_("IIN/BIN"), max_length=12)
    note = models.CharField(_("why"), max_length=300)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["bailiff", "iin_bin"], name="conflict_bailiff_iin_bin")]
        verbose_name = _("declared conflict of interest")
        verbose_name_plural = _("declared conflicts of interest")

    def __str__(self) -> str:
        return f"{self.bailiff}: {self.iin_bin}"


class BailiffStatusChange(models.Model):
    """The registry's record of each change of a bailiff's status or district: the day it took effect and the
    order it rests on. What the registry shows on a day is read from these rows (bailiffs.grounds; ADR 0010)."""

    bailiff = models.ForeignKey(Bailiff, verbose_name=_("bailiff"), on_delete=models.PROTECT,
                                related_name="status_changes")
    previous_status = models.CharField(_("status before"), max_length=16, choices=BailiffStatus.choices)
    status = models.CharField(_("status"), max_length=16, choices=BailiffStatus.choices)
    previous_region = models.ForeignKey("core.Region", verbose_name=_("district before"), on_delete=models.PROTECT,
                                        related_name="+")
    region = models.ForeignKey("core.Region", verbose_name=_("enforcement district"), on_delete=models.PROTECT,
                               related_name="+")
    effective_on = models.DateField(_("takes effect on"))
    reason = models.CharField(_("grounds"), max_length=300, blank=True)
    # The licensor's (Ministry of Justice) order the Chamber acts on: its number and date (docs/domain.md §1).
    order_reference = models.CharField(_("licensor's order"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-effective_on", "-id"]
        indexes = [models.Index(fields=["bailiff", "effective_on"], name="status_change_bailiff_day")]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self) -> str:
        return f"{self.bailiff}: {self.get_status_display()} {self.effective_on:%d.%m.%Y}"


class ChamberHead(models.Model):
    """Who heads a regional chamber, and when: only the head may pause distribution to himself or herself for
    the chamber's administrative duties (Rules No. 652, clause 17). No two heads of a region at once."""

    region = models.ForeignKey("core.Region", verbose_name=_("regional chamber"), on_delete=models.PROTECT,
                               related_name="chamber_heads")
    bailiff = models.ForeignKey(Bailiff, verbose_name=_("head"), on_delete=models.PROTECT, related_name="headships")
    from_date = models.DateField(_("in office from"))
    until_date = models.DateField(_("in office until"), null=True, blank=True,
                                  help_text=_("Empty: heads the chamber now."))
    note = models.CharField(_("decision"), max_length=300, blank=True,
                            help_text=_("The decision electing or appointing the head, with its number and date."))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["region", "-from_date", "-id"]
        constraints = [
            # The services check overlaps under the region's lock; the database keeps one open term per region.
            models.UniqueConstraint(fields=["region"], condition=models.Q(until_date=None),
                                    name="chamber_head_one_open_term"),
            models.CheckConstraint(
                condition=models.Q(until_date=None) | models.Q(until_date__gte=models.F("from_date")),
                name="chamber_head_term_ordered",
            ),
        ]
        verbose_name = _("head of a regional chamber")
        verbose_name_plural = _("heads of regional chambers")

    def __str__(self) -> str:
        until = f"{self.until_date:%d.%m.%Y}" if self.until_date else "…"
        return f"{self.region_id}: {self.bailiff} {self.from_date:%d.%m.%Y}–{until}"
