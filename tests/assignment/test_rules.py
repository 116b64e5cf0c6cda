"""assignment/rules.py: each rule's Python predicate and its queryset twin give the same answer on the same rows
(real PostgreSQL rows), on a frozen clock."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from assignment.models import Assignment, DistributionDecision, Outcome
from assignment.rules import (
    initiation_due_on,
    initiation_late,
    initiation_late_q,
    initiation_overdue,
    initiation_overdue_q,
    rotation_key,
)
from assignment.selectors import cases_of_bailiff, workspace_for
from assignment.services import application_distribute
from assignment.verify import decisions_verify
from bailiffs.models import Bailiff
from bailiffs.selectors import bailiffs_with_load
from intake.models import Application

from .conftest import accepted

pytestmark = pytest.mark.django_db

ALMATY = ZoneInfo("Asia/Almaty")
FRIDAY_11_DECEMBER = datetime(2026, 12, 11, 10, 0, tzinfo=ALMATY)
DUE = date(2026, 12, 17)  # Mon 14, Tue 15, (Wed 16 is Independence Day), Thu 17


def _assigned_on_friday(count: int) -> list[Assignment]:
    with time_machine.travel(FRIDAY_11_DECEMBER, tick=False):
        applications = [accepted() for _ in range(count)]
        for application in applications:
            assert application_distribute(application_id=application.pk) is not None
    return list(Assignment.objects.filter(application__in=applications).order_by("id"))


def _agree(today: date) -> set[int]:
    """The assignments overdue on `today`, asserting first that the predicate and the query agree on every row."""
    by_predicate = {a.pk for a in Assignment.objects.all() if initiation_overdue(a, today=today)}
    by_query = set(Assignment.objects.filter(initiation_overdue_q(today=today)).values_list("pk", flat=True))
    assert by_predicate == by_query
    return by_query


# --- The initiation deadline --------------------------------------------------------------------------------


def test_a_case_assigned_on_friday_11_december_is_due_on_thursday_17_december_past_independence_day(bailiffs):
    assert initiation_due_on(date(2026, 12, 11)) == DUE
    assert {a.initiation_due for a in _assigned_on_friday(1)} == {DUE}


def test_a_case_is_not_overdue_on_its_due_day_and_is_overdue_the_day_after(bailiffs):
    (assignment,) = _assigned_on_friday(1)
    assert _agree(DUE) == set()
    assert _agree(date(2026, 12, 18)) == {assignment.pk}


def test_an_initiated_a_refused_or_a_closed_case_is_not_overdue_and_an_undecided_one_is(bailiffs):
    undecided, initiated, refused, closed = _assigned_on_friday(4)
    Assignment.objects.filter(pk=initiated.pk).update(initiated_on=date(2026, 12, 18))
    Assignment.objects.filter(pk=refused.pk).update(outcome=Outcome.REFUSED_TO_INITIATE)
    Assignment.objects.filter(pk=closed.pk).update(outcome=Outcome.EXECUTED_IN_FULL)
    assert _agree(date(2026, 12, 21)) == {undecided.pk}


def test_an_assignment_no_longer_active_is_not_overdue_nor_one_without_a_due_day(bailiffs):
    held, ended, undated = _assigned_on_friday(3)
    Assignment.objects.filter(pk=ended.pk).update(is_active=False)
    Assignment.objects.filter(pk=undated.pk).update(initiation_due=None)
    assert _agree(date(2026, 12, 21)) == {held.pk}


def test_the_bailiffs_cases_the_case_page_and_the_registry_count_the_same_overdue_cases(bailiffs):
    assignments = _assigned_on_friday(6)  # two for each of the three bailiffs, by the rotation
    Assignment.objects.filter(pk=assignments[0].pk).update(initiated_on=date(2026, 12, 17))
    today = date(2026, 12, 18)
    overdue = _agree(today)
    assert len(overdue) == 5
    with time_machine.travel(datetime(2026, 12, 18, 9, 0, tzinfo=ALMATY), tick=False):
        for bailiff in Bailiff.objects.filter(pk__in=[b.pk for b in bailiffs]):
            expected = {a.application_id for a in Assignment.objects.filter(bailiff=bailiff) if a.pk in overdue}
            # "My cases" (the annotation) and the case page (the predicate) say the same of every case...
            rows = cases_of_bailiff(bailiff.user)
            assert {case.pk for case in rows if case.initiation_overdue} == expected
            for case in rows:
                assert workspace_for(Application.objects.get(pk=case.pk), bailiff.user).overdue is (
                    case.pk in expected)
            # ...and the registry's count of the bailiff's overdue initiations (registered by assignment).
            assert bailiffs_with_load(Bailiff.objects.filter(pk=bailiff.pk), today).get().overdue_initiations == len(
                expected)


def test_initiated_or_refused_after_the_due_day_or_still_undecided_past_it_is_late_and_on_the_day_is_not(
        bailiffs):
    (on_time, initiated_late, refused_on_time, refused_late, refused_late_evening, undecided, undated
     ) = _assigned_on_friday(7)
    Assignment.objects.filter(pk=on_time.pk).update(initiated_on=DUE)
    Assignment.objects.filter(pk=initiated_late.pk).update(initiated_on=date(2026, 12, 18))
    refused = {"outcome": Outcome.REFUSED_TO_INITIATE, "is_active": False}
    Assignment.objects.filter(pk=refused_on_time.pk).update(
        closed_at=datetime(2026, 12, 17, 23, 30, tzinfo=ALMATY), **refused)  # 18:30 UTC: still the 17th in Almaty
    Assignment.objects.filter(pk=refused_late.pk).update(closed_at=datetime(2026, 12, 18, 9, 0, tzinfo=ALMATY),
                                                         **refused)
    Assignment.objects.filter(pk=refused_late_evening.pk).update(
        closed_at=datetime(2026, 12, 18, 0, 30, tzinfo=ALMATY), **refused)  # 17 December in UTC, 18th in Almaty
    Assignment.objects.filter(pk=undated.pk).update(initiation_due=None, initiated_on=date(2026, 12, 18))
    today = date(2026, 12, 21)
    by_predicate = {a.pk for a in Assignment.objects.all() if initiation_late(a, today=today)}
    by_query = set(Assignment.objects.filter(initiation_late_q(today=today)).values_list("pk", flat=True))
    assert by_predicate == by_query == {initiated_late.pk, refused_late.pk, refused_late_evening.pk, undecided.pk}


# --- The rotation's order -----------------------------------------------------------------------------------


def test_a_bailiff_never_assigned_comes_first_then_the_longest_wait_then_the_lower_registry_id():
    entries = [(7, 30), (None, 31), (3, 32), (3, 29), (None, 28)]
    ordered = sorted(entries, key=lambda e: rotation_key(last_turn=e[0], bailiff_id=e[1]))
    assert ordered == [(None, 28), (None, 31), (3, 29), (3, 32), (7, 30)]


def test_the_distribution_records_its_candidates_in_rotation_order_and_the_replay_agrees(bailiffs):
    _assigned_on_friday(5)
    for decision in DistributionDecision.objects.order_by("turn"):
        keys = [rotation_key(last_turn=c["last_turn"], bailiff_id=c["bailiff"]) for c in decision.candidates]
        assert keys == sorted(keys)
        assert decision.chosen_id == decision.candidates[0]["bailiff"]
    assert decisions_verify() == (5, [])
