"""Bulk distribution of the bulk demo applications, so that `seed_demo --applications N` has cases in bailiffs'
hands: the distribution, initiation and oversight figures are not empty at scale.

Every bulk application still `accepted` in a region with bailiffs gets, in the order it was accepted, the decision
the rotation (docs/adr/0005, least recently assigned) would have taken a minute or two later: the decision rows
carry the candidates in rotation order, their last turns and the exclusions, continue the region's turn numbers,
and leave BailiffTurn and RegionQueue where live distribution carries on (`verify_distribution` replays them).
Each bailiff's work on the case is simulated from its age: acknowledged, initiated within the 3 working days
(about one in ten late), a few refused, older ones often closed. Like the bulk applications these are written with
bulk_create and one UPDATE per batch, without audit events or notifications: bulk demo data is not a history.
Bailiffs' status and pauses are taken as they are today; running it again distributes only what is still accepted.
"""

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import time as clock

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from assignment.models import (
    Assignment,
    BailiffTurn,
    DistributionDecision,
    Exclusion,
    Outcome,
    Reason,
    RefusalGround,
    RegionQueue,
)
from assignment.rules import rotation_key
from bailiffs.models import Bailiff, BailiffPause, BailiffStatus, ConflictOfInterest
from chamber_portal.core.working_days import add_working_days
from intake.models import Application
from intake.models import Status as S

from .bulk import BATCH_SIZE, BULK_DOCUMENT_PREFIX

# Working days after assignment on which the bailiff decides (3 is the legal limit: 4 and more are late).
DECISION_DAY_WEIGHTS = {0: 14, 1: 34, 2: 26, 3: 16, 4: 4, 5: 3, 6: 1.5, 8: 1.5}
REFUSAL_SHARE = 0.03
CLOSE_OUTCOMES = {Outcome.EXECUTED_IN_FULL: 40, Outcome.EXECUTED_IN_PART: 20, Outcome.IMPOSSIBLE_TO_RECOVER: 20,
                  Outcome.RETURNED_AT_REQUEST: 10, Outcome.TERMINATED: 10}
CLOSE_NOTES = {
    Outcome.EXECUTED_IN_PART: "Взыскано частично, имущество должника отсутствует.",
    Outcome.IMPOSSIBLE_TO_RECOVER: "Имущество и доходы должника не обнаружены.",
    Outcome.RETURNED_AT_REQUEST: "Возвращено по заявлению взыскателя.",
    Outcome.TERMINATED: "Производство прекращено по основаниям закона.",
}
REFUSAL_GROUNDS = [RefusalGround.DOCUMENT_DEFECTIVE, RefusalGround.PERIOD_EXPIRED, RefusalGround.NOT_ENFORCEABLE]


@dataclass
class BulkDistributionResult:
    decided: int
    regions: int
    seconds: float


class _Pool:
    """The region's bailiffs as the rotation sees them, with pauses by period (for the day of each decision)."""

    def __init__(self, region_id: int):
        self.bailiffs = list(Bailiff.objects.filter(region_id=region_id).order_by("id").values_list(
            "id", "full_name", "status"))
        self.pauses: dict[int, list[tuple[date, date]]] = {}
        for bailiff_id, starts, ends in BailiffPause.objects.filter(bailiff__region_id=region_id).values_list(
                "bailiff_id", "starts_on", "ends_on"):
            self.pauses.setdefault(bailiff_id, []).append((starts, ends))
        self.conflicts: dict[int, set[str]] = {}
        for bailiff_id, iin_bin in ConflictOfInterest.objects.filter(bailiff__region_id=region_id).values_list(
                "bailiff_id", "iin_bin"):
            self.conflicts.setdefault(bailiff_id, set()).add(iin_bin)
        turns = dict(BailiffTurn.objects.filter(region_id=region_id).values_list("bailiff_id", "last_turn"))
        self.last_turn = {pk: turns.get(pk) for pk, _name, _status in self.bailiffs}

    def rank(self, day: date, parties: set[str]):
        eligible, excluded = [], []
        for pk, name, status in self.bailiffs:
            if status != BailiffStatus.ACTIVE:
                reason = Exclusion.NOT_ACTIVE
            elif any(starts <= day <= ends for starts, ends in self.pauses.get(pk, ())):
                reason = Exclusion.PAUSED
            elif self.conflicts.get(pk, set()) & parties:
                reason = Exclusion.CONFLICT
            else:
                eligible.append((pk, name))
                continue
            excluded.append({"bailiff": pk, "name": name, "reason": str(reason)})
        eligible.sort(key=lambda b: rotation_key(last_turn=self.last_turn[b[0]], bailiff_id=b[0]))
        return eligible, excluded


