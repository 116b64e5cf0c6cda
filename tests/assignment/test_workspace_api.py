"""The bailiff's work on a case through /api/v1/applications/{id}/… (docs/architecture.md §7): who reaches which
endpoint,
what each step answers, and the rules the services enforce, seen as HTTP answers."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from assignment.services import application_redistribute
from assignment.services.workspace import (
    ACKNOWLEDGE_FIRST,
    AMOUNT_REQUIRED,
    CASE_CLOSED,
    COURT_DECISION_REQUIRED,
    DATE_BEFORE_ASSIGNMENT,
    DATE_IN_FUTURE,
    PROSECUTOR_SANCTION_REQUIRED,
    REQUIRED,
)
from chamber_portal.core.models import AuditEvent, CalendarException
from chamber_portal.core.models.calendar import CalendarExceptionKind
from intake.models import Application, Status
from intake.services.documents import FILE_NOT_PDF
from tests.factories import AssignedApplicationFactory, UserFactory, pdf_upload, region, registry_shows

from .conftest import accepted

pytestmark = pytest.mark.django_db

ALMATY = ZoneInfo("Asia/Almaty")


@pytest.fixture(autouse=True)
def _english(client):
    """These tests compare the English wording of the services' messages."""
    from django.utils import translation

    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


def _url(application, action: str) -> str:
    return f"/api/v1/applications/{application.pk}/{action}/"


def _as(client, user):
    client.force_login(user)
    return client


def _post(client, url, body=None):
    return client.post(url, body or {}, content_type="application/json")



def _holder(application):
    return application.assigned_bailiff.user


def _acknowledged(client, **kwargs) -> Application:
    application = AssignedApplicationFactory(**kwargs)
    assert _post(_as(client, _holder(application)), _url(application, "acknowledge")).status_code == 200
    return application


def _initiated(client, **kwargs) -> Application:
    application = _acknowledged(client, **kwargs)
    body = {"decision_number": "ВИ-75-0001", "decision_date": str(timezone.localdate())}
    response = _post(client, _url(application, "initiate"), body)
    assert response.status_code == 200, response.json()
    return application


def _action(**overrides) -> dict:
    return {"kind": "notice", "date": str(timezone.localdate()), "note": "Notice served in person", **overrides}


# --- acknowledge and initiate -------------------------------------------------------------------------


def test_the_holding_bailiff_acknowledges_receipt(client, bailiffs):
    application = AssignedApplicationFactory()
    response = _post(_as(client, bailiffs[0].user), _url(application, "acknowledge"))
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["acknowledged_at"] is not None
    assert (body["application"], body["status"], body["bailiff"], body["bailiff_name"]) == (
        application.pk, "assigned", bailiffs[0].pk, bailiffs[0].full_name)
    assert (body["initiation_number"], body["initiated_on"], body["outcome"], body["initiation_overdue"]) == (
        None, None, None, False)
    assert (body["claimed"], body["recovered"], body["outstanding"]) == ("1250000.00", "0.00", "1250000.00")


def test_receipt_is_acknowledged_only_once(client, bailiffs):
    application = _acknowledged(client)
    response = _post(client, _url(application, "acknowledge"))
    assert response.status_code == 409 and response.json()["code"] == "already_acknowledged"


def test_initiation_before_receipt_is_acknowledged_is_a_409(client, bailiffs):
    application = AssignedApplicationFactory()
    response = _post(_as(client, bailiffs[0].user), _url(application, "initiate"),
                     {"decision_number": "ВИ-1", "decision_date": str(timezone.localdate())})
    assert response.status_code == 409
    assert response.json() == {"detail": str(ACKNOWLEDGE_FIRST), "code": "not_acknowledged"}


def test_an_initiation_dated_in_the_future_is_a_400(client, bailiffs):
    application = _acknowledged(client)
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = _post(client, _url(application, "initiate"), {"decision_number": "ВИ-1", "decision_date": str(tomorrow)})
    assert response.status_code == 400
    assert response.json() == {"decision_date": [str(DATE_IN_FUTURE)]}


def test_an_initiation_dated_before_the_case_was_assigned_is_a_400(client, bailiffs):
    application = _acknowledged(client)
    yesterday = timezone.localdate() - timedelta(days=1)
    body = {"decision_number": "ВИ-1", "decision_date": str(yesterday)}
    response = _post(client, _url(application, "initiate"), body)
    assert response.status_code == 400
    assigned_on = timezone.localdate().strftime("%d.%m.%Y")
    assert response.json() == {"decision_date": [DATE_BEFORE_ASSIGNMENT % {"date": assigned_on}]}


