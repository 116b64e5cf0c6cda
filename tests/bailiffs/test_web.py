from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assignment.models import DistributionDecision, Reason
from bailiffs.models import BailiffPause, BailiffStatus, ConflictOfInterest
from bailiffs.services import ALREADY_IN_STATUS, NOT_IN_FUTURE, PAUSE_ENDS_BEFORE_START, bailiff_set_status
from intake.models import Status
from tests.factories import VALID_IIN_2, AssignedApplicationFactory, BailiffFactory, UserFactory, region, registry_staff

pytestmark = pytest.mark.django_db


def _as(client, user):
    client.force_login(user)
    return client


def _detail(bailiff):
    return reverse("bailiffs:bailiff_detail", args=[bailiff.pk])


def _action(bailiff, name):
    return reverse(f"bailiffs:{name}", args=[bailiff.pk])


def test_regional_staff_see_their_regions_bailiffs_with_their_open_cases(client, almaty_staff, almaty, astana):
    AssignedApplicationFactory()
    AssignedApplicationFactory()
    AssignedApplicationFactory()  # the rotation: Bekova, Seitkali, Bekova
    response = _as(client, almaty_staff).get(reverse("bailiffs:bailiff_list"))
    assert response.status_code == 200
    rows = {b.full_name: b.open_cases for b in response.context["page"]}
    assert rows == {"Aigerim Bekova": 2, "Daniyar Seitkali": 1}
    assert "Yerlan Omarov" not in response.content.decode()


def test_national_staff_see_every_region_and_can_filter_by_one(client, national_staff, almaty, astana):
    _as(client, national_staff)
    everyone = client.get(reverse("bailiffs:bailiff_list"))
    assert {b.full_name for b in everyone.context["page"]} == {"Aigerim Bekova", "Daniyar Seitkali", "Yerlan Omarov"}
    astana_only = client.get(reverse("bailiffs:bailiff_list"), {"region": "KZ-71"})
    assert [b.full_name for b in astana_only.context["page"]] == ["Yerlan Omarov"]


def test_the_list_filters_by_status_and_searches_by_name_licence_and_iin(client, almaty_staff, almaty):
    bekova, seitkali = almaty
    bailiff_set_status(bailiff=seitkali, status="suspended", effective_on=timezone.localdate(), reason="Order 1",
                       order_reference="MJ order 1", by=registry_staff())
    _as(client, almaty_staff)

    def names(**query):
        return [b.full_name for b in client.get(reverse("bailiffs:bailiff_list"), query).context["page"]]

    assert names(status="suspended") == ["Daniyar Seitkali"]
    assert names(status="active") == ["Aigerim Bekova"]
    assert names(q="seitk") == ["Daniyar Seitkali"]
    assert names(q="75-000101") == ["Aigerim Bekova"]
    assert names(q="7910 2830 2728") == ["Aigerim Bekova"]


def test_the_paused_filter_shows_bailiffs_paused_today(client, almaty_staff, almaty):
    today = timezone.localdate()
    BailiffPause.objects.create(bailiff=almaty[0], starts_on=today, ends_on=today, reason="illness")
    response = _as(client, almaty_staff).get(reverse("bailiffs:bailiff_list"), {"status": "paused"})
    assert [b.full_name for b in response.context["page"]] == ["Aigerim Bekova"]


def test_a_bailiff_of_another_region_is_404_to_read_and_to_suspend(client, almaty_staff, astana):
    _as(client, almaty_staff)
    assert client.get(_detail(astana)).status_code == 404
    today = str(timezone.localdate())
    response = client.post(_action(astana, "suspend"), {"effective_on": today, "reason": "Order 1"})
    assert response.status_code == 404
    astana.refresh_from_db()
    assert astana.status == BailiffStatus.ACTIVE


@pytest.mark.parametrize("role", ["lawyer", "bailiff"])
def test_anyone_but_staff_gets_404_for_the_bailiff_pages(client, almaty, role):
    _as(client, UserFactory(role=role))
    assert client.get(reverse("bailiffs:bailiff_list")).status_code == 404
    assert client.get(_detail(almaty[0])).status_code == 404


def test_the_detail_page_shows_registry_data_load_history_pauses_and_conflicts(client, almaty_staff, almaty):
    bekova = almaty[0]
    AssignedApplicationFactory()
    today = timezone.localdate()
    _as(client, almaty_staff)
    client.post(_action(bekova, "pause"), {"starts_on": str(today + timedelta(days=10)),
                                           "ends_on": str(today + timedelta(days=12)), "reason": "leave"})
    client.post(_action(bekova, "conflict"), {"iin_bin": VALID_IIN_2, "note": "The debtor's brother"})
    response = client.get(_detail(bekova))
    page = response.content.decode()
    assert response.context["bailiff"].open_cases == 1
    assert "75-000101" in page and "Almaty, Abai 10" in page and "+7 727 000 01 01" in page
    assert VALID_IIN_2 in page and "The debtor&#x27;s brother" in page
    assert [event.kind for event in response.context["history"]] == ["paused", "conflict_declared"]
    assert len(response.context["pauses"]) == 1


