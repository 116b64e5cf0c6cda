"""Even distribution of accepted applications to the bailiffs of their region (docs/domain.md §5).

Every path (one application, a drained backlog, a redistribution) goes through `_distribute_locked`, with
the region's queue row locked: decisions of a region are strictly serialised, those of different regions
run in parallel.
"""

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Case, Exists, OuterRef, Value, When
from django.utils import timezone

from bailiffs.models import Bailiff, BailiffPause, BailiffStatus, ConflictOfInterest
from chamber_portal.core.audit import audit_record
from chamber_portal.core.coalesce import task_after_commit_once
from chamber_portal.core.models import AuditEvent, User
from chamber_portal.documents.models import DocumentKind
from chamber_portal.documents.services import documents_issue_many_on_commit
from intake.models import Application, Status

from ..audit_events import AssignmentEvent
from ..models import (
    Assignment,
    BailiffTurn,
    DecisionToNotify,
    DistributionDecision,
    Exclusion,
    PendingDistribution,
    Reason,
    RegionQueue,
)
from ..rules import initiation_due_on, rotation_key
from ..tasks import NOTIFY_PENDING_KEY, assignment_notify_due


@dataclass
class Pool:
    """The bailiffs of a region as the rotation sees them on a day, loaded in three queries."""

    bailiffs: list[Bailiff]
    paused: set[int]
    conflicts: dict[int, set[str]]
    last_turn: dict[int, int | None] = field(default_factory=dict)

    @classmethod
    def load(cls, region_id: int, today: date) -> "Pool":
        bailiffs = list(Bailiff.objects.filter(region_id=region_id).order_by("id"))
        paused = set(
            BailiffPause.objects.filter(bailiff__region_id=region_id, starts_on__lte=today, ends_on__gte=today)
            .values_list("bailiff_id", flat=True)
        )
        conflicts: dict[int, set[str]] = {}
        for bailiff_id, iin_bin in ConflictOfInterest.objects.filter(bailiff__region_id=region_id).values_list(
            "bailiff_id", "iin_bin"
        ):
            conflicts.setdefault(bailiff_id, set()).add(iin_bin)
        turns = dict(BailiffTurn.objects.filter(region_id=region_id).values_list("bailiff_id", "last_turn"))
        last_turn = {b.pk: turns.get(b.pk) for b in bailiffs}
        return cls(bailiffs, paused, conflicts, last_turn)

    def rank(self, application: Application, exclude: dict[int, str]):
        """(eligible bailiffs, least recently assigned first; excluded ones with the reason)."""
        eligible, excluded = [], []
        parties = {application.creditor_iin_bin, application.debtor_iin_bin} - {""}
        for bailiff in self.bailiffs:
            if bailiff.status != BailiffStatus.ACTIVE:
                reason = Exclusion.NOT_ACTIVE
            elif bailiff.pk in exclude:
                reason = exclude[bailiff.pk]
            elif bailiff.pk in self.paused:
                reason = Exclusion.PAUSED
            elif self.conflicts.get(bailiff.pk, set()) & parties:
                reason = Exclusion.CONFLICT
            else:
                eligible.append(bailiff)
                continue
            excluded.append({"bailiff": bailiff.pk, "name": bailiff.full_name, "reason": reason})
        eligible.sort(key=lambda b: rotation_key(last_turn=self.last_turn[b.pk], bailiff_id=b.pk))
        return eligible, excluded


@dataclass
class Request:
    application: Application
    reason: str = Reason.NEW
    exclude: dict[int, str] = field(default_factory=dict)
    previous_bailiff_id: int | None = None
    by: User | None = None
    from_region_id: int | None = None  # a territorial transfer: the district the case left
    waited: bool | None = None  # flagged PendingDistribution before (None: not known, the decision looks)


def _lock_region(region_id: int) -> RegionQueue:
    # The rows are made by migration (one per region); get_or_create only for a region added since.
    queue = RegionQueue.objects.select_for_update().filter(region_id=region_id).first()
    if queue is None:
        queue, _created = RegionQueue.objects.get_or_create(region_id=region_id)
        queue = RegionQueue.objects.select_for_update().get(pk=queue.pk)
    return queue


