"""What the registry records so that a ground can be proved on a day (docs/adr/0010): the licensor's orders on
licences, the heads of the regional chambers (clause 17), and which pauses are absences that move cases."""

import threading
from datetime import date, timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connections, transaction
from django.urls import reverse
from django.utils import timezone

from bailiffs.models import BailiffStatus, BailiffStatusChange, ChamberHead
from bailiffs.services import (
    BEFORE_LAST_CHANGE,
    HEAD_NOT_OF_REGION,
    NOT_CHAMBER_HEAD,
    ORDER_REQUIRED,
    bailiff_pause,
    chamber_head_appoint,
    long_pauses_begin,
)
from chamber_portal.core.models import AuditEvent
from intake.models import Status
from tests.factories import AssignedApplicationFactory, BailiffFactory, UserFactory, region

pytestmark = pytest.mark.django_db

API = "/api/v1/bailiffs/"


@pytest.fixture(autouse=True)
def _english(client):
    from django.utils import translation

    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


def _as(client, user):
    client.force_login(user)
    return client


def _post(client, url, body):
    return client.post(url, body, content_type="application/json")


def _today(days: int = 0) -> str:
    return str(timezone.localdate() + timedelta(days=days))


def _held_by(bailiff) -> list[int]:
    from intake.models import Application

    return list(Application.objects.filter(assigned_bailiff=bailiff).values_list("pk", flat=True))


# --- the licensor's orders ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["suspend", "terminate"])
def test_a_licence_change_without_the_licensors_order_is_a_400_at_order_reference(
    client, almaty_staff, almaty, name,
):
    response = _post(_as(client, almaty_staff), f"{API}{almaty[0].pk}/{name}/",
                     {"effective_on": _today(), "reason": "Ministry's letter"})
    assert response.status_code == 400
    assert response.json() == {"order_reference": [str(ORDER_REQUIRED)]}
    almaty[0].refresh_from_db()
    assert almaty[0].status == BailiffStatus.ACTIVE and not BailiffStatusChange.objects.exists()


def test_the_licensors_order_is_recorded_with_the_day_it_takes_effect(client, almaty_staff, almaty):
    response = _post(_as(client, almaty_staff), f"{API}{almaty[0].pk}/suspend/",
                     {"effective_on": _today(), "reason": "Inspection act 4",
                      "order_reference": "MJ order No. 512 of 01.12.2026"})
    assert response.status_code == 200, response.json()
    change = BailiffStatusChange.objects.get()
    assert (change.bailiff, change.previous_status, change.status, change.effective_on, change.order_reference,
            change.recorded_by) == (almaty[0], "active", "suspended", timezone.localdate(),
                                    "MJ order No. 512 of 01.12.2026", almaty_staff)
    event = AuditEvent.objects.get(kind="status_suspended")
    assert event.data["order_reference"] == "MJ order No. 512 of 01.12.2026"
    page = client.get(reverse("bailiffs:bailiff_detail", args=[almaty[0].pk])).content.decode()
    assert "licensor&#x27;s order MJ order No. 512 of 01.12.2026" in page


def test_reinstating_a_suspended_licence_needs_the_licensors_order_an_exclusion_does_not(
    client, almaty_staff, almaty,
):
    suspended, excluded = almaty
    _as(client, almaty_staff)
    body = {"effective_on": _today(), "reason": "Decision"}
    assert _post(client, f"{API}{excluded.pk}/exclude/", body).status_code == 200
    assert _post(client, f"{API}{suspended.pk}/suspend/", {**body, "order_reference": "MJ 1"}).status_code == 200
    refused = _post(client, f"{API}{suspended.pk}/reinstate/", body)
    assert refused.status_code == 400 and refused.json() == {"order_reference": [str(ORDER_REQUIRED)]}
    assert _post(client, f"{API}{suspended.pk}/reinstate/", {**body, "order_reference": "MJ 2"}).status_code == 200
    # Readmitted by the Chamber's own decision: no licensor's order.
    assert _post(client, f"{API}{excluded.pk}/reinstate/", body).status_code == 200


def test_a_change_dated_before_the_last_recorded_one_is_refused(client, almaty_staff, almaty):
    _as(client, almaty_staff)
    body = {"reason": "Order", "order_reference": "MJ 1"}
    assert _post(client, f"{API}{almaty[0].pk}/suspend/", {**body, "effective_on": _today()}).status_code == 200
    response = _post(client, f"{API}{almaty[0].pk}/reinstate/", {**body, "effective_on": _today(-3)})
    assert response.status_code == 400
    day = timezone.localdate().strftime("%d.%m.%Y")
    assert response.json() == {"effective_on": [str(BEFORE_LAST_CHANGE % {"date": day})]}


