from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightConfig(AppConfig):
    """The Chamber's dashboard and the public evenness page: reads over every domain app; writes only its daily
    summaries of them (models.py)."""

    name = "oversight"
    label = "oversight"
    verbose_name = _("Oversight")

    def ready(self) -> None:
        from . import signals

        signals.connect()