class _Work:
    """The bailiff's work on a case, drawn from its age (all dates in the past)."""

    def __init__(self, rng: random.Random, today: date, now: datetime):
        self.rng, self.today, self.now = rng, today, now
        self._days: dict[tuple[date, int], date] = {}
        self.day_choices, self.day_weights = list(DECISION_DAY_WEIGHTS), list(DECISION_DAY_WEIGHTS.values())
        self.outcomes, self.outcome_weights = list(CLOSE_OUTCOMES), list(CLOSE_OUTCOMES.values())

    def working_day(self, start: date, n: int) -> date:
        if (start, n) not in self._days:
            self._days[(start, n)] = add_working_days(start, n)
        return self._days[(start, n)]

    def at(self, day: date, hour: float) -> datetime:
        return min(timezone.make_aware(datetime.combine(day, clock(0))) + timedelta(hours=hour), self.now)

    def simulate(self, assignment: Assignment, number: str) -> tuple[str, datetime]:
        """Fill the assignment's work fields; return the application's status and when it took it."""
        rng, assigned_at = self.rng, assignment.assigned_at
        assigned_day = timezone.localdate(assigned_at)
        assignment.initiation_due = self.working_day(assigned_day, settings.INITIATION_DUE_WORKING_DAYS)
        acknowledged = assigned_at + timedelta(minutes=rng.randint(10, 26 * 60))
        if acknowledged > self.now:
            return S.ASSIGNED, assigned_at
        assignment.acknowledged_at = acknowledged
        decided = max(self.working_day(assigned_day, rng.choices(self.day_choices, self.day_weights)[0]),
                      timezone.localdate(acknowledged))
        if decided >= self.today:  # decisions are recorded the next working day at the latest, never today
            return S.ASSIGNED, assigned_at
        if rng.random() < REFUSAL_SHARE:
            assignment.outcome, assignment.refusal_ground = Outcome.REFUSED_TO_INITIATE, rng.choice(REFUSAL_GROUNDS)
            assignment.closed_at = max(self.at(decided, 15 + rng.random() * 3), acknowledged)
            assignment.close_note = "Отказ в возбуждении исполнительного производства."
            return S.CLOSED, assignment.closed_at
        assignment.initiated_on, assignment.initiation_number = decided, number
        initiated_at = max(self.at(decided, 10 + rng.random() * 7), acknowledged)
        age = (self.today - decided).days
        if age > 20 and rng.random() < min(0.65, age / 300):
            outcome = rng.choices(self.outcomes, self.outcome_weights)[0]
            assignment.outcome, assignment.close_note = outcome, CLOSE_NOTES.get(outcome, "")
            assignment.closed_at = self.at(decided + timedelta(days=rng.randint(15, age)), 9 + rng.random() * 9)
            return S.CLOSED, assignment.closed_at
        return S.IN_ENFORCEMENT, initiated_at


def _update_applications(rows: list[tuple[int, str, int, datetime]]) -> None:
    """status, assigned_bailiff and status_changed_at of many applications: one statement per batch."""
    table = connection.ops.quote_name(Application._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            from psycopg2.extras import execute_values

            execute_values(
                cursor.cursor,
                f"UPDATE {table} AS a SET status = v.status, assigned_bailiff_id = v.bailiff, "
                "status_changed_at = v.changed, updated_at = v.changed "
                "FROM (VALUES %s) AS v(id, status, bailiff, changed) WHERE a.id = v.id",
                rows, template="(%s, %s, %s, %s::timestamptz)", page_size=len(rows) or 1,
            )
        else:
            adapt = connection.ops.adapt_datetimefield_value
            cursor.executemany(
                f"UPDATE {table} SET status = %s, assigned_bailiff_id = %s, status_changed_at = %s, updated_at = %s "
                "WHERE id = %s",
                [(status, bailiff, adapt(changed), adapt(changed), pk) for pk, status, bailiff, changed in rows],
            )


def _analyze() -> None:
    if connection.vendor != "postgresql":
        return
    tables = ", ".join(connection.ops.quote_name(model._meta.db_table)
                       for model in (Application, DistributionDecision, Assignment, BailiffTurn))
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}" if connection.in_atomic_block else f"VACUUM (ANALYZE) {tables}")


