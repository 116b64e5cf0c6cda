"""Clause 12 on other apps' pages: `{% load complaints_tags %}` then `{% clause12_panel application %}` on the
case page, and `{% clause12_missing application %}` where a redistribution for breach was refused.

Intake's and assignment's templates load this library by name, so neither imports complaints (docs/architecture.md §6).
"""

from django import template
from django.utils import timezone

from chamber_portal.core.access import acts_for_chamber
from intake.models import Status

from ..clause12 import attach_staff_forms, hold_of
from ..models import AppealStatus, BreachDecision, Complaint, ReassignmentStatus
from ..rules import decision_in_force, decision_set_aside, decision_stands
from ..selectors import breach_decisions_visible_to, complaints_visible_to, reassignments_visible_to

register = template.Library()


def _user(context):
    request = context.get("request")
    return request.user if request is not None else context.get("user")



@register.inclusion_tag("complaints/_clause12_panel.html", takes_context=True)
def clause12_panel(context, application):
    """For everyone who sees the case: a requested change of bailiff and why it waits, the breach decisions and
    the complaints on the case, the file's hand-over; the "Complain" button for the lawyer, the forms for staff.
    A view whose form failed puts it, bound, in `clause12_forms` (by prefix)."""
    user = _user(context)
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


@register.inclusion_tag("complaints/_clause12_missing.html")
def clause12_missing(application):
    """What is missing before the case may go to another bailiff for breach: the decision's entry into force
    (with its date), an appeal's result, the complaint's decision, or a decision at all."""
    bailiff = application.assigned_bailiff
    if bailiff is None:
        return {"show": False}
    today = timezone.localdate()
    decisions = list(BreachDecision.objects.filter(application=application, bailiff=bailiff))
    # Standing, with a date of entry into force still to come.
    waiting = sorted((d for d in decisions if decision_stands(d) and d.effective_on is not None
                      and not decision_in_force(d, on=today)), key=lambda d: d.effective_on)
    return {
        "show": True,
        "application": application,
        "bailiff": bailiff,
        "waiting": waiting,
        "appealed": [d for d in decisions if d.appeal_status == AppealStatus.PENDING],
        "set_aside": [d for d in decisions if decision_set_aside(d)],
        "open_complaints": list(Complaint.objects.filter(application=application, bailiff=bailiff,
                                                         status__in=["filed", "under_review"])),
        "none_recorded": not decisions,
    }



@register.filter
def in_force_today(decision: BreachDecision) -> bool:
    return decision_in_force(decision, on=timezone.localdate())
