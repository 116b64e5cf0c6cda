from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BailiffsConfig(AppConfig):
    name = "bailiffs"
    verbose_name = _("Bailiff registry")
