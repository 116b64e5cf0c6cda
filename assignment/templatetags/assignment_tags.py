"""Distribution on other apps' pages: `{% load assignment_tags %}{% distribution_for application %}`.

Intake's templates load this library by name, so intake never imports assignment (DESIGN §6).
"""

from django import template

from ..models import Exclusion, Reason
from ..selectors import latest_decision_for, sees_full_log

register = template.Library()


@register.inclusion_tag("intake/_distribution.html", takes_context=True)
def distribution_for(context, application):
    """Why the case went to its bailiff: the lawyer reads the rule and the count, staff every candidate."""
    request = context.get("request")
    user = request.user if request is not None else context.get("user")
    decision = latest_decision_for(application, user) if user is not None else None
    return {"decision": decision, "application": application, "user": user}


@register.filter
def reason_label(value: str) -> str:
    return Reason(value).label if value in Reason.values else value


@register.filter
def exclusion_label(value: str) -> str:
    return Exclusion(value).label if value in Exclusion.values else value


@register.filter
def full_log(user) -> bool:
    return user is not None and sees_full_log(user)
