from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class BailiffStatus(models.TextChoices):
    # `paused` is not stored here: a pause is a period, and the bailiff is paused on the days it covers.
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Licence suspended")
    TERMINATED = "terminated", _("Licence terminated")
    EXCLUDED = "excluded", _("Excluded from the Chamber")
    TRANSFERRED = "transferred", _("Transferred to another district")


class Bailiff(models.Model):
    """A private bailiff in the Chamber's registry (DESIGN §4)."""

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
