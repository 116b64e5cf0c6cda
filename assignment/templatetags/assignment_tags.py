"""Assignment's own templates: `{% load assignment_tags %}`, then the labels of reasons and exclusions and
`{% distribution_for application %}` (why the case went to its bailiff).

The case page (intake's) shows the bailiff's workspace and the distribution from the case-page registry
(assignment/case_page.py, registered in AppConfig.ready): intake loads no tag library of the apps above it
(docs/architecture.md §6).
"""

from django import template

from ..case_page import DISTRIBUTION_TEMPLATE, distribution_context
from ..models import Exclusion, Reason
from ..selectors import sees_full_log

register = template.Library()


@register.inclusion_tag(DISTRIBUTION_TEMPLATE, takes_context=True)
def distribution_for(context, application):
    """Why the case went to its bailiff (assignment/case_page.py): the lawyer reads the rule and the count, staff
    every candidate."""
    return distribution_context(context, application)


@register.filter
def reason_label(value: str) -> str:
    return Reason(value).label if value in Reason.values else value


@register.filter
def exclusion_label(value: str) -> str:
    return Exclusion(value).label if value in Exclusion.values else value


@register.filter
def full_log(user) -> bool:
    return user is not None and sees_full_log(user)
