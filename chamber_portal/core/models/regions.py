from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class RegionKind(models.TextChoices):
    CITY = "city", _("City of republican significance")
    OBLAST = "oblast", _("Region (oblast)")


class Region(models.Model):
    """An enforcement district: an oblast or a city of republican significance (docs/domain.md §2)."""

    code = models.CharField(_("ISO 3166-2 code"), max_length=5, unique=True)
    kind = models.CharField(_("kind"), max_length=8, choices=RegionKind.choices)
    name_ru = models.CharField(_("name (Russian)"), max_length=80)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=80)
    name_en = models.CharField(_("name (English)"), max_length=80)

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def name(self) -> str:
        language = (get_language() or "ru")[:2]
        return getattr(self, f"name_{language}", None) or self.name_ru

    @property
    def number(self) -> str:
        """The digits of the code, e.g. "75" for KZ-75 (used in application references)."""
        return self.code.split("-")[1]
