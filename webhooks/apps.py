from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    name = "webhooks"
    verbose_name = _("Webhooks of status events")

    def ready(self) -> None:
        from . import signals  # noqa: F401  (each status event of an application is offered to the webhooks)
