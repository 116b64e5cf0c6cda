from django import template
from django.utils.translation import gettext as _

from intake.models import Status

register = template.Library()


@register.filter
def status_label(state: str) -> str:
    """A status code from the timeline, in words; the empty "from" of the first event reads "created"."""
    if not state:
        return _("created")
    return Status(state).label if state in Status.values else state