@pytest.mark.parametrize(("body", "field"), [
    ({"decision_number": "ВИ-1", "decision_date": "2026-13-01"}, "decision_date"),
    ({"decision_number": "ВИ-1", "decision_date": "01.12.2026"}, "decision_date"),
    ({"decision_number": "", "decision_date": "2026-12-01"}, "decision_number"),
    ({"decision_date": "2026-12-01"}, "decision_number"),
])
def test_a_malformed_initiation_is_a_400_at_the_field(client, bailiffs, body, field):
    application = _acknowledged(client)
    response = _post(client, _url(application, "initiate"), body)
    assert response.status_code == 400 and field in response.json()


def test_initiation_puts_the_case_in_enforcement_and_is_audited(client, bailiffs):
    application = _acknowledged(client)
    today = timezone.localdate()
    body = {"decision_number": " ВИ-75-0042 ", "decision_date": str(today)}
    response = _post(client, _url(application, "initiate"), body)
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["status"], body["initiation_number"], body["initiated_on"]) == (
        "in_enforcement", "ВИ-75-0042", str(today))
    assert Application.objects.get(pk=application.pk).status == Status.IN_ENFORCEMENT
    event = AuditEvent.objects.get(object_id=str(application.pk), kind="initiated")
    assert (event.actor, event.from_state, event.to_state) == (bailiffs[0].user, "assigned", "in_enforcement")
    assert event.data["decision_number"] == "ВИ-75-0042"


def test_a_case_is_initiated_only_once(client, bailiffs):
    application = _initiated(client)
    response = _post(client, _url(application, "initiate"),
                     {"decision_number": "ВИ-2", "decision_date": str(timezone.localdate())})
    assert response.status_code == 409 and response.json()["code"] == "already_initiated"


# --- actions ------------------------------------------------------------------------------------------


def test_actions_before_initiation_are_a_409(client, bailiffs):
    application = _acknowledged(client)
    response = _post(client, _url(application, "actions"), _action())
    assert response.status_code == 409 and response.json()["code"] == "not_initiated"


def test_a_recorded_action_is_listed(client, bailiffs):
    application = _initiated(client)
    response = _post(client, _url(application, "actions"), _action())
    assert response.status_code == 201, response.json()
    created = response.json()
    assert (created["kind"], created["date"], created["note"], created["amount_kzt"], created["on_housing"]) == (
        "notice", str(timezone.localdate()), "Notice served in person", None, False)
    assert (created["recorded_by"], created["document_name"], created["document_url"]) == (
        bailiffs[0].user.pk, "", None)
    listed = client.get(_url(application, "actions")).json()
    assert [row["id"] for row in listed] == [created["id"]]


def test_a_payment_without_an_amount_is_a_400(client, bailiffs):
    application = _initiated(client)
    response = _post(client, _url(application, "actions"), _action(kind="payment"))
    assert response.status_code == 400
    assert response.json() == {"amount_kzt": [str(AMOUNT_REQUIRED)]}


@pytest.mark.parametrize(("body", "field"), [
    ({"kind": "payment", "amount_kzt": "12,50"}, "amount_kzt"),
    ({"kind": "payment", "amount_kzt": "1.234"}, "amount_kzt"),
    ({"kind": "seizure"}, "kind"),
    ({"date": "yesterday"}, "date"),
])
def test_malformed_action_input_is_a_400_at_the_field(client, bailiffs, body, field):
    application = _initiated(client)
    response = _post(client, _url(application, "actions"), _action(**body))
    assert response.status_code == 400 and field in response.json()


def test_payments_add_up_against_the_claim(client, bailiffs):
    application = _initiated(client)
    for amount in ("250000.00", "100000.50"):
        response = _post(client, _url(application, "actions"), _action(kind="payment", amount_kzt=amount))
        assert response.status_code == 201, response.json()
    _post(client, _url(application, "actions"), _action(kind="account_arrest"))
    body = client.get(_url(application, "enforcement")).json()
    assert (body["claimed"], body["recovered"], body["outstanding"]) == ("1250000.00", "350000.50", "899999.50")
    assert [row["kind"] for row in client.get(_url(application, "actions")).json()] == [
        "account_arrest", "payment", "payment"]


def test_an_arrest_on_housing_without_a_court_decision_is_a_400(client, bailiffs):
    application = _initiated(client, housing_involved=True)
    response = _post(client, _url(application, "actions"), _action(kind="property_arrest", on_housing=True))
    assert response.status_code == 400
    assert response.json() == {"court_decision_ref": [str(COURT_DECISION_REQUIRED)]}


