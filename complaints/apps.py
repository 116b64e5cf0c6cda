from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "complaints"
    verbose_name = _("Complaints and Clause 12")

    def ready(self) -> None:
        from assignment.services import register_guard

        from .guards import breach_decision_in_force

        register_guard(breach_decision_in_force)
        from .case_page import register as register_case_panels

        register_case_panels()  # clause 12 on intake's case page (chamber_portal/core/case_page.py)
        from . import notices, receivers  # noqa: F401  (the notice kinds register)
