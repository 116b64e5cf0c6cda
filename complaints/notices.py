"""The complaints' notice kinds, registered with the notification centre at start-up (ComplaintsConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from chamber_portal.core.notifications import register_notice_kinds

register_notice_kinds(
    topic="complaints",
    label=_("Complaints and changes of bailiff under clause 12"),
    messages={
        "complaint_filed": _("A complaint about your work on case %(reference)s was filed."),
        "complaint_decided": _("The complaint on case %(reference)s is decided."),
        "reassignment_released": _("Case %(reference)s went to another bailiff under clause 12."),
    },
)
