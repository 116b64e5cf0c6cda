"""What happens next, in words, for each status: shown in lists, on the detail page and in e-mails."""

from django.utils.translation import gettext_lazy as _

from .models import Status

FOR_LAWYER = {
    Status.DRAFT: _("Complete the application and submit it."),
    Status.SUBMITTED: _("Bring the paper original to the Chamber by the due date."),
    Status.AWAITING_DUPLICATE: _("Bring the court's duplicate to the Chamber when it is issued."),
    Status.ORIGINAL_RECEIVED: _("The Chamber is comparing the original with the application."),
    Status.ACCEPTED: _("The Chamber is appointing a bailiff."),
    Status.ASSIGNED: _("The bailiff decides on initiating enforcement within 3 working days."),
    Status.IN_ENFORCEMENT: _("The bailiff is enforcing the decision."),
    Status.CLOSED: _("Enforcement is finished."),
    Status.RETURNED: _("See the reason, correct it and file again from a copy."),
    Status.LAPSED: _("File again from a copy and bring the original in time."),
}

FOR_STAFF = {
    Status.SUBMITTED: _("Register the paper original when it arrives."),
    Status.AWAITING_DUPLICATE: _("Register the court's duplicate when it arrives."),
    Status.ORIGINAL_RECEIVED: _("Compare the original with the application, then accept or return."),
}


def next_step(application, user) -> str:
    return next_step_of(application.status, user)


def next_step_of(status: str, user) -> str:
    """next_step for a status, where a list has the status of a row rather than the application."""
    if user.is_lawyer:
        return FOR_LAWYER.get(status, "")
    return FOR_STAFF.get(status, "") or FOR_LAWYER.get(status, "")
