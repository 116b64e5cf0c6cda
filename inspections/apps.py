from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "inspections"
    verbose_name = _("Unscheduled inspections")

    def ready(self) -> None:
        from . import notices  # noqa: F401  (the notice kinds register)
