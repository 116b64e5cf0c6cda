"""Every list of the API (docs/architecture.md §7: every list): rows carry `updated_at`, `?updated_after=` keeps the
rows
changed (or written) after a time, `?page_size=` sets the page (up to 500). One mechanism for all
(chamber_portal.core.api_lists): this test walks the lists one by one, with a change made an hour later."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.test import Client
from django.utils.dateparse import parse_datetime

from bailiffs.services import bailiff_set_status
from chamber_portal.core.api_lists import UPDATED_AFTER_INVALID
from complaints.services import breach_decision_appeal, complaint_take, reassignment_release
from inspections.services import inspection_start
from intake.services.powers import power_of_attorney_upload
from tests.factories import VALID_BIN, VALID_BIN_2, AssignedApplicationFactory, pdf_upload
from tests.review.scope_world import World
from webhooks.services import webhook_endpoint_create

pytestmark = pytest.mark.django_db

T0 = datetime.fromisoformat("2026-06-17T11:00:00+05:00")  # a Wednesday
T1 = T0 + timedelta(hours=1)
SINCE = (T0 + timedelta(minutes=30)).isoformat()


def _poa(w, iin_bin):
    return power_of_attorney_upload(lawyer=w.lawyer, creditor_iin_bin=iin_bin, file=pdf_upload("poa.pdf"),
                                    valid_until=w.today + timedelta(days=90))


# (list, who asks, what exists at T0, the change at T1 -> the id of the row that changed or was written)
LISTS = {
    "bailiffs": ("staff", lambda w: w.holder,
                 lambda w: bailiff_set_status(bailiff=w.other, status="suspended", effective_on=w.today,
                                              reason="Приказ № 4", order_reference="Приказ МЮ № 4 от 17.06.2026",
                                              by=w.staff).pk),
    "complaints": ("staff", lambda w: w.complaint,
                   lambda w: complaint_take(complaint=w.complaint, owner=w.staff, by=w.staff).pk),
    "breach-decisions": ("staff", lambda w: w.breach_decision,
                         lambda w: breach_decision_appeal(decision=w.breach_decision, by=w.staff,
                                                          filed_on=w.today).pk),
    "reassignments": ("staff", lambda w: w.releasable,
                      lambda w: reassignment_release(reassignment=w.releasable, by=w.staff) and w.releasable.pk),
    "inspections": ("staff", lambda w: w.inspection,
                    lambda w: inspection_start(inspection=w.inspection, by=w.staff).pk),
    "distribution-log": ("staff", lambda w: w.case,
                         lambda w: AssignedApplicationFactory(lawyer=w.lawyer).decisions.get().pk),
    "powers-of-attorney": ("lawyer", lambda w: _poa(w, VALID_BIN), lambda w: _poa(w, VALID_BIN_2).pk),
    "webhooks": ("lawyer", lambda w: webhook_endpoint_create(lawyer=w.lawyer, url="https://127.0.0.1/a"),
                 lambda w: webhook_endpoint_create(lawyer=w.lawyer, url="https://127.0.0.1/b").pk),
}


@pytest.fixture(autouse=True)
def _no_settling(settings):
    settings.EVENTS_FEED_SETTLE_SECONDS = 0


def _rows(client, resource, **query):
    response = client.get(f"/api/v1/{resource}/", query)
    assert response.status_code == 200, response.content
    return response.json()["results"]


@pytest.mark.parametrize("resource", list(LISTS))
def test_every_list_carries_updated_at_and_takes_updated_after_and_page_size(resource):
    who, before, change = LISTS[resource]
    client = Client()
    with time_machine.travel(T0, tick=False):
        world = World()
        before(world)
        client.force_login(world.users[who])
        rows = _rows(client, resource)
        assert rows and all(parse_datetime(row["updated_at"]) <= T0 for row in rows)
        assert len(_rows(client, resource, page_size=1)) == 1
        assert _rows(client, resource, updated_after=SINCE) == []
    with time_machine.travel(T1, tick=False):
        changed = change(world)
        client.force_login(world.users[who])  # an hour later: staff's idle session has ended
        rows = _rows(client, resource, updated_after=SINCE)
    assert changed in [row["id"] for row in rows]
    assert all(parse_datetime(row["updated_at"]) == T1 for row in rows)


@pytest.mark.parametrize("resource", list(LISTS))
def test_every_list_refuses_a_time_without_its_offset(client, lawyer, resource):
    client.force_login(lawyer)
    response = client.get(f"/api/v1/{resource}/", {"updated_after": "2026-06-17T10:00:00"})
    assert response.status_code == 400
    assert response.json() == {"updated_after": [str(UPDATED_AFTER_INVALID)]}


def test_the_feed_takes_updated_after_too_and_its_rows_carry_updated_at():
    client = Client()
    with time_machine.travel(T0, tick=False):
        world = World()
    with time_machine.travel(T0 + timedelta(seconds=1), tick=False):  # the feed shows events once settled
        client.force_login(world.lawyer)
        first = client.get("/api/v1/events/").json()["results"]
        assert first and all(row["updated_at"] == row["at"] for row in first)
        assert client.get("/api/v1/events/", {"updated_after": SINCE}).json()["results"] == []
    with time_machine.travel(T1, tick=False):
        world.initiated  # noqa: B018 (acknowledged and initiated by the bailiff: a status event)
    with time_machine.travel(T1 + timedelta(seconds=1), tick=False):
        later = client.get("/api/v1/events/", {"updated_after": SINCE}).json()["results"]
        page = client.get("/api/v1/events/", {"updated_after": SINCE, "page_size": 1}).json()
        rest = client.get(page["next"]).json()["results"]
        assert client.get("/api/v1/events/", {"updated_after": "soon"}).status_code == 400
    assert later[-1]["to"] == "in_enforcement" and {row["at"] for row in later} == {later[0]["updated_at"]}
    assert len(later) > 1 and [row["id"] for row in later] == [page["results"][0]["id"], *[r["id"] for r in rest]]
    assert "updated_after=" in page["next"]  # the next page keeps the filter


def test_the_delivery_log_takes_updated_after(client, lawyer):
    from webhooks.models import WebhookDelivery

    with time_machine.travel(T0, tick=False):
        endpoint = webhook_endpoint_create(lawyer=lawyer, url="https://127.0.0.1/hook")
        WebhookDelivery.objects.create(endpoint=endpoint, event_id=1, payload={})
    with time_machine.travel(T1, tick=False):
        recent = WebhookDelivery.objects.create(endpoint=endpoint, event_id=2, payload={})
    client.force_login(lawyer)
    rows = client.get(f"/api/v1/webhooks/{endpoint.pk}/deliveries/", {"updated_after": SINCE}).json()["results"]
    assert [row["id"] for row in rows] == [recent.pk]


def test_the_schema_documents_updated_after_page_size_and_updated_at_on_every_list(client):
    schema = client.get("/api/v1/schema/", {"format": "json"}).json()
    components = schema["components"]["schemas"]
    problems = []
    for path, methods in schema["paths"].items():
        operation = methods.get("get")
        query = {p["name"] for p in (operation or {}).get("parameters", []) if p["in"] == "query"}
        if "page" not in query and path != "/api/v1/events/":
            continue  # not a list (or a list of one record's few rows, without pages)
        if path == "/api/v1/inspection-candidates/":
            continue  # figures computed over a period, not stored rows
        if not {"updated_after", "page_size"} <= query:
            problems.append(f"{path}: {sorted(query)}")
        page = components[operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
                          .rsplit("/", 1)[-1]]
        row = components[page["properties"]["results"]["items"]["$ref"].rsplit("/", 1)[-1]]
        if "updated_at" not in row["properties"]:
            problems.append(f"{path}: rows without updated_at")
    assert problems == []


def test_a_reassignment_changes_when_its_breach_decision_is_appealed():
    """Its row shows the decision's appeal status: an appeal is a change of the reassignment's row too."""
    client = Client()
    with time_machine.travel(T0, tick=False):
        world = World()
        held = world.releasable
    with time_machine.travel(T1, tick=False):
        breach_decision_appeal(decision=held.decision, by=world.staff, filed_on=world.today)
        client.force_login(world.staff)
        rows = _rows(client, "reassignments", updated_after=SINCE)
    assert [(row["id"], row["appeal_status"]) for row in rows] == [(held.pk, "pending")]
