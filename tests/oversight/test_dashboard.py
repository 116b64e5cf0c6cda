"""The Chamber's dashboard: the figures on a small known dataset, who sees what, and that it stays a fixed number of
queries and draws every chart with its table."""

from datetime import date, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assignment.models import Assignment
from bailiffs.models import BailiffPause
from intake.models import Application
from oversight.figures import acceptance_cutoff
from oversight.forms import MAX_PERIOD_DAYS, PERIOD_REVERSED, PERIOD_TOO_LONG
from oversight.percentiles import durations_percentiles, percentile_cont
from tests.factories import BailiffFactory, UserFactory, region

from .conftest import NOW, application, assigned, at

pytestmark = pytest.mark.django_db

URL = reverse("oversight:dashboard")
CHARTS = ["status", "category", "durations", "overdue", "distribution", "complaints", "inspections"]


def dashboard(client, user, **params):
    client.force_login(user)
    response = client.get(URL, params)
    assert response.status_code == 200
    return response, response.context["d"]


def milestone(d, key):
    return next(m for m in d.milestones if m.key == key)


def test_the_dashboard_counts_the_applications_submitted_in_the_period_by_status_category(client, now, almaty_staff):
    application(status="submitted", category="private_claim", submitted_at=at(3))
    application(status="submitted", category="private_claim", submitted_at=at(17))
    application(status="accepted", category="alimony", submitted_at=at(5), accepted_at=at(9))
    application(status="returned", category="state_claim", submitted_at=at(1, hour=0))
    application(status="submitted", submitted_at=at(31, month=10, hour=23))  # October: before the period
    application(status="draft", submitted_at=None)

    response, d = dashboard(client, almaty_staff)

    assert d.submitted == 4
    assert d.counts == {("submitted", "private_claim"): 2, ("accepted", "alimony"): 1, ("returned", "state_claim"): 1}
    assert {value: n for value, _label, n in d.by_status()}["submitted"] == 2
    assert {value: n for value, _label, n in d.by_category()} == {
        "private_claim": 2, "alimony": 1, "state_claim": 1, "non_property": 0}
    matrix = {row["status"]: row["cells"] for row in d.matrix()}
    assert matrix["submitted"] == [2, 0, 0, 0] and matrix["accepted"] == [0, 1, 0, 0]
    assert b'data-figure="submitted">4<' in response.content


def test_the_dashboard_gives_the_median_and_90th_percentile_of_the_days_to_acceptance(client, now, almaty_staff):
    for days in range(1, 11):  # 1, 2, …, 10 days from submission to acceptance, all accepted in November
        application(status="accepted", submitted_at=at(16) - timedelta(days=days), accepted_at=at(16))
    application(status="accepted", submitted_at=at(1, month=10), accepted_at=at(30, month=10))  # October

    _response, d = dashboard(client, almaty_staff)

    accepted = milestone(d, "accepted")
    assert accepted.count == 10
    assert accepted.median == pytest.approx(5.5)
    assert accepted.p90 == pytest.approx(9.1)
    received = milestone(d, "original_received")
    assert received.count == 0 and received.median is None


def test_the_days_to_assignment_and_to_initiation_come_from_the_decision_and_the_bailiffs_record(
        client, now, almaty_staff, almaty_bailiffs):
    with time_machine.travel(at(10, hour=12), tick=False):
        first = assigned(submitted_at=at(8, hour=12))  # 2 days to assignment
        second = assigned(submitted_at=at(6, hour=12))  # 4 days
    Assignment.objects.filter(application=first).update(initiated_on=date(2026, 11, 11))  # 3 days (whole days)
    Assignment.objects.filter(application=second).update(initiated_on=date(2026, 11, 13))  # 7 days

    _response, d = dashboard(client, almaty_staff)

    to_assignment = milestone(d, "assigned")
    assert to_assignment.count == 2 and to_assignment.median == pytest.approx(3.0)
    assert to_assignment.p90 == pytest.approx(3.8)
    to_initiation = milestone(d, "initiated")
    assert to_initiation.count == 2 and to_initiation.median == pytest.approx(5.0)


def test_percentiles_interpolate_like_postgresql():
    assert percentile_cont([], 0.5) is None
    assert percentile_cont([4.0], 0.9) == 4.0
    assert percentile_cont([1.0, 2.0, 3.0, 4.0], 0.5) == 2.5
    assert percentile_cont([float(n) for n in range(1, 11)], 0.9) == pytest.approx(9.1)


def test_percentiles_group_by_region(now):
    from django.db.models import F

    application("KZ-75", status="accepted", submitted_at=at(1), accepted_at=at(2))
    application("KZ-75", status="accepted", submitted_at=at(1), accepted_at=at(4))
    application("KZ-71", status="accepted", submitted_at=at(1), accepted_at=at(11))
    result = durations_percentiles(Application.objects.all(), start=F("submitted_at"), end=F("accepted_at"),
                                   group_by="region_id")
    assert result[region("KZ-75").pk].count == 2 and result[region("KZ-75").pk].values[0] == pytest.approx(2.0)
    assert result[region("KZ-71").pk].values == (pytest.approx(10.0), pytest.approx(10.0))


