from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "chamber_portal.documents"
    label = "documents"
    verbose_name = _("Documents with legal effect")

    def ready(self) -> None:
        # Each domain app's issued_documents.py registers its kinds (what they say) and its objects (who sees
        # them), as admin.py modules register with the admin: this app never imports the apps above it.
        autodiscover_modules("issued_documents")
