"""Intake's figures for /metrics (chamber_portal.core.observability.metrics), registered at start-up."""

from django.utils import timezone

from chamber_portal.core.observability.metrics import register_figure

from .models import Application, Status

# The same rule as the lapse task: submitted, and the original not presented by its due date.
register_figure(
    name="chamber_overdue_originals", help="Submitted applications whose original is past due",
    count=lambda: Application.objects.filter(status=Status.SUBMITTED, original_due__lt=timezone.localdate()).count())
