from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chamber_portal.core.case_page import case_panels_render
from intake.models import Status

register = template.Library()


@register.simple_tag(takes_context=True)
def case_panels(context, application):
    """The panels the apps above intake register for the case page (the bailiff's workspace, the distribution,
    clause 12: chamber_portal/core/case_page.py), in their order; intake names none of them."""
    return case_panels_render(context, application)


# Events that record something done without changing the status (from == to): the timeline names them.
EVENT_LABELS = {
    "acknowledged": gettext_lazy("Receipt acknowledged by the bailiff"),
}


@register.filter
def status_label(state: str) -> str:
    """A status code from the timeline, in words; the empty "from" of the first event reads "created"."""
    if not state:
        return _("created")
    return Status(state).label if state in Status.values else state


@register.filter
def event_label(kind: str) -> str:
    """An event that left the status as it was, in words; an unnamed kind reads as itself."""
    return str(EVENT_LABELS.get(kind, kind.replace("_", " ").capitalize()))


_BADGE = {"returned": "danger", "lapsed": "danger", "draft": "secondary", "accepted": "success", "assigned": "success",
          "in_enforcement": "success", "closed": "dark"}


@register.simple_tag
def status_badge(application) -> str:
    """The status badge of a list row: the markup of intake/_status.html, without an include per row (the lists
    render 25–50 of them; issue 15)."""
    return status_badge_html(application.status, application.get_status_display())


def status_badge_html(status: str, label) -> str:
    return format_html('<span class="badge text-bg-{}" data-status="{}">{}</span>', _BADGE.get(status, "warning"),
                       status, label)
