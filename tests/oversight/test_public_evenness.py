"""The public page on the evenness of distribution: no login, per region the cases per bailiff in the current and the
past month and the spread, and nothing personal beyond the names of the public registry."""

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bailiffs.models import BailiffStatus
from tests.factories import BailiffFactory, region

from .conftest import application, assigned, at

pytestmark = pytest.mark.django_db

URL = reverse("oversight:evenness")


def test_anyone_sees_the_cases_per_bailiff_this_month_and_last_month_with_the_spread(client, now, almaty_bailiffs):
    with time_machine.travel(at(20, month=10), tick=False):
        for _ in range(6):
            assigned()
    for _ in range(4):
        assigned()

    response = client.get(URL)

    assert response.status_code == 200
    current, previous, regions = response.context["current"], response.context["previous"], response.context["regions"]
    assert (current.since.isoformat(), current.until.isoformat()) == ("2026-11-01", "2026-11-18")
    assert (previous.since.isoformat(), previous.until.isoformat()) == ("2026-10-01", "2026-10-31")
    almaty = next(r for r in regions if r.region.code == "KZ-75")
    assert [(row.name, row.current, row.previous) for row in almaty.rows] == [
        ("Алматинский Пристав 1", 2, 2), ("Алматинский Пристав 2", 1, 2), ("Алматинский Пристав 3", 1, 2)]
    assert (almaty.current.decisions, almaty.current.spread, almaty.previous.decisions, almaty.previous.spread) == (
        4, 1, 6, 0)
    html = response.content.decode()
    assert "Алматинский Пристав 2" in html
    assert 'data-figure="current-spread">1<' in html and 'data-figure="previous-spread">0<' in html
    assert 'data-chart="evenness"' in html and 'data-chart-table="evenness"' in html


def test_the_public_evenness_page_shows_no_personal_data_beyond_the_bailiffs_names(client, now, almaty_bailiffs):
    case = assigned(debtor_name="Должников Должник Должникович", creditor_name="ТОО «Тайный Кредитор»")
    bailiff = case.assigned_bailiff
    bailiff.phone, bailiff.iin = "+7 700 111 22 33", "791028302728"
    bailiff.save()

    html = client.get(URL).content.decode()

    for secret in (case.reference, case.debtor_name, case.debtor_iin_bin, case.creditor_name, case.creditor_iin_bin,
                   case.lawyer.username, case.lawyer.full_name, bailiff.licence_number, bailiff.phone, bailiff.iin,
                   bailiff.user.username):
        assert secret not in html, secret
    assert bailiff.full_name in html


def test_a_bailiff_no_longer_in_the_registry_is_counted_without_a_name(client, now, almaty_bailiffs):
    for _ in range(3):
        assigned()
    gone = almaty_bailiffs[2]
    gone.status = BailiffStatus.SUSPENDED
    gone.save()

    response = client.get(URL)

    almaty = next(r for r in response.context["regions"] if r.region.code == "KZ-75")
    assert [(row.name, row.current) for row in almaty.rows] == [
        ("Алматинский Пристав 1", 1), ("Алматинский Пристав 2", 1), ("", 1)]
    assert gone.full_name not in response.content.decode()


def test_districts_without_bailiffs_or_cases_are_listed_apart(client, now, almaty_bailiffs):
    assigned()
    response = client.get(URL)
    codes = [r.region.code for r in response.context["regions"]]
    assert codes == ["KZ-75"]
    assert region("KZ-71") in response.context["without_data"]


def test_the_landing_page_and_the_public_registry_link_to_it(client):
    for page in (reverse("home"), reverse("public_registry")):
        assert f'href="{URL}"' in client.get(page).content.decode(), page


def test_the_number_of_queries_does_not_grow_with_the_bailiffs_and_repeated_visits_are_cached(client, now):
    def queries() -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL).status_code == 200
        return len(captured)

    for _ in range(2):
        BailiffFactory(region=region("KZ-75"))
    assigned()
    few = queries()
    for code in ("KZ-75", "KZ-71", "KZ-79"):
        for _ in range(10):
            BailiffFactory(region=region(code))
        for _ in range(12):
            assigned(code)
    application("KZ-79", status="submitted")
    assert queries() == few
    with CaptureQueriesContext(connection) as captured:  # within EVENNESS_CACHE_SECONDS: no query at all
        assert client.get(URL).status_code == 200
    assert len(captured) == 0
