"""Assignment's panels on the case page (chamber_portal/core/case_page.py): the bailiff's workspace, then why the
case went to its bailiff. Registered in AppConfig.ready; the distribution's context also serves
`{% distribution_for %}` (assignment_tags)."""

from chamber_portal.core.case_page import register_case_panel

from .selectors import latest_decision_for, sees_full_log, workspace_for
from .services.workspace import housing_flagged
from .workspace_forms import reverse_form, reversible, workspace_forms


def _user(context):
    request = context.get("request")
    return request.user if request is not None else context.get("user")


def workspace_context(context, application) -> dict:
    """The bailiff's work on the case for everyone who sees it; the forms for the bailiff holding it. A view
    whose form failed puts the bound form in `workspace_forms`, so its errors and typed values show."""
    user = _user(context)
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


def distribution_context(context, application) -> dict:
    """Why the case went to its bailiff: the lawyer reads the rule and the count, staff every candidate."""
    user = _user(context)
    decision = latest_decision_for(application, user) if user is not None else None
    return {"decision": decision, "application": application, "user": user}


WORKSPACE_TEMPLATE = "workspace/panel.html"
DISTRIBUTION_TEMPLATE = "assignment/_distribution.html"


def register() -> None:
    register_case_panel(name="assignment.workspace", template=WORKSPACE_TEMPLATE, context=workspace_context, order=10)
    register_case_panel(name="assignment.distribution", template=DISTRIBUTION_TEMPLATE, context=distribution_context,
                        order=20)
