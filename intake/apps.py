from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "intake"
    verbose_name = _("Intake of enforcement applications")

    def ready(self) -> None:
        from . import home, metrics, notices  # noqa: F401  (register the home panel, the /metrics figures, the notices)
