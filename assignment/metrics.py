"""The distribution's figures for /metrics (chamber_portal.core.observability.metrics), registered at start-up."""

from django.utils import timezone

from chamber_portal.core.observability.metrics import register_figure
from intake.models import Application, Status

from .models import DistributionDecision
from .rules import initiation_overdue_q

# rate(chamber_distribution_decisions_total[1m]) gives the decisions per second.
register_figure(name="chamber_distribution_decisions", help="Distribution decisions recorded", kind="counter",
                count=lambda: DistributionDecision.objects.count())
register_figure(
    name="chamber_overdue_initiations", help="Assigned cases past their initiation due date",
    count=lambda: Application.objects.filter(initiation_overdue_q(today=timezone.localdate(), prefix="assignments__"),
                                             status=Status.ASSIGNED).count())
