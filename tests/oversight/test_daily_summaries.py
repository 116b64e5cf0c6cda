"""The daily summaries (issue 15) make the figures faster, never different: the dashboard, the evenness figures and
the public page come out the same from the summaries as from the logs alone, for several periods."""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assignment.models import Assignment
from bailiffs.models import BailiffPause
from chamber_portal.core.models import Region
from oversight.evenness import cases_per_bailiff
from oversight.figures import dashboard_figures, scope_for
from oversight.models import DailyDistribution, DailyDurations, SummarisedDay
from oversight.periods import Period
from oversight.selectors import evenness_public
from oversight.summaries import daily_summaries_update, day_summarise, summarised_through
from oversight.tasks import daily_summaries_task

from .conftest import ALMATY_TZ, NOW, application, assigned, at

PERIODS = [
    Period(date(2026, 11, 1), date(2026, 11, 18)),  # the current month so far: summaries, then today live
    Period(date(2026, 10, 1), date(2026, 10, 31)),  # a past month, all summarised
    Period(date(2026, 10, 20), date(2026, 11, 18)),  # across two months
    Period(date(2026, 8, 19), date(2026, 11, 18)),  # the longest period the form allows (92 days)
    Period(date(2026, 11, 17), date(2026, 11, 17)),  # yesterday alone
    Period(date(2026, 11, 18), date(2026, 11, 18)),  # today alone: live only
]


@pytest.fixture
def history(db, almaty_bailiffs, astana_bailiffs):
    """Decisions on many days in two regions, a bailiff paused for part of it (out of the draw), and the other
    figures' rows (submissions, receipts, acceptances)."""
    days = [at(d, hour=h, month=m) for m, d, h in [(9, 3, 9), (10, 1, 10), (10, 20, 23), (10, 31, 23), (11, 2, 0),
                                                    (11, 2, 15), (11, 9, 11), (11, 16, 12), (11, 17, 23)]]
    for n, moment in enumerate(days):
        with time_machine.travel(moment + timedelta(minutes=59), tick=False):
            for _ in range(1 + n % 3):
                assigned("KZ-75", submitted_at=moment - timedelta(days=n + 1), original_received_at=moment)
            assigned("KZ-71", submitted_at=moment - timedelta(days=2 * n + 1))
        if n == 4:
            BailiffPause.objects.create(bailiff=almaty_bailiffs[0], starts_on=date(2026, 11, 3),
                                        ends_on=date(2026, 11, 20), reason="leave")
    # Proceedings initiated on the day after assignment, for two in three cases (by 17 November).
    for n, assignment in enumerate(Assignment.objects.select_related("application").order_by("id")):
        initiated = timezone.localdate(assignment.application.accepted_at) + timedelta(days=1)
        if n % 3 and initiated < date(2026, 11, 18):
            assignment.initiated_on = initiated
            assignment.save(update_fields=["initiated_on"])
    application("KZ-75", status="submitted", submitted_at=at(5), original_due=date(2026, 11, 12))
    application("KZ-71", status="lapsed", submitted_at=at(20, month=10), original_due=date(2026, 11, 3))
    with time_machine.travel(NOW.replace(hour=9), tick=False):  # today: not summarised, read live
        assigned("KZ-75", submitted_at=at(16))
        assigned("KZ-71", submitted_at=at(17))


def _figures(user, period):
    scope = scope_for(user)
    return (dashboard_figures(user, scope, period), cases_per_bailiff(period, scope.regions),
            cases_per_bailiff(period, scope.regions, names_of_inactive=False))


@pytest.mark.parametrize("period", PERIODS, ids=lambda p: f"{p.since}..{p.until}")
def test_the_figures_from_the_summaries_are_the_figures_from_the_logs(now, history, national_staff, almaty_staff,
                                                                      period):
    direct = [_figures(user, period) for user in (national_staff, almaty_staff)]
    public_direct = evenness_public()

    written = daily_summaries_update()

    assert written > 0 and summarised_through(period) == min(period.until, date(2026, 11, 17))
    assert [_figures(user, period) for user in (national_staff, almaty_staff)] == direct
    assert evenness_public() == public_direct