def test_a_pause_ending_before_it_starts_keeps_what_was_typed_and_records_nothing(client, almaty_staff, almaty):
    today = timezone.localdate()
    response = _as(client, almaty_staff).post(_action(almaty[0], "pause"), {
        "starts_on": str(today + timedelta(days=5)), "ends_on": str(today + timedelta(days=1)),
        "reason": "illness", "note": "Sick leave 12",
    })
    assert response.status_code == 400
    form = response.context["pause_form"]
    assert form.errors["ends_on"] == [str(PAUSE_ENDS_BEFORE_START)]
    assert 'value="Sick leave 12"' in response.content.decode()
    assert not BailiffPause.objects.exists()


def test_a_status_change_dated_in_the_future_is_refused_at_effective_on(client, almaty_staff, almaty):
    tomorrow = str(timezone.localdate() + timedelta(days=1))
    response = _as(client, almaty_staff).post(_action(almaty[0], "suspend"),
                                              {"effective_on": tomorrow, "reason": "Order 7", "order_reference": "M7"})
    assert response.status_code == 400
    form = dict((name, form) for name, _label, form, _button in response.context["status_forms"])["suspend"]
    assert form.errors["effective_on"] == [str(NOT_IN_FUTURE)]
    assert 'value="Order 7"' in response.content.decode()
    almaty[0].refresh_from_db()
    assert almaty[0].status == BailiffStatus.ACTIVE


def test_suspending_an_already_suspended_bailiff_says_so_and_redirects(client, almaty_staff, almaty):
    seitkali = almaty[1]
    bailiff_set_status(bailiff=seitkali, status="suspended", effective_on=timezone.localdate(), reason="Order 1",
                       order_reference="MJ order 1", by=registry_staff())
    response = _as(client, almaty_staff).post(
        _action(seitkali, "suspend"), {"effective_on": str(timezone.localdate()), "reason": "Order 2"}, follow=True)
    message = str(ALREADY_IN_STATUS % {"status": BailiffStatus.SUSPENDED.label})
    assert message in [str(m) for m in response.context["messages"]]
    assert response.redirect_chain == [(_detail(seitkali), 302)]


def test_suspending_a_bailiff_redistributes_her_open_cases(
    client, almaty_staff, almaty, django_capture_on_commit_callbacks
):
    bekova, seitkali = almaty
    first, second = AssignedApplicationFactory().decision, AssignedApplicationFactory().decision
    assert (first.chosen, second.chosen) == (bekova, seitkali)
    _as(client, almaty_staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_action(bekova, "suspend"),
                               {"effective_on": str(timezone.localdate()), "reason": "Ministry order 15",
                                "order_reference": "MJ 15 of 02.12.2026"})
    assert response.status_code == 302
    bekova.refresh_from_db()
    assert bekova.status == BailiffStatus.SUSPENDED
    first.application.refresh_from_db()
    assert (first.application.status, first.application.assigned_bailiff) == (Status.ASSIGNED, seitkali)
    latest = DistributionDecision.objects.filter(application=first.application).first()
    assert (latest.reason, latest.previous_bailiff) == (Reason.LICENCE_SUSPENDED, bekova)
    detail = client.get(_detail(bekova))
    assert detail.context["bailiff"].open_cases == 0
    assert [e.kind for e in detail.context["history"]] == ["status_suspended"]


def test_staff_reinstate_a_suspended_bailiff(client, almaty_staff, almaty):
    bailiff_set_status(bailiff=almaty[1], status="suspended", effective_on=timezone.localdate(), reason="Order 1",
                       order_reference="MJ order 1", by=registry_staff())
    response = _as(client, almaty_staff).post(_action(almaty[1], "reinstate"),
                                              {"effective_on": str(timezone.localdate()), "reason": "Order 9",
                                               "order_reference": "MJ 9"})
    assert response.status_code == 302
    almaty[1].refresh_from_db()
    assert almaty[1].status == BailiffStatus.ACTIVE


def test_a_transferred_bailiffs_cases_move_to_the_old_regions_others(
    client, almaty_staff, almaty, django_capture_on_commit_callbacks
):
    bekova, seitkali = almaty
    decision = AssignedApplicationFactory().decision
    _as(client, almaty_staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_action(bekova, "transfer"), {
            "effective_on": str(timezone.localdate()), "region": str(region("KZ-71").pk), "reason": "Order 3"})
    # The bailiff has left the regional chamber's registry: back to the list.
    assert response.status_code == 302 and response["Location"] == reverse("bailiffs:bailiff_list")
    bekova.refresh_from_db()
    assert bekova.region.code == "KZ-71"
    decision.application.refresh_from_db()
    assert decision.application.assigned_bailiff == seitkali


def test_a_conflict_with_an_invalid_iin_is_refused_at_the_field(client, almaty_staff, almaty):
    response = _as(client, almaty_staff).post(_action(almaty[0], "conflict"),
                                              {"iin_bin": "791028302729", "note": "Relative"})
    assert response.status_code == 400
    assert response.context["conflict_form"].errors["iin_bin"]
    assert not ConflictOfInterest.objects.exists()


def test_the_list_page_shows_bailiffs_in_a_constant_number_of_queries(client, national_staff):
    _as(client, national_staff)

    def queries(n):
        for _ in range(n):
            bailiff = BailiffFactory(region=region("KZ-75"))
            AssignedApplicationFactory()
            BailiffPause.objects.create(bailiff=bailiff, starts_on=timezone.localdate(),
                                        ends_on=timezone.localdate() + timedelta(days=2), reason="leave")
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("bailiffs:bailiff_list")).status_code == 200
        return len(captured)

    assert queries(3) == queries(27)