def test_the_web_form_asks_for_the_licensors_order_and_keeps_what_was_typed(client, almaty_staff, almaty):
    url = reverse("bailiffs:terminate", args=[almaty[0].pk])
    response = _as(client, almaty_staff).post(url, {"effective_on": _today(), "reason": "Revoked by the court"})
    assert response.status_code == 400
    forms = {name: form for name, _label, form, _button in response.context["status_forms"]}
    assert forms["terminate"].errors["order_reference"] == [str(ORDER_REQUIRED)]
    assert "order_reference" not in forms["exclude"].fields  # the Chamber's own decision
    assert 'value="Revoked by the court"' in response.content.decode()
    almaty[0].refresh_from_db()
    assert almaty[0].status == BailiffStatus.ACTIVE


# --- heads of regional chambers, clause 17 ------------------------------------------------------------


def test_clause_17_is_for_the_head_of_the_regional_chamber_only(client, almaty_staff, almaty):
    head, other = almaty
    chamber_head_appoint(region=region("KZ-75"), bailiff=head, from_date=timezone.localdate() - timedelta(days=30),
                         by=almaty_staff)
    _as(client, almaty_staff)
    body = {"starts_on": _today(), "ends_on": _today(10), "reason": "clause_17"}
    refused = _post(client, f"{API}{other.pk}/pause/", body)
    assert refused.status_code == 400
    start, end = timezone.localdate(), timezone.localdate() + timedelta(days=10)
    assert refused.json() == {"reason": [str(NOT_CHAMBER_HEAD % {
        "name": other.full_name, "start": start.strftime("%d.%m.%Y"), "end": end.strftime("%d.%m.%Y")})]}
    assert not other.pauses.exists()
    accepted = _post(client, f"{API}{head.pk}/pause/", body)
    assert accepted.status_code == 200 and accepted.json()["paused_today"] is True


def test_clause_17_needs_the_headship_on_every_day_of_the_pause(almaty_staff, almaty):
    head = almaty[0]
    today = timezone.localdate()
    chamber_head_appoint(region=head.region, bailiff=head, from_date=today - timedelta(days=300),
                         until_date=today + timedelta(days=5), by=almaty_staff)
    with pytest.raises(ValidationError) as refused:
        bailiff_pause(bailiff=head, starts_on=today, ends_on=today + timedelta(days=6), reason="clause_17",
                      by=almaty_staff)
    assert "reason" in refused.value.message_dict
    assert bailiff_pause(bailiff=head, starts_on=today, ends_on=today + timedelta(days=5), reason="clause_17",
                         by=almaty_staff)


def test_a_region_has_one_head_at_a_time(almaty_staff, almaty, astana):
    first, second = almaty
    today = timezone.localdate()
    chamber_head_appoint(region=region("KZ-75"), bailiff=first, from_date=date(2026, 1, 1),
                         until_date=today, by=almaty_staff)
    with pytest.raises(ValidationError) as overlap:
        chamber_head_appoint(region=region("KZ-75"), bailiff=second, from_date=today, by=almaty_staff)
    assert "from_date" in overlap.value.message_dict
    successor = chamber_head_appoint(region=region("KZ-75"), bailiff=second, from_date=today + timedelta(days=1),
                                     by=almaty_staff)
    assert successor.until_date is None
    with pytest.raises(ValidationError) as foreign:
        chamber_head_appoint(region=region("KZ-75"), bailiff=astana, from_date=date(2025, 1, 1),
                             until_date=date(2025, 6, 1), by=UserFactory(role="staff"))
    assert foreign.value.message_dict == {"bailiff": [str(HEAD_NOT_OF_REGION)]}
    # The database keeps one open term per region whatever writes it.
    with pytest.raises(IntegrityError), transaction.atomic():
        ChamberHead.objects.create(region=region("KZ-75"), bailiff=first, from_date=today + timedelta(days=400))
    event = AuditEvent.objects.get(kind="chamber_head_appointed",
                                   content_type=ContentType.objects.get_for_model(ChamberHead),
                                   object_id=str(successor.pk))
    assert event.actor == almaty_staff


def test_a_regional_chamber_records_only_its_own_head(almaty, astana):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        chamber_head_appoint(region=region("KZ-71"), bailiff=astana, from_date=date(2026, 1, 1),
                             by=UserFactory(role="staff", region=region("KZ-75")))
    assert not ChamberHead.objects.exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_overlapping_terms_recorded_at_once_make_one_head():
    bailiffs = [BailiffFactory(region=region("KZ-75")) for _ in range(4)]
    staff = UserFactory(role="staff")
    barrier = threading.Barrier(len(bailiffs))
    refused = []

    def appoint(bailiff):
        try:
            barrier.wait()
            # Closed terms: the partial unique index does not cover them; the region's lock does.
            chamber_head_appoint(region=region("KZ-75"), bailiff=bailiff, from_date=date(2026, 3, 1),
                                 until_date=date(2026, 12, 31), by=staff)
        except ValidationError:
            refused.append(bailiff)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=appoint, args=(b,)) for b in bailiffs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert ChamberHead.objects.count() == 1 and len(refused) == 3


