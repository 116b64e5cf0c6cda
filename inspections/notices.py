"""The inspections' notice kinds, registered with the notification centre at start-up (InspectionsConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from chamber_portal.core.notifications import register_notice_kinds

register_notice_kinds(
    topic="inspections",
    label=_("Inspections"),
    messages={
        "inspection_ordered": _("An unscheduled inspection of your activity is ordered: № %(number)s of %(date)s."),
        "inspection_completed": _("The act of inspection № %(number)s is ready; objections may be filed by %(due)s."),
    },
)
