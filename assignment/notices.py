"""Distribution's and the workspace's notice kinds, registered with the notification centre at start-up
(AssignmentConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from chamber_portal.core.notifications import register_notice_kinds

register_notice_kinds(
    topic="cases",
    label=_("Cases: appointment of a bailiff, initiation, closing"),
    messages={
        "case_assigned": _("Case %(reference)s was distributed to you."),
        "bailiff_appointed": _("A bailiff is appointed to your application %(reference)s: %(bailiff)s."),
        "case_initiated": _(
            "Enforcement proceedings on %(reference)s are initiated: decision № %(number)s of %(date)s."),
        "case_closed": _("Enforcement of %(reference)s is finished."),
        "case_region_changed": _("Case %(reference)s is transferred from %(from)s to the enforcement district %(to)s: "
                                 "a bailiff there is appointed by its rotation."),
    },
    # E-mailed by assignment.tasks (the appointment) and intake.tasks (initiation, closing) with a fuller text.
    own_email=["case_assigned", "bailiff_appointed", "case_initiated", "case_closed"],
)
