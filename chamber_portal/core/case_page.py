"""Panels on the case page (intake's application detail) from the apps above intake: the bailiff's workspace and
the distribution decision (assignment), clause 12 (complaints). Each app registers its own in AppConfig.ready, so
intake, beneath them, neither imports them nor loads their template tags (docs/architecture.md §6); the core,
beneath every app, names none of them either (like `home.py` for the home pages).

A panel is a template and a function `(context, application) -> dict`: the page's template context (a view whose
form failed puts the bound form there, e.g. `workspace_forms`) and the case; it answers the panel template's
context, or None to show nothing. The page renders the panels in `order`, each as an inclusion tag would (its own
context, with the page's CSRF token).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class CasePanel:
    name: str
    template: str
    context: Callable
    order: int


_PANELS: dict[str, CasePanel] = {}


def register_case_panel(*, name: str, template: str, context: Callable, order: int) -> None:
    """Show `template` on the case page at `order` (smaller first); registering a name again replaces it."""
    _PANELS[name] = CasePanel(name=name, template=template, context=context, order=order)


def case_panels() -> list[CasePanel]:
    return sorted(_PANELS.values(), key=lambda panel: (panel.order, panel.name))


def case_panels_render(context, application) -> SafeString:
    """Every registered panel for `application`, in order, rendered in the page's template `context`."""
    html = []
    for panel in case_panels():
        data = panel.context(context, application)
        if data is None:
            continue
        template = context.template.engine.get_template(panel.template)
        panel_context = context.new(data)
        if (csrf_token := context.get("csrf_token")) is not None:
            panel_context["csrf_token"] = csrf_token
        html.append(template.render(panel_context))
    return mark_safe("".join(html))  # noqa: S308  (rendered templates, escaped as they render)
