"""The monthly report opens on the last complete month, or on the current month so far when only it has figures:
never on an empty month when there is something to report."""

import pytest
from django.urls import reverse

from oversight.monthly_report import Month

from .conftest import application, at

pytestmark = pytest.mark.django_db

NOVEMBER, OCTOBER = Month.of(2026, 11), Month.of(2026, 10)


def test_the_report_opens_on_the_current_month_when_only_it_has_figures_and_says_so(client, now, almaty_staff):
    application(submitted_at=at(3), status="submitted")
    client.force_login(almaty_staff)
    response = client.get(reverse("monthly_report"))
    assert response.status_code == 200
    assert response.context["report"].month == NOVEMBER
    assert response.context["report"].regions[0].received == 1
    assert 'data-testid="current-month-note"' in response.content.decode()


def test_the_report_opens_on_the_last_complete_month_when_that_has_figures(client, now, almaty_staff):
    application(submitted_at=at(3), status="submitted")
    application(submitted_at=at(20, month=10), status="submitted")
    client.force_login(almaty_staff)
    response = client.get(reverse("monthly_report"))
    assert response.context["report"].month == OCTOBER
    assert 'data-testid="current-month-note"' not in response.content.decode()


def test_only_the_staff_members_region_decides_which_month_the_report_opens_on(client, now, almaty_staff):
    application("KZ-71", submitted_at=at(3), status="submitted")  # Astana's figures are not Almaty's
    client.force_login(almaty_staff)
    assert client.get(reverse("monthly_report")).context["report"].month == OCTOBER


def test_a_month_asked_for_is_shown_as_asked(client, now, almaty_staff):
    application(submitted_at=at(3), status="submitted")
    client.force_login(almaty_staff)
    response = client.get(reverse("monthly_report"), {"month": "2026-10"})
    assert response.context["report"].month == OCTOBER
    assert 'data-testid="current-month-note"' not in response.content.decode()
