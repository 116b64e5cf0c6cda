from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Demo data. It sits above every domain app, so it may import them all."""

    name = "demo"
    label = "demo"
    verbose_name = _("Demo data")
