"""Reads of inspections that depend on who asks: staff of the bailiff's region (national staff: all), and the
bailiff his or her own (docs/domain.md §3); and the inspection candidates."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from assignment.models import Assignment
from assignment.rules import initiation_late_q
from bailiffs.models import Bailiff
from chamber_portal.core.access import acts_for_chamber
from chamber_portal.core.models import User
from complaints.models import BreachDecision, Complaint
from complaints.rules import decision_set_aside_q

from .models import Inspection


def inspections_visible_to(user: User) -> QuerySet[Inspection]:
    qs = Inspection.objects.select_related("bailiff", "region", "ordered_by", "referral")
    if not user.is_authenticated:
        return qs.none()
    if acts_for_chamber(user):
        return qs if user.region_id is None else qs.filter(region_id=user.region_id)
    if user.is_bailiff:
        return qs.filter(bailiff__user=user)
    return qs.none()


def _count(qs: QuerySet) -> Coalesce:
    """A per-bailiff count as a subquery: several counts on one row without multiplying joins."""
    return Coalesce(
        Subquery(qs.order_by().values("bailiff").annotate(n=Count("pk")).values("n")[:1],
                 output_field=IntegerField()),
        Value(0),
    )


@dataclass
class Thresholds:
    complaints: int
    breaches: int
    overdue_initiations: int

    @classmethod
    def from_settings(cls) -> "Thresholds":
        return cls(settings.INSPECTION_CANDIDATE_COMPLAINTS, settings.INSPECTION_CANDIDATE_BREACHES,
                   settings.INSPECTION_CANDIDATE_OVERDUE_INITIATIONS)


def bailiffs_with_figures(qs: QuerySet[Bailiff], since: date, until: date) -> QuerySet[Bailiff]:
    """Complaints filed, breaches confirmed and initiations overdue in [since, until], per bailiff, in one
    query (a subquery per figure)."""
    today = timezone.localdate()
    complaints = Complaint.objects.filter(bailiff=OuterRef("pk"), filed_at__date__gte=since,
                                          filed_at__date__lte=until)
    breaches = BreachDecision.objects.filter(bailiff=OuterRef("pk"), decision_date__gte=since,
                                             decision_date__lte=until).exclude(decision_set_aside_q())
    late = Assignment.objects.filter(bailiff=OuterRef("pk"), initiation_due__gte=since,
                                     initiation_due__lte=until).filter(initiation_late_q(today=today))
    return qs.annotate(complaints_count=_count(complaints), breaches_count=_count(breaches),
                       overdue_initiations_count=_count(late))


def inspection_candidates(user: User, *, since: date, until: date, thresholds: Thresholds | None = None
                          ) -> QuerySet[Bailiff]:
    """Bailiffs of the user's region (national staff: all) whose figures in the period reach any threshold,
    the most complained about first."""
    if not acts_for_chamber(user):
        return Bailiff.objects.none()
    t = thresholds or Thresholds.from_settings()
    qs = Bailiff.objects.select_related("region")
    if user.region_id is not None:
        qs = qs.filter(region_id=user.region_id)
    return (
        bailiffs_with_figures(qs, since, until)
        .filter(Q(complaints_count__gte=t.complaints) | Q(breaches_count__gte=t.breaches)
                | Q(overdue_initiations_count__gte=t.overdue_initiations))
        .order_by("-breaches_count", "-complaints_count", "-overdue_initiations_count", "full_name", "id")
    )
