"""Reads of the distribution log that depend on who asks (docs/domain.md §5 transparency, docs/architecture.md §7
distribution-log/).

Staff read the decisions of their region (national staff: all), with every candidate and exclusion. A lawyer
reads the decisions of his or her own applications only, and of those only what concerns the case: the
other candidates are other people's data.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import BooleanField, Count, ExpressionWrapper, F, Q, QuerySet, Sum
from django.utils import timezone

from chamber_portal.core.access import acts_for_chamber
from chamber_portal.core.models import User
from intake.models import Application, Category, Status
from intake.selectors import applications_visible_to

from .models import ActionKind, Assignment, DistributionDecision, EnforcementAction, PendingDistribution
from .rules import initiation_overdue, initiation_overdue_q

# What a bailiff works: the cases held now. Closed ones stay listed (under their status) as the record.
OPEN = (Status.ASSIGNED, Status.IN_ENFORCEMENT)
BAILIFF_STATUSES = (Status.ASSIGNED, Status.IN_ENFORCEMENT, Status.CLOSED)


def sees_full_log(user: User) -> bool:
    return acts_for_chamber(user)


def decisions_visible_to(user: User) -> QuerySet[DistributionDecision]:
    """Newest first. The candidates and exclusions are on every row: show them only if `sees_full_log`.
    Staff: their region, with the decisions that took a case out of it by a territorial transfer; a lawyer: his
    or her applications; a bailiff: the decisions that gave him or her the cases held now."""
    qs = DistributionDecision.objects.select_related("application", "region", "chosen", "from_region").order_by(
        "-at", "-id")
    if not user.is_authenticated:
        return qs.none()
    if sees_full_log(user):
        if user.region_id is None:
            return qs
        return qs.filter(Q(region_id=user.region_id) | Q(from_region_id=user.region_id))
    if user.is_lawyer:
        return qs.filter(application__lawyer=user)
    if user.is_bailiff:
        # The decision that gave the bailiff a case he or she holds now; like the lawyer, without the others.
        return qs.filter(chosen__user=user, application__assigned_bailiff__user=user)
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


def cases_of_bailiff(user: User) -> QuerySet[Application]:
    """The cases the bailiff holds now, with the active assignment's dates on each row (and whether its
    initiation is overdue, `assignment.rules`); receipt not yet acknowledged first, then the nearest initiation
    deadline. A case redistributed away is not here."""
    if not (user.is_authenticated and user.is_bailiff):
        return Application.objects.none()
    return (
        applications_visible_to(user)
        .filter(assignments__is_active=True, assignments__bailiff__user=user)
        .annotate(
            assigned_at=F("assignments__assigned_at"),
            acknowledged_at=F("assignments__acknowledged_at"),
            initiation_due=F("assignments__initiation_due"),
            initiated_on=F("assignments__initiated_on"),
            outcome=F("assignments__outcome"),
            unacknowledged=ExpressionWrapper(Q(assignments__acknowledged_at=None), output_field=BooleanField()),
            initiation_overdue=ExpressionWrapper(
                initiation_overdue_q(today=timezone.localdate(), prefix="assignments__"), output_field=BooleanField()),
        )
        .order_by("-unacknowledged", F("initiation_due").asc(nulls_last=True), "-assigned_at", "-id")
    )


def case_status_counts(cases: QuerySet[Application]) -> dict[str, int]:
    """Cases per status, and how many await acknowledgement or are overdue, in one query."""
    counts = cases.order_by().aggregate(
        **{status: Count("id", filter=Q(status=status)) for status in BAILIFF_STATUSES},
        unacknowledged=Count("id", filter=Q(status__in=OPEN, assignments__acknowledged_at=None)),
        overdue=Count("id", filter=Q(status=Status.ASSIGNED) & initiation_overdue_q(
            today=timezone.localdate(), prefix="assignments__")),
    )
    return counts


@dataclass
class Workspace:
    """What the case page shows about the bailiff's work: the holder's assignment, the actions, the money."""

    assignment: Assignment | None
    actions: list[EnforcementAction]
    recovered: Decimal
    claimed: Decimal | None
    overdue: bool
    mine: bool
    total: Decimal | None = None  # what the payments count against (`claim_total`)

    @property
    def outstanding(self) -> Decimal | None:
        return None if self.total is None else max(self.total - self.recovered, Decimal("0"))

    @property
    def above_claim(self) -> Decimal | None:
        """Recovered beyond the claim: only entries made before payments were capped (docs/adr/0011)."""
        return None if self.total is None or self.recovered <= self.total else self.recovered - self.total


def workspace_for(application: Application, user: User) -> Workspace | None:
    """The bailiff's work on a case the user already sees (through `applications_visible_to`): the lawyer,
    staff and the bailiff holding it. None before any bailiff holds it."""
    assignment = (
        Assignment.objects.select_related("bailiff")
        .filter(application=application, is_active=True).first()
    )
    if assignment is None:
        return None
    actions = list(
        EnforcementAction.objects.filter(application=application).select_related("recorded_by")
        .order_by("-date", "-id")
    )
    # A reversal carries a payment's amount negated: the sum is the net (docs/adr/0011).
    recovered = sum((a.amount_kzt for a in actions if a.kind == ActionKind.PAYMENT and a.amount_kzt), Decimal("0"))
    # Each entry with its reversal, each reversal with the entry it reverses, without a query per row.
    by_pk = {a.pk: a for a in actions}
    reversals = {a.reverses_id: a for a in actions if a.reverses_id is not None}
    for entry in actions:
        entry.reversed_by, entry.reversed_entry = reversals.get(entry.pk), by_pk.get(entry.reverses_id)
    overdue = application.status == Status.ASSIGNED and initiation_overdue(assignment, today=timezone.localdate())
    return Workspace(assignment=assignment, actions=actions, recovered=recovered, claimed=application.amount_kzt,
                     overdue=overdue, mine=user.is_authenticated and assignment.bailiff.user_id == user.pk,
                     total=claim_total(application))


def claim_total(application: Application) -> Decimal | None:
    """The fixed total the payments count against: the amount of a property claim (an individual's, a legal
    entity's or the state's). None where there is none: alimony runs month by month (its amount is a monthly
    rate), and a non-property decision recovers no money."""
    if application.category in (Category.PRIVATE_CLAIM, Category.STATE_CLAIM):
        return application.amount_kzt
    return None


def recovered_total(application: Application) -> Decimal:
    """The payments recorded on the case, net of their reversals (which carry the amount negated)."""
    return EnforcementAction.objects.filter(application=application, kind=ActionKind.PAYMENT).aggregate(
        total=Sum("amount_kzt"))["total"] or Decimal("0")
