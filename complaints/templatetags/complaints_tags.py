"""Clause 12 on other apps' pages: `{% load complaints_tags %}` then `{% clause12_missing application %}` where a
redistribution for breach was refused (assignment's templates load this library by name, so assignment never
imports complaints: docs/architecture.md §6).

The case page (intake's) shows the clause 12 panel from the case-page registry (complaints/case_page.py, registered
in AppConfig.ready): intake loads no tag library of the apps above it.
"""

from django import template
from django.utils import timezone

from ..models import AppealStatus, BreachDecision, Complaint
from ..rules import decision_in_force, decision_set_aside, decision_stands

register = template.Library()


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
