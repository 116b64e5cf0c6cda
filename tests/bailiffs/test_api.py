from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bailiffs.models import BailiffPause, BailiffStatus
from bailiffs.services import NOT_IN_FUTURE, PAUSE_ENDS_BEFORE_START, bailiff_set_status
from intake.models import Status
from tests.factories import AssignedApplicationFactory, BailiffFactory, UserFactory, region, registry_staff

pytestmark = pytest.mark.django_db

API = "/api/v1/bailiffs/"
STAFF_FIELDS = {"id", "full_name", "iin", "licence_number", "licence_date", "region", "office_address", "phone",
                "office_hours", "status", "paused_today", "open_cases", "updated_at"}
# updated_at: every list's rows carry it (issue 14, docs/architecture.md §7).
PUBLIC_FIELDS = {"id", "full_name", "licence_number", "region", "office_address", "phone", "office_hours", "status",
                 "updated_at"}


def _as(client, user):
    client.force_login(user)
    return client


def _post(client, url, body):
    return client.post(url, body, content_type="application/json")


def _today(days: int = 0) -> str:
    return str(timezone.localdate() + timedelta(days=days))


def test_staff_read_every_field_of_a_bailiff_with_the_load(client, almaty_staff, almaty, astana):
    AssignedApplicationFactory()
    BailiffPause.objects.create(bailiff=almaty[1], starts_on=timezone.localdate(), ends_on=timezone.localdate(),
                                reason="illness")
    body = _as(client, almaty_staff).get(API).json()
    assert body["count"] == 2
    bekova, seitkali = body["results"]
    assert set(bekova) == STAFF_FIELDS
    assert (bekova["iin"], bekova["region"], bekova["open_cases"], bekova["paused_today"]) == (
        "791028302728", "KZ-75", 1, False)
    assert (seitkali["open_cases"], seitkali["paused_today"]) == (0, True)


@pytest.mark.parametrize("role", ["lawyer", "bailiff"])
def test_everyone_else_reads_only_the_public_fields_of_active_bailiffs(client, almaty, astana, role):
    bailiff_set_status(bailiff=almaty[1], status="excluded", effective_on=timezone.localdate(), reason="Decision 4",
                       by=registry_staff())
    body = _as(client, UserFactory(role=role)).get(API).json()
    assert {row["full_name"] for row in body["results"]} == {"Aigerim Bekova", "Yerlan Omarov"}
    assert all(set(row) == PUBLIC_FIELDS for row in body["results"])
    assert "791028302728" not in str(body)
    assert client.get(f"{API}{almaty[1].pk}/").status_code == 404


def test_the_api_list_filters_by_region_status_and_search(client, national_staff, almaty, astana):
    bailiff_set_status(bailiff=almaty[1], status="suspended", effective_on=timezone.localdate(), reason="Order 1",
                       order_reference="MJ order 1", by=registry_staff())
    _as(client, national_staff)

    def names(**query):
        return [row["full_name"] for row in client.get(API, query).json()["results"]]

    assert names(region="KZ-71") == ["Yerlan Omarov"]
    assert names(status="suspended") == ["Daniyar Seitkali"]
    assert names(region="KZ-75", status="active") == ["Aigerim Bekova"]
    assert names(search="75-000102") == ["Daniyar Seitkali"]
    assert names(search="791028302728") == ["Aigerim Bekova"]


def test_the_public_cannot_search_bailiffs_by_iin(client, lawyer, almaty):
    body = _as(client, lawyer).get(API, {"search": "791028302728"}).json()
    assert body["count"] == 0


def test_staff_pause_a_bailiff_through_the_api(client, almaty_staff, almaty):
    response = _post(_as(client, almaty_staff), f"{API}{almaty[0].pk}/pause/",
                     {"starts_on": _today(), "ends_on": _today(3), "reason": "leave"})
    assert response.status_code == 200, response.json()
    assert response.json()["paused_today"] is True
    assert almaty[0].pauses.get().reason == "leave"


def test_a_pause_ending_before_it_starts_is_a_400_at_ends_on(client, almaty_staff, almaty):
    response = _post(_as(client, almaty_staff), f"{API}{almaty[0].pk}/pause/",
                     {"starts_on": _today(5), "ends_on": _today(1), "reason": "leave"})
    assert response.status_code == 400
    assert response.json() == {"ends_on": [str(PAUSE_ENDS_BEFORE_START)]}


def test_an_unknown_pause_reason_is_a_400(client, almaty_staff, almaty):
    response = _post(_as(client, almaty_staff), f"{API}{almaty[0].pk}/pause/",
                     {"starts_on": _today(), "ends_on": _today(1), "reason": "holiday"})
    assert response.status_code == 400 and "reason" in response.json()


