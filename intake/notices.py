"""Intake's notice kinds, registered with the notification centre at start-up (IntakeConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from chamber_portal.core.notifications import register_notice_kinds

register_notice_kinds(
    topic="applications",
    label=_("My applications: original registered, accepted, returned, lapsed"),
    messages={
        "application_original_registered": _("The Chamber registered the paper original of %(reference)s."),
        "application_accepted": _("Application %(reference)s is accepted; a bailiff is being appointed."),
        "application_returned": _("Application %(reference)s is returned to you: see the reason."),
        "application_lapsed": _("Application %(reference)s lapsed: the paper original did not arrive in time."),
        "power_of_attorney_expiring": _(
            "Your standing power of attorney for the claimant %(creditor)s is valid until "
            "%(date)s: upload a new one, or that claimant's applications will need one each."),
    },
    # The lawyer's e-mail about a status event (intake.tasks.lawyer_email) is fuller than the generic one.
    own_email=["application_original_registered", "application_accepted", "application_returned",
               "application_lapsed"],
)