def _distribute_locked(queue: RegionQueue, requests: list[Request], today: date) -> list[DistributionDecision]:
    """Decide for each request in order; the caller holds the region's lock and the applications' locks."""
    pool = Pool.load(queue.region_id, today)
    now = timezone.now()
    decisions, assignments, events, pending, settled = [], [], [], [], []
    app_type = ContentType.objects.get_for_model(Application)
    for request in requests:
        application = request.application
        eligible, excluded = pool.rank(application, request.exclude)
        if not eligible:
            pending.append((request, excluded))
            continue
        chosen = eligible[0]
        if request.waited is not False:  # waited, or not known: its PendingDistribution row (if any) goes
            settled.append(application.pk)
        queue.turn += 1
        decisions.append(DistributionDecision(
            at=now, application=application, region_id=queue.region_id, turn=queue.turn, reason=request.reason,
            candidates=[{"bailiff": b.pk, "name": b.full_name, "last_turn": pool.last_turn[b.pk]} for b in eligible],
            excluded=excluded, chosen=chosen, previous_bailiff_id=request.previous_bailiff_id, by=request.by,
            from_region_id=request.from_region_id,
        ))
        pool.last_turn[chosen.pk] = queue.turn
        application.status, application.assigned_bailiff, application.status_changed_at = Status.ASSIGNED, chosen, now
        events.append(AuditEvent(
            at=now, actor=request.by, content_type=app_type, object_id=str(application.pk),
            kind=AssignmentEvent.ASSIGNED.value,
            from_state=Status.ACCEPTED, to_state=Status.ASSIGNED,
            data={"note": chosen.full_name, "bailiff": chosen.pk, "turn": queue.turn, "reason": request.reason},
        ))
    if decisions:
        DistributionDecision.objects.bulk_create(decisions)
        due = initiation_due_on(today)
        for decision in decisions:
            assignments.append(Assignment(application=decision.application, bailiff=decision.chosen,
                                          decision=decision, assigned_at=now, initiation_due=due))
        Assignment.objects.bulk_create(assignments)
        # One UPDATE for the batch, one CASE arm per chosen bailiff (at most the region's bailiffs), not
        # bulk_update's arm per row (benchmarks/DISTRIBUTION.md).
        by_bailiff: dict[int, list[int]] = {}
        for decision in decisions:
            by_bailiff.setdefault(decision.chosen_id, []).append(decision.application_id)
        chosen = (Value(next(iter(by_bailiff))) if len(by_bailiff) == 1 else
                  Case(*[When(pk__in=ids, then=Value(bailiff_id)) for bailiff_id, ids in by_bailiff.items()]))
        Application.objects.filter(pk__in=[d.application_id for d in decisions]).update(
            status=Status.ASSIGNED, assigned_bailiff_id=chosen, status_changed_at=now, updated_at=now
        )
        AuditEvent.objects.bulk_create(events)
        # The chosen bailiffs' turns in one upsert (a newcomer to the region gets its row).
        BailiffTurn.objects.bulk_create(
            [BailiffTurn(bailiff_id=bailiff_id, region_id=queue.region_id, last_turn=pool.last_turn[bailiff_id],
                         last_assigned_at=now) for bailiff_id in by_bailiff],
            update_conflicts=True, unique_fields=["region", "bailiff"], update_fields=["last_turn", "last_assigned_at"],
        )
        queue.save(update_fields=["turn"])
        if settled:
            PendingDistribution.objects.filter(application_id__in=settled).delete()
        # The notices: listed in this transaction, written by one coalesced message for every decision listed by
        # then (at most one pending however many batches commit); Redis down: logged, the sweep queues it.
        DecisionToNotify.objects.bulk_create([DecisionToNotify(decision=decision) for decision in decisions])
        task_after_commit_once(NOTIFY_PENDING_KEY, assignment_notify_due,
                               ttl=settings.ASSIGNMENT_DISTRIBUTE_PENDING_TTL, gather=settings.NOTICES_GATHER_SECONDS)
        # Each decision as a PDF ("why this bailiff", issue 16), rendered in the documents queue after commit: the
        # region's lock is never held for it.
        documents_issue_many_on_commit(kind=DocumentKind.DISTRIBUTION_DECISION, owners_events=[
            (decision.application, f"decision:{decision.pk}") for decision in decisions])
    for request, excluded in pending:
        _flag_pending(request, excluded)
    return decisions


def _flag_pending(request: Request, excluded: list[dict]) -> None:
    """No eligible bailiff: the application stays accepted and staff see it until someone is eligible."""
    row, created = PendingDistribution.objects.get_or_create(
        application=request.application,
        defaults={"reason": request.reason, "previous_bailiff_id": request.previous_bailiff_id,
                  "exclude": {str(k): v for k, v in request.exclude.items()}, "excluded": excluded,
                  "from_region_id": request.from_region_id},
    )
    if created:  # the flag is raised once; the retries that follow only count their attempts
        audit_record(actor=request.by, obj=request.application, kind=AssignmentEvent.NO_ELIGIBLE_BAILIFF,
                     data={"reason": request.reason, "excluded": [entry["bailiff"] for entry in excluded]})
    if not created:
        row.attempts += 1
        row.excluded = excluded
        row.save(update_fields=["attempts", "excluded"])


