"""Distribution and the bailiff's workspace on other apps' pages: `{% load assignment_tags %}` then
`{% distribution_for application %}` and `{% workspace_panel application %}`.

Intake's templates load this library by name, so intake never imports assignment (docs/architecture.md §6).
"""

from django import template

from ..models import Exclusion, Reason
from ..selectors import latest_decision_for, sees_full_log, workspace_for
from ..services.workspace import housing_flagged
from ..workspace_forms import reverse_form, reversible, workspace_forms

register = template.Library()


@register.inclusion_tag("intake/_distribution.html", takes_context=True)
def distribution_for(context, application):
    """Why the case went to its bailiff: the lawyer reads the rule and the count, staff every candidate."""
    request = context.get("request")
    user = request.user if request is not None else context.get("user")
    decision = latest_decision_for(application, user) if user is not None else None
    return {"decision": decision, "application": application, "user": user}


@register.inclusion_tag("workspace/panel.html", takes_context=True)
def workspace_panel(context, application):
    """The bailiff's work on the case for everyone who sees it; the forms for the bailiff holding it. A view
    whose form failed puts the bound form in `workspace_forms`, so its errors and typed values show."""
    request = context.get("request")
    user = request.user if request is not None else context.get("user")
    workspace = workspace_for(application, user) if user is not None else None
    forms = {}
    if workspace is not None and workspace.mine:
        forms = workspace_forms(application.status, workspace.assignment, context.get("workspace_forms"))
        # A "Reverse" form on each entry the holder may still correct; the one that failed keeps its errors.
        bound_pk, bound = context.get("reverse_form") or (None, None)
        for action in workspace.actions:
            if reversible(application.status, action):
                action.reverse_form = bound if action.pk == bound_pk else reverse_form(action.pk)
    return {
        "application": application,
        "user": user,
        "workspace": workspace,
        "forms": forms,
        # The deadline and whether it is missed are the Chamber's supervision and the bailiff's own business.
        "shows_due": workspace is not None and (workspace.mine or sees_full_log(user)),
        "housing": housing_flagged(application),
    }


@register.filter
def reason_label(value: str) -> str:
    return Reason(value).label if value in Reason.values else value


@register.filter
def exclusion_label(value: str) -> str:
    return Exclusion(value).label if value in Exclusion.values else value


@register.filter
def full_log(user) -> bool:
    return user is not None and sees_full_log(user)