def test_an_eviction_from_a_sole_dwelling_with_minors_needs_only_the_court_decision(
        client, bailiffs):
    # The court's eviction decision being enforced is itself the authority (41-НП; docs/adr/0011).
    application = _initiated(client, housing_involved=True, sole_dwelling=True, minors_present=True)
    eviction = _action(kind="eviction", court_decision_ref="Медеуский суд, 2-1234/2026", entry_without_consent=True)
    response = _post(client, _url(application, "actions"), eviction)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["on_housing"], body["court_decision_ref"], body["prosecutor_sanction_ref"]) == (
        True, "Медеуский суд, 2-1234/2026", "")


def test_entering_a_dwelling_without_consent_needs_the_prosecutors_sanction(client, bailiffs):
    application = _initiated(client, housing_involved=True, sole_dwelling=True, minors_present=True)
    arrest = _action(kind="property_arrest", on_housing=False, entry_without_consent=True,
                     note="Опись имущества в квартире должника")
    response = _post(client, _url(application, "actions"), arrest)
    assert response.status_code == 400
    assert response.json() == {"prosecutor_sanction_ref": [str(PROSECUTOR_SANCTION_REQUIRED)]}

    response = _post(client, _url(application, "actions"), {**arrest, "prosecutor_sanction_ref": "Санкция № 17"})
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["on_housing"], body["entry_without_consent"], body["prosecutor_sanction_ref"]) == (
        False, True, "Санкция № 17")


def test_an_action_is_recorded_with_its_pdf_sent_as_multipart(client, bailiffs):
    application = _initiated(client)
    body = {**_action(kind="account_arrest"), "document": pdf_upload("act.pdf")}
    response = client.post(_url(application, "actions"), body)  # multipart, the test client's default
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["document_name"] == "act.pdf"
    assert body["document_url"].endswith(reverse("workspace:action_document", args=[application.pk, body["id"]]))


def test_a_document_that_is_not_a_pdf_is_a_400(client, bailiffs):
    application = _initiated(client)
    fake = SimpleUploadedFile("act.pdf", b"just text, renamed", content_type="application/pdf")
    response = client.post(_url(application, "actions"), {**_action(), "document": fake})
    assert response.status_code == 400
    assert response.json() == {"document": [str(FILE_NOT_PDF)]}
    assert not application.enforcement_actions.exists()


# --- refuse and close ---------------------------------------------------------------------------------


def test_the_bailiff_closes_the_case_with_an_outcome(client, bailiffs):
    application = _initiated(client)
    _post(client, _url(application, "actions"), _action(kind="payment", amount_kzt="400000.00"))
    response = _post(client, _url(application, "close"),
                     {"outcome": "executed_in_part", "note": "The debtor has no more property."})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["status"], body["outcome"], body["refusal_ground"], body["close_note"]) == (
        "closed", "executed_in_part", None, "The debtor has no more property.")
    assert body["closed_at"] is not None and body["recovered"] == "400000.00"
    assert Application.objects.get(pk=application.pk).status == Status.CLOSED


def test_closing_as_refused_to_initiate_needs_a_ground(client, bailiffs):
    application = _acknowledged(client)
    response = _post(client, _url(application, "close"), {"outcome": "refused_to_initiate", "note": "No"})
    assert response.status_code == 400
    assert response.json() == {"refusal_ground": [str(REQUIRED)]}


def test_a_case_closes_as_refused_to_initiate_with_a_ground(client, bailiffs):
    application = _acknowledged(client)
    response = _post(client, _url(application, "close"),
                     {"outcome": "refused_to_initiate", "refusal_ground": "not_in_force"})
    assert response.status_code == 200, response.json()
    assert (response.json()["outcome"], response.json()["refusal_ground"]) == ("refused_to_initiate", "not_in_force")


def test_refuse_closes_the_case_as_refused_to_initiate(client, bailiffs):
    application = _acknowledged(client)
    response = _post(client, _url(application, "refuse"),
                     {"refusal_ground": "period_expired", "note": "Presented after three years."})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["status"], body["outcome"], body["refusal_ground"], body["initiated_on"]) == (
        "closed", "refused_to_initiate", "period_expired", None)


def test_an_unknown_outcome_or_ground_is_a_400(client, bailiffs):
    application = _acknowledged(client)
    assert "outcome" in _post(client, _url(application, "close"), {"outcome": "won"}).json()
    assert "refusal_ground" in _post(client, _url(application, "refuse"), {"refusal_ground": "bored"}).json()


def _closed(client) -> Application:
    application = _initiated(client)
    response = _post(client, _url(application, "close"), {"outcome": "executed_in_full"})
    assert response.status_code == 200, response.json()
    return application