def _requests_for(applications: list[Application], reason: str = Reason.NEW, by: User | None = None,
                  pending_ids: set[int] | None = None) -> list[Request]:
    """Each application's request, with what an earlier failed attempt must keep (reason, exclusions).
    `pending_ids`: which of them have waited for an eligible bailiff, when the caller knows (None: look)."""
    if pending_ids is not None and not pending_ids:
        return [Request(application, reason, by=by, waited=False) for application in applications]
    pending = {p.application_id: p for p in PendingDistribution.objects.filter(application__in=applications)}
    requests = []
    for application in applications:
        if (earlier := pending.get(application.pk)) is not None:
            requests.append(Request(application, earlier.reason, {int(k): v for k, v in earlier.exclude.items()},
                                    earlier.previous_bailiff_id, by, earlier.from_region_id, waited=True))
        else:
            requests.append(Request(application, reason, by=by, waited=False))
    return requests


@transaction.atomic
def application_distribute(*, application_id: int, today: date | None = None) -> DistributionDecision | None:
    """Appoint a bailiff to one accepted application. Running it again is a no-op (docs/domain.md §5)."""
    waiting = Application.objects.filter(pk=application_id, status=Status.ACCEPTED)
    region_id = waiting.values_list("region_id", flat=True).first()
    if region_id is None:
        return None
    queue = _lock_region(region_id)
    application = Application.objects.select_for_update().filter(pk=application_id, status=Status.ACCEPTED).first()
    if application is None or Assignment.objects.filter(application=application, is_active=True).exists():
        return None
    decisions = _distribute_locked(queue, _requests_for([application]), today or timezone.localdate())
    return decisions[0] if decisions else None


# What the rotation reads of an application in a batch (the rest of the wide row stays in the database).
BATCH_FIELDS = ["id", "region_id", "status", "creditor_iin_bin", "debtor_iin_bin", "accepted_at"]


def region_drain(*, region_id: int, limit: int = 500, today: date | None = None, include_pending: bool = True) -> int:
    """Distribute up to `limit` accepted applications of a region in one transaction, oldest first.

    `include_pending=False` leaves out those already waiting for an eligible bailiff (the sweep and a bailiff's
    return take them): the live path then never retries a whole region's unassignable backlog per message."""
    return _region_batch(region_id, limit, today, include_pending)[1]


@transaction.atomic
def _region_batch(region_id: int, limit: int, today: date | None, include_pending: bool) -> tuple[int, int]:
    """region_drain's transaction: (applications taken, decisions made)."""
    queue = _lock_region(region_id)
    # Those already waiting for an eligible bailiff go last, so they never hide newer applications.
    waiting = Exists(PendingDistribution.objects.filter(application=OuterRef("pk")))
    candidates = (Application.objects.select_for_update(skip_locked=True, of=("self",)).only(*BATCH_FIELDS)
                  .filter(region_id=region_id, status=Status.ACCEPTED))
    if include_pending:
        applications = list(candidates.annotate(waiting=waiting).order_by("waiting", "accepted_at", "id")[:limit])
        pending_ids = {a.pk for a in applications if a.waiting}
    else:
        applications = list(candidates.filter(~waiting).order_by("accepted_at", "id")[:limit])
        pending_ids = set()
    if not applications:
        return 0, 0
    requests = _requests_for(applications, pending_ids=pending_ids)
    return len(applications), len(_distribute_locked(queue, requests, today or timezone.localdate()))


def region_distribute(*, region_id: int, limit: int = 500, today: date | None = None) -> int:
    """Distribute what a region has waiting (not those flagged for want of an eligible bailiff: the sweep and a
    bailiff's return take them), in acceptance order, in the drain's batches under the region's lock, until a
    batch comes back short: it took everything committed by then."""
    total, taken = 0, limit
    while taken == limit:
        taken, done = _region_batch(region_id, limit, today, include_pending=False)
        total += done
    return total


def application_region_distribute(*, application_id: int, limit: int = 500, today: date | None = None) -> int:
    """The live path (one message per acceptance): if the application still waits, distribute what its region
    has waiting, in acceptance order, in the drain's batches under the region's lock, until nothing new is left.
    An application assigned already (by an earlier message's batch) makes it a no-op: one indexed read."""
    region_id = (Application.objects.filter(pk=application_id, status=Status.ACCEPTED)
                 .values_list("region_id", flat=True).first())
    if region_id is None:
        return 0
    # A batch short of `limit` took everything committed by then; what commits later has its own message.
    total = region_distribute(region_id=region_id, limit=limit, today=today)
    if not total:
        # It may be flagged pending (no eligible bailiff) or skipped while locked: try it alone, as before.
        total = 1 if application_distribute(application_id=application_id, today=today) else 0
    return total