def _region_distribute(region_id: int, *, rng: random.Random, work: _Work, now: datetime, batch_size: int,
                       bar) -> int:
    queue, _created = RegionQueue.objects.get_or_create(region_id=region_id)
    queue = RegionQueue.objects.select_for_update().get(pk=queue.pk)
    pool = _Pool(region_id)
    waiting = list(
        Application.objects.filter(region_id=region_id, status=S.ACCEPTED,
                                   document_number__startswith=BULK_DOCUMENT_PREFIX)
        .order_by("accepted_at", "id").values_list("id", "accepted_at", "creditor_iin_bin", "debtor_iin_bin")
    )
    number = queue.region.number
    decided, last_at = 0, {}
    previous_at = None
    for offset in range(0, len(waiting), batch_size):
        decisions = []
        for pk, accepted_at, creditor, debtor in waiting[offset:offset + batch_size]:
            # The sweep or the task takes it within a couple of minutes; decisions follow each other in time.
            at = min(accepted_at + timedelta(seconds=rng.randint(5, 150)), now)
            if previous_at is not None and at < previous_at:
                at = previous_at
            previous_at = at
            eligible, excluded = pool.rank(timezone.localdate(at), {creditor, debtor} - {""})
            if not eligible:
                continue
            chosen = eligible[0][0]
            queue.turn += 1
            decisions.append(DistributionDecision(
                at=at, application_id=pk, region_id=region_id, turn=queue.turn, reason=Reason.NEW,
                candidates=[{"bailiff": b, "name": name, "last_turn": pool.last_turn[b]} for b, name in eligible],
                excluded=excluded, chosen_id=chosen,
            ))
            pool.last_turn[chosen] = queue.turn
            last_at[chosen] = at
        if not decisions:
            continue
        DistributionDecision.objects.bulk_create(decisions)
        assignments, updates = [], []
        for decision in decisions:
            assignment = Assignment(application_id=decision.application_id, bailiff_id=decision.chosen_id,
                                    decision=decision, assigned_at=decision.at)
            status, changed = work.simulate(assignment, f"{number}-ИП-{decision.turn:07d}")
            assignments.append(assignment)
            updates.append((decision.application_id, status, decision.chosen_id, changed))
        Assignment.objects.bulk_create(assignments)
        _update_applications(updates)
        decided += len(decisions)
        if bar is not None:
            bar.update(len(decisions))
    for bailiff_id, at in last_at.items():
        BailiffTurn.objects.update_or_create(bailiff_id=bailiff_id, region_id=region_id,
                                             defaults={"last_turn": pool.last_turn[bailiff_id], "last_assigned_at": at})
    queue.save(update_fields=["turn"])
    return decided


def bulk_distribution_ensure(*, today: date | None = None, progress: Callable | None = None,
                             batch_size: int = BATCH_SIZE) -> BulkDistributionResult:
    """Distribute every bulk application still accepted in a region with bailiffs, one transaction per region.

    `progress(total)` may return a bar with `update(n)` and `close()` (e.g. tqdm)."""
    started = time.monotonic()
    now = timezone.now()
    today = today or timezone.localdate()
    regions = list(Bailiff.objects.order_by("region_id").values_list("region_id", flat=True).distinct())
    waiting = Application.objects.filter(region_id__in=regions, status=S.ACCEPTED,
                                         document_number__startswith=BULK_DOCUMENT_PREFIX).count()
    if not waiting:
        return BulkDistributionResult(decided=0, regions=0, seconds=time.monotonic() - started)
    bar = progress(waiting) if progress else None
    work = _Work(random.Random(f"bulk-distribution-{waiting}"), today, now)
    decided = 0
    for region_id in regions:
        with transaction.atomic():
            decided += _region_distribute(region_id, rng=work.rng, work=work, now=now, batch_size=batch_size, bar=bar)
    if bar is not None:
        bar.close()
    _analyze()
    return BulkDistributionResult(decided=decided, regions=len(regions), seconds=time.monotonic() - started)