def test_the_spread_is_1_then_0_over_an_even_run(client, now, almaty_staff, almaty_bailiffs):
    for _ in range(7):
        assigned()
    response, d = dashboard(client, almaty_staff)
    cases = {b.bailiff_id: b.cases for b in d.region_cases.bailiffs}
    assert sorted(cases.values()) == [2, 2, 3]
    assert d.region_cases.decisions == 7 and d.region_cases.spread == 1
    assert all(b.throughout for b in d.region_cases.bailiffs)
    assert b'data-figure="region-spread">1<' in response.content

    for _ in range(2):
        assigned()
    response, d = dashboard(client, almaty_staff)
    assert [b.cases for b in d.region_cases.bailiffs] == [3, 3, 3]
    assert d.region_cases.spread == 0
    assert b'data-figure="region-spread">0<' in response.content


def test_a_bailiff_out_of_the_draw_for_part_of_the_period_is_listed_but_not_in_the_spread(
        client, now, almaty_staff, almaty_bailiffs):
    with time_machine.travel(at(2, hour=12), tick=False):
        for _ in range(3):
            assigned()
    BailiffPause.objects.create(bailiff=almaty_bailiffs[0], starts_on=date(2026, 11, 16), ends_on=date(2026, 11, 30),
                                reason="leave")
    for _ in range(4):
        assigned()

    _response, d = dashboard(client, almaty_staff)

    rows = {b.bailiff_id: b for b in d.region_cases.bailiffs}
    paused = rows[almaty_bailiffs[0].pk]
    assert (paused.cases, paused.in_draw, paused.throughout) == (1, 3, False)
    assert sorted(b.cases for b in d.region_cases.even_set) == [3, 3]
    assert d.region_cases.spread == 0


def test_the_dashboard_counts_overdue_originals_acceptances_and_initiations(client, now, almaty_staff, almaty_bailiffs,
                                                                  settings):
    settings.INTAKE_ACCEPTANCE_DUE_WORKING_DAYS = 3
    application(status="submitted", original_due=date(2026, 11, 17))  # overdue: the sweep lapses it tonight
    application(status="submitted", original_due=date(2026, 11, 18))  # due today: not yet
    application(status="awaiting_duplicate", original_due=date(2026, 11, 10))  # the clock stops for a duplicate
    application(status="lapsed", original_due=date(2026, 11, 6))  # missed in the period
    application(status="lapsed", original_due=date(2026, 10, 20))  # missed before the period
    # Wednesday 18 November: three working days (13, 16, 17 November) have passed since Thursday 12 November.
    assert acceptance_cutoff(NOW.date()) == date(2026, 11, 12)
    application(status="original_received", original_received_at=at(12, hour=17))  # overdue
    application(status="original_received", original_received_at=at(13, hour=9))  # within the 3 working days
    late = assigned()
    assigned()  # due in three working days: not overdue
    Assignment.objects.filter(application=late).update(initiation_due=date(2026, 11, 17))

    response, d = dashboard(client, almaty_staff)

    o = d.overdue
    assert (o.originals, o.lapsed, o.acceptances, o.initiations) == (1, 1, 1, 1)
    assert (o.initiations_due, o.initiations_late) == (1, 1)
    assert [row.cells[0] for row in response.context["charts"]["overdue"].rows] == ["1", "1", "1", "1", "1"]


def test_regional_staff_see_only_their_region(client, now, almaty_staff, almaty_bailiffs, astana_bailiffs):
    application("KZ-75", status="submitted")
    for _ in range(3):
        application("KZ-71", status="submitted")
    assigned("KZ-71")
    application("KZ-71", status="original_received", original_received_at=at(2))

    response, d = dashboard(client, almaty_staff, region="KZ-71")  # asking for another region changes nothing

    assert d.scope.region.code == "KZ-75" and d.submitted == 1
    assert d.overdue.acceptances == 0
    assert list(d.distribution) == [region("KZ-75").pk]
    assert d.regions == []
    html = response.content.decode()
    assert "Астанинский Пристав" not in html and 'name="region"' not in html
    assert 'data-testid="regions-table"' not in html


