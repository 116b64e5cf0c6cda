"""The bailiff's panel on the home page: open cases, receipts to acknowledge and overdue initiations, each a
link to "My cases" filtered to them (one aggregate query)."""

from chamber_portal.core.home import register_panel
from intake.models import Status

from .selectors import case_status_counts, cases_of_bailiff


@register_panel
def workspace_panel(user):
    if not user.is_bailiff:
        return None
    counts = case_status_counts(cases_of_bailiff(user))
    return {
        "template": "workspace/home_panel.html",
        "open": counts[Status.ASSIGNED] + counts[Status.IN_ENFORCEMENT],
        "unacknowledged": counts["unacknowledged"],
        "overdue": counts["overdue"],
    }
