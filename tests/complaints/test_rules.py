"""complaints/rules.py: each Clause 12 rule's Python predicate and its queryset twin give the same answer on the
same rows (real PostgreSQL rows), on a frozen clock."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from complaints.guards import breach_decision_in_force
from complaints.models import AppealStatus, BreachDecision, DecisionBody
from complaints.rules import (
    decision_in_force,
    decision_in_force_q,
    decision_set_aside,
    decision_set_aside_q,
    decision_stands,
    decision_stands_q,
)
from tests.factories import ApplicationFactory, BailiffFactory, UserFactory

pytestmark = pytest.mark.django_db

ALMATY = ZoneInfo("Asia/Almaty")
TODAY = date(2026, 12, 18)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(datetime(2026, 12, 18, 10, 0, tzinfo=ALMATY), tick=False):
        yield


@pytest.fixture
def decisions():
    """One decision per (date of entry into force, appeal) on one case against one bailiff: a day ago, today,
    tomorrow or none, each not appealed, appeal pending, dismissed and upheld."""
    application, bailiff = ApplicationFactory(with_documents=False), BailiffFactory()
    staff = UserFactory(role="staff", username="staff.rules")
    rows = {}
    for effective_on in (TODAY - timedelta(days=1), TODAY, TODAY + timedelta(days=1), None):
        for appeal in AppealStatus.values:
            rows[(effective_on, appeal)] = BreachDecision.objects.create(
                application=application, bailiff=bailiff, body=DecisionBody.COMMISSION,
                decision_date=TODAY - timedelta(days=20), effective_on=effective_on, appeal_status=appeal,
                document_reference=f"ДК-{len(rows) + 1}", recorded_by=staff)
    return rows


def _both(predicate, q) -> set[int]:
    """The rows the rule picks, asserting first that the predicate and the query pick the same ones."""
    by_predicate = {d.pk for d in BreachDecision.objects.all() if predicate(d)}
    by_query = set(BreachDecision.objects.filter(q).values_list("pk", flat=True))
    assert by_predicate == by_query
    return by_query


def _pks(decisions, keep) -> set[int]:
    return {d.pk for (effective_on, appeal), d in decisions.items() if keep(effective_on, appeal)}


def test_a_decision_stands_unless_an_appeal_is_pending_or_has_set_it_aside(decisions):
    assert _both(decision_stands, decision_stands_q()) == _pks(
        decisions, lambda _day, appeal: appeal in (AppealStatus.NONE, AppealStatus.DISMISSED))


def test_only_an_upheld_appeal_sets_a_decision_aside(decisions):
    assert _both(decision_set_aside, decision_set_aside_q()) == _pks(
        decisions, lambda _day, appeal: appeal == AppealStatus.UPHELD)


def test_a_standing_decision_is_in_force_from_its_date_of_entry_into_force_and_not_the_day_before(decisions):
    expected = _pks(decisions, lambda day, appeal: day is not None and day <= TODAY
                    and appeal in (AppealStatus.NONE, AppealStatus.DISMISSED))
    assert _both(lambda d: decision_in_force(d, on=TODAY), decision_in_force_q(on=TODAY)) == expected
    assert decisions[(TODAY, AppealStatus.NONE)].pk in expected
    assert decisions[(TODAY + timedelta(days=1), AppealStatus.NONE)].pk not in expected


def test_a_pending_appeal_holds_a_decision_past_its_date_and_an_upheld_one_sets_it_aside(decisions):
    yesterday = TODAY - timedelta(days=1)
    assert not decision_in_force(decisions[(yesterday, AppealStatus.PENDING)], on=TODAY)
    assert not decision_in_force(decisions[(yesterday, AppealStatus.UPHELD)], on=TODAY)
    assert decision_in_force(decisions[(yesterday, AppealStatus.DISMISSED)], on=TODAY)


def test_a_decision_without_a_date_of_entry_into_force_is_never_in_force(decisions):
    undated = {d.pk for (day, _appeal), d in decisions.items() if day is None}
    assert not undated & _both(lambda d: decision_in_force(d, on=date(2099, 1, 1)),
                               decision_in_force_q(on=date(2099, 1, 1)))


def test_the_rotations_guard_asks_the_same_rule_per_case_and_bailiff():
    application, bailiff = ApplicationFactory(with_documents=False), BailiffFactory()
    decision = BreachDecision.objects.create(
        application=application, bailiff=bailiff, body=DecisionBody.COURT, decision_date=TODAY - timedelta(days=20),
        effective_on=TODAY + timedelta(days=1), document_reference="2-101/2026",
        recorded_by=UserFactory(role="staff", username="staff.guard"))
    for day in (TODAY, TODAY + timedelta(days=1)):
        assert breach_decision_in_force(application=application, bailiff_id=bailiff.pk, today=day) is (
            decision_in_force(decision, on=day))
    assert not breach_decision_in_force(application=application, bailiff_id=BailiffFactory().pk,
                                        today=TODAY + timedelta(days=1))
