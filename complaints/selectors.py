"""Reads of complaints, breach decisions and held reassignments that depend on who asks (docs/domain.md §3): the lawyer
his or her own complaints, the bailiff those about him or her, staff their region (national staff: all)."""

from dataclasses import dataclass
from datetime import date, timedelta
from statistics import median

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from chamber_portal.core.access import acts_for_chamber
from chamber_portal.core.models import User

from .models import BreachDecision, Complaint, Reassignment


def complaints_visible_to(user: User) -> QuerySet[Complaint]:
    qs = Complaint.objects.select_related("application", "bailiff", "region", "owner", "filed_by")
    if not user.is_authenticated:
        return qs.none()
    if user.is_lawyer:
        return qs.filter(filed_by=user)
    if user.is_bailiff:
        return qs.filter(bailiff__user=user)
    if acts_for_chamber(user):
        return qs if user.region_id is None else qs.filter(region_id=user.region_id)
    return qs.none()


def breach_decisions_visible_to(user: User) -> QuerySet[BreachDecision]:
    qs = BreachDecision.objects.select_related("application", "bailiff", "complaint")
    if not user.is_authenticated:
        return qs.none()
    if user.is_lawyer:
        return qs.filter(application__lawyer=user)
    if user.is_bailiff:
        return qs.filter(bailiff__user=user)
    if acts_for_chamber(user):
        return qs if user.region_id is None else qs.filter(application__region_id=user.region_id)
    return qs.none()


def reassignments_visible_to(user: User) -> QuerySet[Reassignment]:
    qs = Reassignment.objects.select_related("application", "bailiff", "new_bailiff", "decision", "complaint")
    if not user.is_authenticated:
        return qs.none()
    if user.is_lawyer:
        return qs.filter(application__lawyer=user)
    if user.is_bailiff:
        return qs.filter(Q(bailiff__user=user) | Q(new_bailiff__user=user))
    if acts_for_chamber(user):
        return qs if user.region_id is None else qs.filter(application__region_id=user.region_id)
    return qs.none()


@dataclass
class ComplaintFigures:
    """Complaints in a period: per bailiff and per region, decisions by outcome, and days to decision."""

    total: int
    by_outcome: dict[str, int]
    per_bailiff: list[dict]
    per_region: list[dict]
    median_days_to_decision: float | None
    decided: int


def complaint_figures(qs: QuerySet[Complaint], *, since: date | None = None, until: date | None = None
                      ) -> ComplaintFigures:
    """Figures over complaints filed in [since, until] out of `qs` (a visible set, e.g. `complaints_visible_to`).

    Aggregates in the database; days to decision are computed over the decided ones' two dates only."""
    if since:
        qs = qs.filter(filed_at__date__gte=since)
    if until:
        qs = qs.filter(filed_at__date__lte=until)
    qs = qs.order_by()
    by_outcome = {row["outcome"]: row["n"] for row in qs.exclude(outcome="").values("outcome").annotate(n=Count("id"))}
    per_bailiff = list(
        qs.values("bailiff_id", "bailiff__full_name", "region__code")
        .annotate(complaints=Count("id"), breaches=Count("id", filter=Q(outcome="breach_confirmed")))
        .order_by("-complaints", "bailiff__full_name")
    )
    per_region = list(
        qs.values("region__code").annotate(complaints=Count("id"),
                                           breaches=Count("id", filter=Q(outcome="breach_confirmed")))
        .order_by("region__code")
    )
    durations = [
        (decided - filed) / timedelta(days=1)
        for filed, decided in qs.exclude(decided_at=None).values_list("filed_at", "decided_at")
    ]
    return ComplaintFigures(
        total=qs.count(), by_outcome=by_outcome, per_bailiff=per_bailiff, per_region=per_region,
        median_days_to_decision=round(median(durations), 1) if durations else None, decided=len(durations),
    )


def complaint_overdue(complaint: Complaint, today: date | None = None) -> bool:
    return complaint.is_open and complaint.due_on < (today or timezone.localdate())


def disciplinary_cases_visible_to(user: User) -> QuerySet:
    """The commission's docket of cases opened on a referral: staff of the region (national: all); the bailiff
    his or her own."""
    from .models import DisciplinaryCase

    qs = DisciplinaryCase.objects.select_related("bailiff", "region", "opened_by")
    if not user.is_authenticated:
        return qs.none()
    if acts_for_chamber(user):
        return qs if user.region_id is None else qs.filter(region_id=user.region_id)
    if user.is_bailiff:
        return qs.filter(bailiff__user=user)
    return qs.none()
