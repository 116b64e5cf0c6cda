from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssignmentConfig(AppConfig):
    name = "assignment"
    verbose_name = _("Distribution of cases to bailiffs")

    def ready(self) -> None:
        from bailiffs.selectors import register_load_figure

        from . import home, metrics, notices, receivers  # noqa: F401  (home panel, /metrics figures, notices register)
        from .rules import initiation_overdue_q

        # The registry's staff list shows each bailiff's overdue initiations; the rule is this app's.
        register_load_figure("overdue_initiations",
                             lambda today: initiation_overdue_q(today=today, prefix="assignments__"))
        # The bailiff's workspace and the distribution on intake's case page (chamber_portal/core/case_page.py).
        from .case_page import register as register_case_panels

        register_case_panels()