def test_the_summaries_are_read_instead_of_the_candidate_lists(now, history, national_staff):
    period = Period(date(2026, 10, 1), date(2026, 10, 31))
    daily_summaries_update()
    with CaptureQueriesContext(connection) as queries:
        cases_per_bailiff(period, list(Region.objects.all()))
    assert not any("assignment_distributiondecision" in q["sql"] for q in queries.captured_queries)
    assert any("oversight_dailydistribution" in q["sql"] for q in queries.captured_queries)


def test_today_is_never_summarised_and_yesterday_becomes_final_once_the_day_has_settled(history):
    with time_machine.travel(datetime(2026, 11, 18, 0, 5, tzinfo=ALMATY_TZ), tick=False):
        daily_summaries_update()
    assert not SummarisedDay.objects.filter(day__gte=date(2026, 11, 18)).exists()
    assert SummarisedDay.objects.get(day=date(2026, 11, 17)).final is False  # a late commit may still land in it
    assert summarised_through(Period(date(2026, 11, 17), date(2026, 11, 17))) == date(2026, 11, 16)

    with time_machine.travel(datetime(2026, 11, 18, 1, 7, tzinfo=ALMATY_TZ), tick=False):
        assert daily_summaries_task() == 1  # only yesterday is written again
    assert SummarisedDay.objects.get(day=date(2026, 11, 17)).final is True
    assert summarised_through(Period(date(2026, 11, 1), date(2026, 11, 18))) == date(2026, 11, 17)


def test_a_day_summarised_twice_has_the_same_rows(now, history):
    day = date(2026, 11, 2)
    day_summarise(day=day)
    first = list(DailyDistribution.objects.filter(day=day).values_list("region", "bailiff_id", "cases", "in_draw"))
    day_summarise(day=day)
    assert list(DailyDistribution.objects.filter(day=day).values_list("region", "bailiff_id", "cases",
                                                                      "in_draw")) == first
    assert sum(row[2] for row in first) == 7  # 2 + 3 in KZ-75 and 1 + 1 in KZ-71 that day, at 00:59 and 15:59


def test_a_day_not_summarised_in_the_middle_is_read_from_the_log(now, history, national_staff):
    period = Period(date(2026, 10, 1), date(2026, 11, 18))
    direct = _figures(national_staff, period)
    daily_summaries_update()
    SummarisedDay.objects.filter(day=date(2026, 10, 31)).delete()  # e.g. an outage, caught up at the next hour
    assert summarised_through(period) == date(2026, 10, 30)
    assert _figures(national_staff, period) == direct


@pytest.mark.postgres
def test_the_milestones_come_from_the_summaries_on_postgresql(now, history, national_staff):
    period = Period(date(2026, 10, 1), date(2026, 11, 18))
    direct = dashboard_figures(national_staff, scope_for(national_staff), period)
    daily_summaries_update()
    assert set(DailyDurations.objects.values_list("milestone", flat=True)) == {
        "original_received", "accepted", "assigned", "initiated"}
    with CaptureQueriesContext(connection) as queries:
        summarised = dashboard_figures(national_staff, scope_for(national_staff), period)
    assert summarised == direct
    assert summarised.to_assignment.count > 10
    assert not any("percentile_cont" in q["sql"] for q in queries.captured_queries)


def test_a_receipt_or_an_initiation_dated_in_the_past_reopens_its_day(now, history, national_staff):
    period = Period(date(2026, 10, 1), date(2026, 11, 18))
    daily_summaries_update()
    assignment = Assignment.objects.filter(initiated_on=None).order_by("id").first()
    assignment.initiated_on = date(2026, 11, 9)  # typed today, the decision's date
    assignment.save(update_fields=["initiated_on"])
    application("KZ-75", status="original_received", submitted_at=at(3), original_received_at=at(10, hour=17))
    assert not SummarisedDay.objects.get(day=date(2026, 11, 9)).final
    assert not SummarisedDay.objects.get(day=date(2026, 11, 10)).final

    with_summaries = _figures(national_staff, period)
    SummarisedDay.objects.all().delete()
    assert with_summaries == _figures(national_staff, period)