@pytest.mark.parametrize(("action", "body"), [
    ("acknowledge", {}),
    ("initiate", {"decision_number": "ВИ-9", "decision_date": "TODAY"}),
    ("refuse", {"refusal_ground": "other", "note": "Changed my mind"}),
    ("actions", {"kind": "payment", "date": "TODAY", "amount_kzt": "10.00"}),
    ("close", {"outcome": "terminated", "note": "Again"}),
])
def test_every_action_on_a_closed_case_is_a_409_case_closed(client, bailiffs, action, body):
    application = _closed(client)
    body = {key: str(timezone.localdate()) if value == "TODAY" else value for key, value in body.items()}
    response = _post(client, _url(application, action), body)
    assert response.status_code == 409
    assert response.json() == {"detail": str(CASE_CLOSED), "code": "case_closed"}
    assert client.get(_url(application, "enforcement")).status_code == 200  # still readable


# --- who reaches what ---------------------------------------------------------------------------------

ENDPOINTS = [
    ("get", "enforcement", None),
    ("get", "actions", None),
    ("post", "acknowledge", {}),
    ("post", "initiate", {"decision_number": "ВИ-1", "decision_date": "2026-01-05"}),
    ("post", "refuse", {"refusal_ground": "not_in_force"}),
    ("post", "actions", {"kind": "notice", "date": "2026-01-05"}),
    ("post", "close", {"outcome": "executed_in_full"}),
]


def _call(client, method, application, action, body):
    if method == "get":
        return client.get(_url(application, action))
    return _post(client, _url(application, action), body)


@pytest.mark.parametrize(("method", "action", "body"), ENDPOINTS)
def test_every_endpoint_is_404_to_another_bailiff(client, bailiffs, method, action, body):
    application = AssignedApplicationFactory()
    assert _holder(application) == bailiffs[0].user
    response = _call(_as(client, bailiffs[1].user), method, application, action, body)
    assert response.status_code == 404
    assert Application.objects.get(pk=application.pk).status == Status.ASSIGNED


@pytest.mark.parametrize(("method", "action", "body"), ENDPOINTS)
def test_every_endpoint_is_404_to_the_previous_bailiff_after_a_redistribution(client, bailiffs, method, action, body):
    application = AssignedApplicationFactory()
    staff = UserFactory(role="staff", region=region("KZ-75"))
    registry_shows(bailiffs[0], "licence_suspended")
    application_redistribute(application=application, reason="licence_suspended", by=staff)
    assert _call(_as(client, bailiffs[0].user), method, application, action, body).status_code == 404


def test_the_new_bailiff_holds_the_case_after_a_redistribution(client, bailiffs, lawyer):
    application = AssignedApplicationFactory(lawyer=lawyer)
    staff = UserFactory(role="staff", region=region("KZ-75"))
    registry_shows(bailiffs[0], "licence_suspended")
    decision = application_redistribute(application=application, reason="licence_suspended", by=staff)
    body = _as(client, lawyer).get(_url(application, "enforcement")).json()
    assert body["bailiff"] == decision.chosen_id != bailiffs[0].pk
    assert body["acknowledged_at"] is None
    response = _post(_as(client, decision.chosen.user), _url(application, "acknowledge"))
    assert response.status_code == 200


def test_the_lawyer_reads_the_case_but_cannot_act(client, bailiffs, lawyer):
    application = AssignedApplicationFactory(lawyer=lawyer)
    _as(client, lawyer)
    enforcement = client.get(_url(application, "enforcement"))
    assert enforcement.status_code == 200 and enforcement.json()["bailiff"] == bailiffs[0].pk
    assert client.get(_url(application, "actions")).json() == []
    assert _post(client, _url(application, "acknowledge")).status_code == 403
    assert _post(client, _url(application, "actions"), _action()).status_code == 403
    assert Application.objects.get(pk=application.pk).assignments.get().acknowledged_at is None


def test_staff_of_the_region_read_the_case_but_cannot_act(client, bailiffs):
    application = AssignedApplicationFactory()
    _as(client, UserFactory(role="staff", region=region("KZ-75")))
    assert client.get(_url(application, "enforcement")).status_code == 200
    assert client.get(_url(application, "actions")).status_code == 200
    assert _post(client, _url(application, "acknowledge")).status_code == 403


def test_the_case_is_404_to_staff_of_another_region(client, bailiffs):
    application = AssignedApplicationFactory()
    _as(client, UserFactory(role="staff", region=region("KZ-71")))
    assert client.get(_url(application, "enforcement")).status_code == 404
    assert client.get(_url(application, "actions")).status_code == 404
    assert _post(client, _url(application, "acknowledge")).status_code == 404


