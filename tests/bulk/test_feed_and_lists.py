"""The change feed (events/) and what every list takes (page_size, updated_after, updated_at), issue 14."""

import threading
from datetime import timedelta

import pytest
import time_machine
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from chamber_portal.core.api_lists import UPDATED_AFTER_INVALID
from chamber_portal.core.models import AuditEvent
from intake.models import Application
from intake.services import application_submit
from tests.factories import ApplicationFactory, UserFactory, region

pytestmark = pytest.mark.django_db

EVENTS = "/api/v1/events/"
API = "/api/v1/applications/"


@pytest.fixture(autouse=True)
def _no_settling(settings):
    settings.EVENTS_FEED_SETTLE_SECONDS = 0


@pytest.fixture
def lawyer_api(client, lawyer):
    client.force_login(lawyer)
    return client


def _submitted(lawyer):
    application = ApplicationFactory(lawyer=lawyer)
    return application_submit(application=application, by=lawyer)


def test_the_feed_gives_the_callers_status_events_oldest_first_by_a_cursor(lawyer_api, lawyer):
    mine = [_submitted(lawyer) for _ in range(3)]
    _submitted(UserFactory(role="lawyer"))  # another lawyer's
    created = lawyer_api.post(API, {"court_name": "Суд"}, content_type="application/json").json()
    page = lawyer_api.get(EVENTS, {"page_size": 2}).json()
    assert [(e["application"], e["from"], e["to"]) for e in page["results"]] == [
        (mine[0].pk, "draft", "submitted"), (mine[1].pk, "draft", "submitted"),
    ]
    assert page["results"][0]["reference"] == mine[0].reference
    assert {"id", "application", "reference", "from", "to", "at", "updated_at"} == set(page["results"][0])
    rest = lawyer_api.get(page["next"]).json()
    assert [(e["application"], e["from"], e["to"]) for e in rest["results"]] == [
        (mine[2].pk, "draft", "submitted"), (created["id"], None, "draft")]
    assert rest["next"] is None
    ids = [e["id"] for e in page["results"] + rest["results"]]
    assert ids == sorted(ids)
    assert lawyer_api.get(EVENTS, {"after": ids[-1]}).json()["results"] == []


def test_the_feed_refuses_a_bad_cursor_and_a_page_over_500(lawyer_api):
    assert "after" in lawyer_api.get(EVENTS, {"after": "x"}).json()
    assert "page_size" in lawyer_api.get(EVENTS, {"page_size": 501}).json()


def test_staff_see_the_events_of_their_region_only(client, lawyer):
    almaty = _submitted(lawyer)
    astana = ApplicationFactory(lawyer=lawyer, region=region("KZ-71"))
    application_submit(application=astana, by=lawyer)
    staff = UserFactory(role="staff", region=almaty.region)
    client.force_login(staff)
    response = client.get(EVENTS)
    assert response.status_code == 200, response.json()
    assert {e["application"] for e in response.json()["results"]} == {almaty.pk}


def test_the_feed_waits_for_an_event_to_settle(lawyer_api, lawyer, settings):
    settings.EVENTS_FEED_SETTLE_SECONDS = 5
    _submitted(lawyer)
    assert lawyer_api.get(EVENTS).json()["results"] == []
    with time_machine.travel(timezone.now() + timedelta(seconds=6)):
        assert len(lawyer_api.get(EVENTS).json()["results"]) == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_feed_never_passes_an_event_whose_transaction_is_still_open(settings):
    """An older transaction holds a lower event id uncommitted while a newer one commits: the feed waits for both."""
    settings.EVENTS_FEED_SETTLE_SECONDS = 0
    lawyer = UserFactory(role="lawyer", username="feed")
    # Two regions: their reference sequences are locked apart, so the second submit does not wait for the first.
    slow = ApplicationFactory(lawyer=lawyer)
    fast = ApplicationFactory(lawyer=lawyer, region=region("KZ-71"))
    client = Client()
    client.force_login(lawyer)
    cursor = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    written, release = threading.Event(), threading.Event()

    def slow_submit():
        try:
            with transaction.atomic():
                application_submit(application=slow, by=lawyer)
                written.set()
                release.wait(10)
        finally:
            connection.close()

    thread = threading.Thread(target=slow_submit)
    thread.start()
    written.wait(10)
    application_submit(application=fast, by=lawyer)  # a higher event id, committed first
    assert client.get(EVENTS, {"after": cursor}).json()["results"] == []
    release.set()
    thread.join()
    with time_machine.travel(timezone.now() + timedelta(seconds=2)):
        results = client.get(EVENTS, {"after": cursor}).json()["results"]
    assert [e["application"] for e in results] == [slow.pk, fast.pk]


def test_lists_take_a_page_size_up_to_500(lawyer_api, lawyer):
    for _ in range(3):
        ApplicationFactory(lawyer=lawyer, with_documents=False)
    assert len(lawyer_api.get(API, {"page_size": 2}).json()["results"]) == 2
    assert len(lawyer_api.get(API).json()["results"]) == 3
    assert lawyer_api.get(API, {"page_size": 100000}).status_code == 200  # capped at 500


def test_lists_take_updated_after_and_rows_carry_updated_at(lawyer_api, lawyer):
    with time_machine.travel(timezone.now() - timedelta(hours=2), tick=False):
        old = ApplicationFactory(lawyer=lawyer, with_documents=False)
    recent = ApplicationFactory(lawyer=lawyer, with_documents=False)
    since = (timezone.now() - timedelta(hours=1)).isoformat()
    rows = lawyer_api.get(API, {"updated_after": since}).json()["results"]
    assert [row["id"] for row in rows] == [recent.pk]
    assert rows[0]["updated_at"]
    lawyer_api.patch(f"{API}{old.pk}/", {"court_name": "Другой суд"}, content_type="application/json")
    rows = lawyer_api.get(API, {"updated_after": since, "ordering": "updated_at"}).json()["results"]
    assert [row["id"] for row in rows] == [recent.pk, old.pk]
    assert Application.objects.count() == 2


def test_updated_after_needs_an_iso_time_with_its_offset(lawyer_api):
    for bad in ("yesterday", "2026-03-20T10:00:00"):
        response = lawyer_api.get(API, {"updated_after": bad})
        assert response.status_code == 400
        assert response.json() == {"updated_after": [str(UPDATED_AFTER_INVALID)]}
