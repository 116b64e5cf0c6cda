"""Intake's panels on the lawyer's and staff's home pages: counts by status in one grouped query."""

from django.db.models import Count
from django.utils import timezone

from chamber_portal.core.home import register_panel

from .models import INTAKE_QUEUE, Status
from .selectors import applications_visible_to


@register_panel
def intake_panel(user):
    if not (user.is_lawyer or user.is_chamber_staff):
        return None
    qs = applications_visible_to(user)
    if user.is_chamber_staff:
        qs = qs.filter(status__in=INTAKE_QUEUE)
    counts = dict(qs.order_by().values_list("status").annotate(n=Count("id")))
    rows = [(Status(status), counts[status]) for status in Status.values if counts.get(status)]
    overdue = (
        qs.filter(status=Status.SUBMITTED, original_due__lt=timezone.localdate()).count()
        if user.is_chamber_staff
        else 0
    )
    return {"template": "intake/home_panel.html", "rows": rows, "overdue": overdue}
