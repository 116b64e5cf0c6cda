from django import template
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from intake.models import Status

register = template.Library()

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
