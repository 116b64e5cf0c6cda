from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "intake"
    verbose_name = _("Intake of enforcement applications")

    def ready(self) -> None:
        from . import home, metrics  # noqa: F401  (register the home panel and the /metrics figures)