def test_the_summary_is_404_before_any_bailiff_holds_the_case(client, lawyer):
    application = accepted(lawyer=lawyer)
    assert _as(client, lawyer).get(_url(application, "enforcement")).status_code == 404
    assert client.get(_url(application, "actions")).json() == []


def test_anonymous_callers_are_refused_the_workspace_api(client, bailiffs):
    application = AssignedApplicationFactory()
    assert client.get(_url(application, "enforcement")).status_code in (401, 403)
    assert _post(client, _url(application, "acknowledge")).status_code in (401, 403)


def test_the_workspace_api_accepts_a_token(client, bailiffs):
    application = AssignedApplicationFactory()
    bailiffs[0].user.set_password("correct-horse-battery")
    bailiffs[0].user.save()
    token = _post(client, "/api/v1/auth/token/",
                  {"username": bailiffs[0].user.username, "password": "correct-horse-battery"}).json()["token"]
    response = client.post(_url(application, "acknowledge"), HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 200


# --- the initiation deadline in working days ----------------------------------------------------------


def test_the_initiation_deadline_skips_the_weekend_and_independence_day(client, bailiffs):
    # Assigned on Friday 11 December 2026: Mon 14, Tue 15, (Wed 16 is Independence Day), Thu 17.
    with time_machine.travel(datetime(2026, 12, 11, 10, 0, tzinfo=ALMATY), tick=False):
        application = AssignedApplicationFactory()
        body = _as(client, bailiffs[0].user).get(_url(application, "enforcement")).json()
    assert body["initiation_due"] == "2026-12-17"
    assert body["initiation_overdue"] is False


def test_a_transferred_working_saturday_counts_toward_the_initiation_deadline(client, bailiffs):
    CalendarException.objects.create(date=date(2026, 12, 12), kind=CalendarExceptionKind.WORKING_DAY)
    with time_machine.travel(datetime(2026, 12, 11, 10, 0, tzinfo=ALMATY), tick=False):
        application = AssignedApplicationFactory()
    body = _as(client, bailiffs[0].user).get(_url(application, "enforcement")).json()
    assert body["initiation_due"] == "2026-12-15"  # Sat 12, Mon 14, Tue 15


def test_the_initiation_is_overdue_the_day_after_the_deadline(client, bailiffs):
    with time_machine.travel(datetime(2026, 12, 11, 10, 0, tzinfo=ALMATY), tick=False):
        application = AssignedApplicationFactory()
    # Log in on the day travelled to: a session opened today would have expired by then.
    with time_machine.travel(datetime(2026, 12, 17, 17, 0, tzinfo=ALMATY), tick=False):
        assert _as(client, bailiffs[0].user).get(_url(application, "enforcement")).json()["initiation_overdue"] is False
    with time_machine.travel(datetime(2026, 12, 18, 9, 0, tzinfo=ALMATY), tick=False):
        assert client.get(_url(application, "enforcement")).json()["initiation_overdue"] is True
        _post(client, _url(application, "acknowledge"))
        response = _post(client, _url(application, "initiate"),
                         {"decision_number": "ВИ-1", "decision_date": "2026-12-18"})
        assert response.status_code == 200 and response.json()["initiation_overdue"] is False


# --- the schema ---------------------------------------------------------------------------------------


def test_the_schema_documents_the_workspace_endpoints(client):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    paths = schema["paths"]

    def ref(content) -> str:
        return content["schema"]["$ref"].rsplit("/", 1)[-1]

    for action, request in [("acknowledge", None), ("initiate", "InitiateInput"), ("refuse", "RefuseInput"),
                            ("close", "CloseInput")]:
        operation = paths[f"/api/v1/applications/{{id}}/{action}/"]["post"]
        if request:
            assert ref(operation["requestBody"]["content"]["application/json"]) == request
        assert ref(operation["responses"]["200"]["content"]["application/json"]) == "EnforcementOutput"
        assert {"403", "404", "409"} <= set(operation["responses"])
    actions = paths["/api/v1/applications/{id}/actions/"]
    assert ref(actions["post"]["requestBody"]["content"]["multipart/form-data"]) == "ActionUploadInput"
    assert ref(actions["post"]["requestBody"]["content"]["application/json"]) == "ActionInput"
    assert ref(actions["post"]["responses"]["201"]["content"]["application/json"]) == "ActionOutput"
    assert actions["get"]["responses"]["200"]["content"]["application/json"]["schema"]["type"] == "array"
    enforcement = paths["/api/v1/applications/{id}/enforcement/"]["get"]["responses"]["200"]
    assert ref(enforcement["content"]["application/json"]) == "EnforcementOutput"