def test_national_staff_see_every_region_and_can_pick_one(client, now, national_staff, almaty_bailiffs,
                                                           astana_bailiffs):
    application("KZ-75", status="submitted")
    for _ in range(3):
        application("KZ-71", status="submitted")
    assigned("KZ-71")
    assigned("KZ-75")

    response, d = dashboard(client, national_staff)
    assert d.scope.national and d.submitted == 6
    rows = {row.region.code: row for row in d.regions}
    assert (rows["KZ-75"].submitted, rows["KZ-71"].submitted, rows["KZ-10"].submitted) == (2, 4, 0)
    assert (rows["KZ-75"].assigned, rows["KZ-71"].assigned) == (1, 1)
    assert rows["KZ-71"].spread == 1
    assert 'data-region="KZ-71"' in response.content.decode()

    response, d = dashboard(client, national_staff, region="KZ-71")
    assert d.scope.region.code == "KZ-71" and d.submitted == 4
    html = response.content.decode()
    assert "Астанинский Пристав 1" in html and "Алматинский Пристав" not in html


@pytest.mark.parametrize("role", ["lawyer", "bailiff"])
def test_lawyers_and_bailiffs_get_a_404(client, role):
    client.force_login(UserFactory(role=role))
    assert client.get(URL).status_code == 404


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get(URL)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_the_staff_menu_links_to_the_dashboard(client, almaty_staff):
    client.force_login(almaty_staff)
    assert f'href="{URL}"' in client.get(reverse("home")).content.decode()


def test_the_period_filter_narrows_the_figures_and_a_reversed_period_shows_the_current_month(
        client, now, almaty_staff):
    application(status="submitted", submitted_at=at(20, month=10))
    application(status="submitted", submitted_at=at(5))

    _response, d = dashboard(client, almaty_staff, since="2026-10-01", until="2026-10-31")
    assert (d.period.since, d.period.until, d.submitted) == (date(2026, 10, 1), date(2026, 10, 31), 1)

    response, d = dashboard(client, almaty_staff, since="2026-11-10", until="2026-11-01")
    assert (d.period.since, d.period.until) == (date(2026, 11, 1), date(2026, 11, 18))
    assert str(PERIOD_REVERSED) in response.content.decode()

    _response, d = dashboard(client, almaty_staff, since="2026-10-15")  # "to" defaults to today
    assert (d.period.since, d.period.until, d.submitted) == (date(2026, 10, 15), date(2026, 11, 18), 2)
    _response, d = dashboard(client, almaty_staff, until="2026-10-31")  # "from" to the first of that month
    assert (d.period.since, d.period.until) == (date(2026, 10, 1), date(2026, 10, 31))

    response, d = dashboard(client, almaty_staff, since="2026-01-01")  # longer than a quarter
    assert (d.period.since, d.period.until) == (date(2026, 11, 1), date(2026, 11, 18))
    assert str(PERIOD_TOO_LONG % {"days": MAX_PERIOD_DAYS}) in response.content.decode()


def _queries(client, user, **params) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(URL, params).status_code == 200
    return len(captured)


def test_the_number_of_queries_does_not_grow_with_the_bailiffs(client, now, almaty_staff, national_staff):
    almaty = region("KZ-75")
    for _ in range(2):
        BailiffFactory(region=almaty)
    for _ in range(4):
        assigned()
    few = (_queries(client, almaty_staff), _queries(client, national_staff),
           _queries(client, national_staff, region="KZ-75"))
    for _ in range(18):
        BailiffFactory(region=almaty)
        BailiffFactory(region=region("KZ-71"))
    for _ in range(30):
        assigned()
        assigned("KZ-71")
    many = (_queries(client, almaty_staff), _queries(client, national_staff),
            _queries(client, national_staff, region="KZ-75"))
    assert many == few


@pytest.mark.parametrize("params", [{}, {"region": "KZ-75"}])
def test_every_chart_is_drawn_with_its_table(client, now, national_staff, almaty_bailiffs, params):
    application(status="accepted", submitted_at=at(16, hour=12), accepted_at=at(18, hour=12))
    assigned(submitted_at=at(16, hour=12))  # accepted now (18 November, noon): 2 days too
    response, _d = dashboard(client, national_staff, **params)
    html = response.content.decode()
    charts = response.context["charts"]
    assert sorted(charts) == sorted(CHARTS)
    for key in CHARTS:
        assert f'data-chart="{key}"' in html
        assert f'data-chart-table="{key}"' in html
        assert f'aria-describedby="chart-{key}-table"' in html, key
    accepted = charts["durations"].rows[1]  # the steps in order: original received, accepted, assigned, initiated
    assert accepted.cells == ["2,0", "2,0", "2"]  # median, 90th percentile, how many; a Russian decimal comma
    assert 'viewBox="0 0 720 ' in html  # coordinates are never localised


def test_a_region_with_a_single_bailiff_in_the_draw_has_no_spread(client, now, almaty_staff):
    BailiffFactory(region=region("KZ-75"), full_name="Единственный Пристав")
    for _ in range(3):
        assigned()
    response, d = dashboard(client, almaty_staff)
    assert [b.cases for b in d.region_cases.bailiffs] == [3]
    assert d.region_cases.spread is None
    assert b'data-figure="region-spread">\xe2\x80\x94<' in response.content  # an em dash
