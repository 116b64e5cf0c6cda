from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "intake"
    verbose_name = _("Intake of enforcement applications")

    def ready(self) -> None:
        from . import home  # noqa: F401  (registers the home panel)
