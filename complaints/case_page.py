"""Complaints' panel on the case page (chamber_portal/core/case_page.py): clause 12, registered in
AppConfig.ready."""

from chamber_portal.core.access import acts_for_chamber
from chamber_portal.core.case_page import register_case_panel
from intake.models import Status

from .clause12 import attach_staff_forms, hold_of
from .models import ReassignmentStatus
from .selectors import breach_decisions_visible_to, complaints_visible_to, reassignments_visible_to

CLAUSE12_TEMPLATE = "complaints/_clause12_panel.html"


def clause12_context(context, application) -> dict:
    """For everyone who sees the case: a requested change of bailiff and why it waits, the breach decisions and
    the complaints on the case, the file's hand-over; the "Complain" button for the lawyer, the forms for staff.
    A view whose form failed puts it, bound, in `clause12_forms` (by prefix)."""
    request = context.get("request")
    user = request.user if request is not None else context.get("user")
    if user is None or not user.is_authenticated:
        return {"show": False}
    reassignments = list(reassignments_visible_to(user).filter(application=application)
                         .order_by("-requested_at", "-id"))
    reassignment = next((r for r in reassignments if r.status == ReassignmentStatus.HELD), None) or (
        reassignments[0] if reassignments else None)
    decisions = list(breach_decisions_visible_to(user).filter(application=application))
    complaints = list(complaints_visible_to(user).filter(application=application))
    staff = acts_for_chamber(user)
    if staff:
        attach_staff_forms(decisions, [reassignment] if reassignment else [], context.get("clause12_forms"))
    can_complain = (user.is_lawyer and application.lawyer_id == user.pk and application.assigned_bailiff_id
                    and application.status in (Status.ASSIGNED, Status.IN_ENFORCEMENT))
    can_register = staff and application.status in (Status.ASSIGNED, Status.IN_ENFORCEMENT, Status.CLOSED)
    return {
        "show": bool(reassignment or decisions or complaints or can_complain or can_register),
        "user": user,
        "application": application,
        "reassignment": reassignment,
        "hold": hold_of(reassignment, decisions) if reassignment else None,
        "decisions": decisions,
        "complaints": complaints,
        "can_complain": can_complain,
        "can_register": can_register,
        "staff": staff,
        "origin": "case",
    }


def register() -> None:
    register_case_panel(name="complaints.clause12", template=CLAUSE12_TEMPLATE, context=clause12_context, order=30)
