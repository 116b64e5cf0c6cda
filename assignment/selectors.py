"""Reads of the distribution log that depend on who asks (DESIGN §5 transparency, §7 distribution-log/).

Staff read the decisions of their region (national staff: all), with every candidate and exclusion. A lawyer
reads the decisions of his or her own applications only, and of those only what concerns the case: the
other candidates are other people's data.
"""

from django.db.models import QuerySet

from chamber_portal.core.models import User
from intake.models import Application

from .models import DistributionDecision, PendingDistribution


def sees_full_log(user: User) -> bool:
    return user.is_authenticated and (user.is_chamber_staff or user.is_administrator)


def decisions_visible_to(user: User) -> QuerySet[DistributionDecision]:
    """Newest first. The candidates and exclusions are on every row: show them only if `sees_full_log`."""
    qs = DistributionDecision.objects.select_related("application", "region", "chosen").order_by("-at", "-id")
    if not user.is_authenticated:
        return qs.none()
    if sees_full_log(user):
        return qs if user.region_id is None else qs.filter(region_id=user.region_id)
    if user.is_lawyer:
        return qs.filter(application__lawyer=user)
    return qs.none()


def pending_visible_to(user: User) -> QuerySet[PendingDistribution]:
    """Accepted applications that found no eligible bailiff, the longest waiting first: staff only."""
    qs = PendingDistribution.objects.select_related("application__region", "previous_bailiff").order_by("since", "id")
    if not sees_full_log(user):
        return qs.none()
    return qs if user.region_id is None else qs.filter(application__region_id=user.region_id)


def latest_decision_for(application: Application, user: User) -> DistributionDecision | None:
    """The decision that gave the application its current (or last) bailiff, if the user may read it."""
    return decisions_visible_to(user).filter(application=application).first()


def chosen_position(decision: DistributionDecision) -> int:
    """Where the chosen bailiff stood in the rotation's order among the eligible (1: waited longest)."""
    ids = [entry["bailiff"] for entry in decision.candidates or []]
    return ids.index(decision.chosen_id) + 1 if decision.chosen_id in ids else 0