def test_a_future_effective_date_is_a_400_at_effective_on(client, almaty_staff, almaty):
    response = _post(_as(client, almaty_staff), f"{API}{almaty[0].pk}/suspend/",
                     {"effective_on": _today(1), "reason": "Order 1", "order_reference": "MJ 1"})
    assert response.status_code == 400
    assert response.json() == {"effective_on": [str(NOT_IN_FUTURE)]}


def test_suspending_an_already_suspended_bailiff_is_a_409(client, almaty_staff, almaty):
    bailiff_set_status(bailiff=almaty[0], status="suspended", effective_on=timezone.localdate(), reason="Order 1",
                       order_reference="MJ order 1", by=registry_staff())
    response = _post(_as(client, almaty_staff), f"{API}{almaty[0].pk}/suspend/",
                     {"effective_on": _today(), "reason": "Order 2"})
    assert response.status_code == 409
    assert response.json()["code"] == "invalid_state"


@pytest.mark.parametrize(("name", "status"), [
    ("suspend", BailiffStatus.SUSPENDED), ("terminate", BailiffStatus.TERMINATED), ("exclude", BailiffStatus.EXCLUDED),
])
def test_a_licence_change_takes_the_bailiff_out_of_the_rotation_and_moves_her_cases(
    client, almaty_staff, almaty, django_capture_on_commit_callbacks, name, status
):
    decision = AssignedApplicationFactory().decision
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(_as(client, almaty_staff), f"{API}{almaty[0].pk}/{name}/",
                         {"effective_on": _today(), "reason": "Order 5", "order_reference": "MJ 5"})
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == status
    # The cases move after the change is committed.
    assert client.get(f"{API}{almaty[0].pk}/").json()["open_cases"] == 0
    decision.application.refresh_from_db()
    assert (decision.application.status, decision.application.assigned_bailiff) == (Status.ASSIGNED, almaty[1])


def test_staff_reinstate_and_then_transfer_a_bailiff_out_of_their_region(client, almaty_staff, almaty):
    bailiff_set_status(bailiff=almaty[1], status="suspended", effective_on=timezone.localdate(), reason="Order 1",
                       order_reference="MJ order 1", by=registry_staff())
    _as(client, almaty_staff)
    reinstated = _post(client, f"{API}{almaty[1].pk}/reinstate/",
                       {"effective_on": _today(), "reason": "Order 2", "order_reference": "MJ 2"})
    assert reinstated.json()["status"] == "active"
    moved = _post(client, f"{API}{almaty[1].pk}/transfer/",
                  {"effective_on": _today(), "region": "KZ-71", "reason": "Order 3"})
    assert moved.status_code == 200 and moved.json()["region"] == "KZ-71"
    # Now in Astana: no longer the Almaty chamber's to manage.
    assert client.get(f"{API}{almaty[1].pk}/").status_code == 404


def test_a_transfer_to_an_unknown_or_the_same_region_is_a_400_at_region(client, almaty_staff, almaty):
    _as(client, almaty_staff)
    unknown = _post(client, f"{API}{almaty[0].pk}/transfer/",
                    {"effective_on": _today(), "region": "KZ-99", "reason": "Order 3"})
    same = _post(client, f"{API}{almaty[0].pk}/transfer/",
                 {"effective_on": _today(), "region": "KZ-75", "reason": "Order 3"})
    assert (unknown.status_code, same.status_code) == (400, 400)
    assert "region" in unknown.json() and "region" in same.json()


def test_staff_of_another_region_and_lawyers_get_404_and_change_nothing(client, astana_staff, lawyer, almaty):
    body = {"effective_on": _today(), "reason": "Order 1"}
    assert _post(_as(client, astana_staff), f"{API}{almaty[0].pk}/suspend/", body).status_code == 404
    assert client.get(f"{API}{almaty[0].pk}/").status_code == 404
    assert _post(_as(client, lawyer), f"{API}{almaty[0].pk}/suspend/", body).status_code == 404
    almaty[0].refresh_from_db()
    assert almaty[0].status == BailiffStatus.ACTIVE


def test_anonymous_callers_are_refused_the_bailiff_api(client, almaty):
    assert client.get(API).status_code in (401, 403)


def test_the_api_lists_bailiffs_in_a_constant_number_of_queries(client, national_staff):
    _as(client, national_staff)

    def queries(n):
        for _ in range(n):
            BailiffFactory(region=region("KZ-75"))
            AssignedApplicationFactory()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(API).status_code == 200
        return len(captured)

    assert queries(3) == queries(27)