def test_the_admin_records_a_head_through_the_service(client, almaty):
    superuser = UserFactory(role="admin", is_staff=True, is_superuser=True)
    _as(client, superuser)
    add = reverse("admin:bailiffs_chamberhead_add")
    body = {"region": region("KZ-75").pk, "bailiff": almaty[0].pk, "from_date": "2026-03-02", "note": "Decision 1"}
    assert client.post(add, body).status_code == 302
    head = ChamberHead.objects.get()
    assert (head.bailiff, head.recorded_by) == (almaty[0], superuser)
    assert AuditEvent.objects.filter(kind="chamber_head_appointed", object_id=str(head.pk)).exists()
    overlapping = client.post(add, {**body, "bailiff": almaty[1].pk, "from_date": "2026-06-01"})
    assert overlapping.status_code == 200 and overlapping.context["adminform"].form.errors["from_date"]
    assert ChamberHead.objects.count() == 1
    change = reverse("admin:bailiffs_chamberhead_change", args=[head.pk])
    assert client.post(change, {"until_date": "2026-11-30"}).status_code == 302
    head.refresh_from_db()
    assert head.until_date == date(2026, 11, 30)
    assert AuditEvent.objects.filter(kind="chamber_head_term_changed", object_id=str(head.pk)).exists()
    assert client.post(reverse("admin:bailiffs_chamberhead_delete", args=[head.pk]), {"post": "yes"}).status_code == 403


# --- which pauses move the open cases -----------------------------------------------------------------


def test_a_long_clause_17_pause_stops_new_cases_and_moves_none(almaty_staff, almaty,
                                                              django_capture_on_commit_callbacks):
    head = almaty[0]
    AssignedApplicationFactory()
    held = _held_by(head)
    today = timezone.localdate()
    chamber_head_appoint(region=head.region, bailiff=head, from_date=today, by=almaty_staff)
    with django_capture_on_commit_callbacks(execute=True):
        bailiff_pause(bailiff=head, starts_on=today, ends_on=today + timedelta(days=90), reason="clause_17",
                      by=almaty_staff)
    assert held and _held_by(head) == held
    new = AssignedApplicationFactory().decision
    assert new.chosen == almaty[1]  # out of the draw while paused
    assert long_pauses_begin(today=today) == 0


def test_a_long_pause_for_another_reason_moves_no_case(almaty_staff, almaty, django_capture_on_commit_callbacks):
    AssignedApplicationFactory()
    held = _held_by(almaty[0])
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        bailiff_pause(bailiff=almaty[0], starts_on=today, ends_on=today + timedelta(days=60), reason="other",
                      by=almaty_staff)
    assert held and _held_by(almaty[0]) == held


def test_an_adjoining_leave_that_makes_the_absence_over_a_month_moves_the_cases(
    almaty_staff, almaty, django_capture_on_commit_callbacks,
):
    decision = AssignedApplicationFactory().decision
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        bailiff_pause(bailiff=almaty[0], starts_on=today - timedelta(days=10), ends_on=today + timedelta(days=5),
                      reason="illness", by=almaty_staff)
    assert _held_by(almaty[0]) == [decision.application_id]
    with django_capture_on_commit_callbacks(execute=True):
        bailiff_pause(bailiff=almaty[0], starts_on=today + timedelta(days=6), ends_on=today + timedelta(days=30),
                      reason="leave", by=almaty_staff)
    assert _held_by(almaty[0]) == []
    decision.application.refresh_from_db()
    assert (decision.application.status, decision.application.assigned_bailiff) == (Status.ASSIGNED, almaty[1])


def test_a_leave_recorded_in_advance_moves_the_cases_on_its_first_day(almaty_staff, almaty,
                                                                      django_capture_on_commit_callbacks,
                                                                      time_machine):
    time_machine.move_to(date(2026, 11, 2), tick=False)
    AssignedApplicationFactory()
    bailiff_pause(bailiff=almaty[0], starts_on=date(2026, 11, 16), ends_on=date(2026, 12, 16), reason="leave",
                  by=almaty_staff)
    assert _held_by(almaty[0])
    time_machine.move_to(date(2026, 11, 16), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert long_pauses_begin() == 1
    assert _held_by(almaty[0]) == []
