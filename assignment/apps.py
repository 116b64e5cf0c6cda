from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssignmentConfig(AppConfig):
    name = "assignment"
    verbose_name = _("Distribution of cases to bailiffs")

    def ready(self) -> None:
        from . import home, metrics, receivers  # noqa: F401  (home panel and /metrics figures register)
