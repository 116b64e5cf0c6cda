"""The lawyer's list, the staff queue and the API list read a fixed number of queries, however many rows a page shows
(issue 15): a query per row (N+1) would show here before it shows in benchmarks/web.py."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from intake.services import application_submit
from tests.factories import ApplicationFactory, BailiffFactory, UserFactory, region

pytestmark = pytest.mark.django_db

# What a page costs, row count aside. Web pages: the session, the user, the second-factor device, the paginator's
# COUNT, the page's rows, the notification bell; the queue adds the calendar for the rows' age in working days, the
# staff member's region (the header names it) and the reference-data warnings (the MRP years; in December next
# year's calendar too). The API: the token (not knox's sweep of the user's other tokens: the daily purge's), COUNT,
# rows.
MAX_QUERIES = {"lawyer list": 6, "staff queue": 10, "API list": 3}


@pytest.fixture
def people():
    lawyer = UserFactory(role="lawyer")
    staff = UserFactory(role="staff", region=region("KZ-75"))
    return lawyer, staff


def _add(lawyer, n: int) -> None:
    """n submitted applications of the lawyer in Almaty, some with a bailiff and some without a region's row."""
    bailiff = BailiffFactory(region=region("KZ-75"))
    for i in range(n):
        application = application_submit(application=ApplicationFactory(lawyer=lawyer), by=lawyer)
        if i % 3 == 0:
            application.assigned_bailiff = bailiff
            application.save(update_fields=["assigned_bailiff"])
    ApplicationFactory(lawyer=lawyer, region=None, document_kind=None)  # a bare draft


def _queries(client, url, **headers) -> int:
    """The queries of a page as it is asked for again and again: the filter form's fragment and the day's reference
    warnings cached (each read once in a few minutes)."""
    cache.clear()
    assert client.get(url, **headers).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    assert response.status_code == 200
    return len(queries)


def _counts(client, lawyer, staff, token) -> dict[str, int]:
    client.force_login(lawyer)
    counts = {"lawyer list": _queries(client, reverse("intake:application_list"))}
    client.force_login(staff)
    counts["staff queue"] = _queries(client, reverse("intake:staff_queue"))
    client.logout()
    counts["API list"] = _queries(client, "/api/v1/applications/", HTTP_AUTHORIZATION=f"Token {token}")
    return counts


def test_each_list_reads_the_same_few_queries_for_2_rows_as_for_a_full_page(client, people):
    from knox.models import get_token_model

    lawyer, staff = people
    _instance, token = get_token_model().objects.create(user=lawyer, expiry=None)
    _add(lawyer, 2)
    few = _counts(client, lawyer, staff, token)
    _add(lawyer, 48)  # a full page of the queue (50), two of the lawyer's list (25)
    many = _counts(client, lawyer, staff, token)
    assert few == many
    for page, count in many.items():
        assert count <= MAX_QUERIES[page], (page, count)
