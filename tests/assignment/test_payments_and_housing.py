"""Payments against the claim, corrections by reversing entries, and the housing safeguard (issue 12; docs/adr/0011):
through the API and the web, on PostgreSQL rows."""

import html
import re
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, connections, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from assignment.models import EnforcementAction, EnforcementActionIsAppendOnly
from assignment.services import case_action_record
from assignment.services.workspace import (
    ACTION_ALREADY_REVERSED,
    COURT_DECISION_REQUIRED,
    EVICTION_COURT_DECISION_REQUIRED,
    ON_HOUSING_NOT_STATED,
    PAYMENT_ABOVE_OUTSTANDING,
    PAYMENT_ON_NON_PROPERTY,
    REQUIRED,
    REVERSAL_NOT_REVERSIBLE,
    case_action_reverse,
)
from chamber_portal.core.models import AuditEvent
from intake.models import Application
from tests.factories import AssignedApplicationFactory, BailiffFactory, UserFactory, region

pytestmark = pytest.mark.django_db

COURT = "Медеуский районный суд г. Алматы, 2-1234/2026 от 10.03.2026"


@pytest.fixture(autouse=True)
def _english(client):
    """These tests compare the English wording of the services' messages."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def bailiff():
    """The only bailiff of Almaty: every Almaty case goes to him or her."""
    return BailiffFactory(region=region("KZ-75"))


def _case(bailiff, code: str = "KZ-75", **kwargs) -> Application:
    """A case in enforcement, held by `bailiff` (the only one of the region, so the rotation gives it to him)."""
    application = AssignedApplicationFactory(initiated=True, region=region(code), **kwargs)
    assert application.assigned_bailiff == bailiff
    return application


def _url(application, action: str) -> str:
    return f"/api/v1/applications/{application.pk}/{action}/"


def _post(client, url, body=None):
    return client.post(url, body or {}, content_type="application/json")


def _action(**overrides) -> dict:
    return {"kind": "notice", "date": str(timezone.localdate()), **overrides}


def _pay(client, application, amount: str):
    return _post(client, _url(application, "actions"), _action(kind="payment", amount_kzt=amount))


def _enforcement(client, application) -> dict:
    return client.get(_url(application, "enforcement")).json()


def _above(figure: str) -> str:
    return PAYMENT_ABOVE_OUTSTANDING % {"outstanding": figure}


# --- payments against the claim -----------------------------------------------------------------------


def test_a_payment_above_the_outstanding_amount_is_refused_naming_the_figure(client, bailiff):
    application = _case(bailiff)  # claim 1 250 000,00
    client.force_login(bailiff.user)
    assert _pay(client, application, "1237500.00").status_code == 201
    response = _pay(client, application, "12500.01")
    assert response.status_code == 400
    assert response.json() == {"amount_kzt": [_above("12,500.00")]}
    assert _enforcement(client, application)["outstanding"] == "12500.00"


def test_the_refusal_names_the_figure_in_the_readers_number_format(client, bailiff):
    application = _case(bailiff)
    client.force_login(bailiff.user)
    response = client.post(_url(application, "actions"), _action(kind="payment", amount_kzt="1250000.01"),
                           content_type="application/json", HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 400
    assert re.search(r"1\s250\s000,00", response.json()["amount_kzt"][0])


def test_a_payment_of_exactly_the_outstanding_amount_is_accepted(client, bailiff):
    application = _case(bailiff)
    client.force_login(bailiff.user)
    assert _pay(client, application, "250000.00").status_code == 201
    response = _pay(client, application, "1000000.00")
    assert response.status_code == 201, response.json()
    body = _enforcement(client, application)
    assert (body["claimed"], body["recovered"], body["outstanding"]) == ("1250000.00", "1250000.00", "0.00")
    assert _pay(client, application, "0.01").json() == {"amount_kzt": [_above("0.00")]}


def test_a_payment_on_a_non_property_case_is_refused(client, bailiff):
    application = _case(bailiff, category="non_property", amount_kzt=None,
                        obligation="Выселить должника из квартиры № 12")
    client.force_login(bailiff.user)
    response = _pay(client, application, "1000.00")
    assert response.status_code == 400
    assert response.json() == {"kind": [str(PAYMENT_ON_NON_PROPERTY)]}
    assert _enforcement(client, application)["outstanding"] is None


@pytest.mark.parametrize("basis", [
    {"alimony_basis": "share_of_income", "alimony_share": "1/4", "amount_kzt": None},
    {"alimony_basis": "fixed_sum", "amount_kzt": Decimal("100000.00")},
])
def test_alimony_payments_are_not_capped_as_there_is_no_fixed_total(client, bailiff, basis):
    application = _case(bailiff, category="alimony", **basis)
    client.force_login(bailiff.user)
    for amount in ("100000.00", "150000.00", "100000.00"):
        assert _pay(client, application, amount).status_code == 201
    body = _enforcement(client, application)
    assert (body["recovered"], body["outstanding"]) == ("350000.00", None)
    page = html.unescape(client.get(reverse("intake:application_detail", args=[application.pk])).content.decode())
    assert 'data-testid="outstanding"' not in page and 'data-testid="recovered"' in page
    assert "there is no fixed total" in page


def _pay_together(user, application, amount: str, callers: int = 2) -> list[int]:
    """`callers` clients post the same payment at the same instant, each in its own thread and connection."""
    start, answers = threading.Barrier(callers), []

    def pay():
        try:
            caller = Client(HTTP_ACCEPT_LANGUAGE="en")
            caller.force_login(user)
            start.wait()
            answers.append(_pay(caller, application, amount).status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=pay) for _ in range(callers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_payments_at_the_same_instant_never_together_exceed_the_claim():
    # One round per region, each with its only bailiff: 600 000 twice against a claim of 1 000 000.
    for code in ("KZ-75", "KZ-71", "KZ-79", "KZ-11", "KZ-35"):
        bailiff = BailiffFactory(region=region(code))
        application = _case(bailiff, code, amount_kzt=Decimal("1000000.00"))
        assert sorted(_pay_together(bailiff.user, application, "600000.00")) == [201, 400]
        payments = EnforcementAction.objects.filter(application=application, kind="payment")
        assert [p.amount_kzt for p in payments] == [Decimal("600000.00")]


# --- reversing entries --------------------------------------------------------------------------------


def _reverse(client, application, entry_id, reason="Платёж внесён дважды по ошибке"):
    return _post(client, _url(application, f"actions/{entry_id}/reverse"), {"reason": reason} if reason else {})


def test_a_reversed_payment_is_audited_and_the_totals_follow(client, bailiff):
    application = _case(bailiff)
    client.force_login(bailiff.user)
    payment = _pay(client, application, "1250000.00").json()
    response = _reverse(client, application, payment["id"])
    assert response.status_code == 201, response.json()
    reversal = response.json()
    assert (reversal["kind"], reversal["amount_kzt"], reversal["reverses"], reversal["reason"]) == (
        "payment", "-1250000.00", payment["id"], "Платёж внесён дважды по ошибке")
    assert (reversal["recorded_by"], reversal["date"]) == (bailiff.user.pk, str(timezone.localdate()))
    body = _enforcement(client, application)
    assert (body["recovered"], body["outstanding"]) == ("0.00", "1250000.00")
    listed = {row["id"]: row for row in client.get(_url(application, "actions")).json()}
    assert listed[payment["id"]]["reversed_by"] == reversal["id"]
    assert listed[payment["id"]]["amount_kzt"] == "1250000.00"  # the entry itself is unchanged
    event = AuditEvent.objects.get(object_id=str(application.pk), kind="enforcement_action_reversed")
    assert event.actor == bailiff.user
    assert event.data == {"action": reversal["id"], "reverses": payment["id"], "kind": "payment",
                          "amount_kzt": "-1250000.00", "reason": "Платёж внесён дважды по ошибке"}
    # The claim is outstanding again: the right payment can be recorded.
    assert _pay(client, application, "1250000.00").status_code == 201


def test_an_action_that_is_not_a_payment_can_be_reversed(client, bailiff):
    application = _case(bailiff)
    client.force_login(bailiff.user)
    arrest = _post(client, _url(application, "actions"), _action(kind="vehicle_arrest")).json()
    reversal = _reverse(client, application, arrest["id"], "Не тот автомобиль").json()
    assert (reversal["kind"], reversal["amount_kzt"], reversal["reverses"]) == ("vehicle_arrest", None, arrest["id"])


def test_an_entry_is_reversed_only_once(client, bailiff):
    application = _case(bailiff)
    client.force_login(bailiff.user)
    payment = _pay(client, application, "1000.00").json()
    assert _reverse(client, application, payment["id"]).status_code == 201
    response = _reverse(client, application, payment["id"])
    assert response.status_code == 409
    assert response.json() == {"detail": str(ACTION_ALREADY_REVERSED), "code": "already_reversed"}
    assert EnforcementAction.objects.filter(reverses_id=payment["id"]).count() == 1


def test_a_reversal_cannot_be_reversed(client, bailiff):
    application = _case(bailiff)
    client.force_login(bailiff.user)
    payment = _pay(client, application, "1000.00").json()
    reversal = _reverse(client, application, payment["id"]).json()
    response = _reverse(client, application, reversal["id"])
    assert response.status_code == 409
    assert response.json() == {"detail": str(REVERSAL_NOT_REVERSIBLE), "code": "reversal_not_reversible"}


def test_a_reversal_needs_a_reason(client, bailiff):
    application = _case(bailiff)
    client.force_login(bailiff.user)
    payment = _pay(client, application, "1000.00").json()
    for body in ({}, {"reason": "   "}):
        response = _post(client, _url(application, f"actions/{payment['id']}/reverse"), body)
        assert response.status_code == 400
        assert response.json() == {"reason": [str(REQUIRED)]}
    assert not EnforcementAction.objects.filter(reverses_id=payment["id"]).exists()


def test_a_reversal_is_404_to_whoever_does_not_hold_the_case_whatever_the_body(client, bailiff):
    application = _case(bailiff, lawyer=UserFactory(role="lawyer"))
    client.force_login(bailiff.user)
    payment = _pay(client, application, "1000.00").json()
    other = BailiffFactory(region=region("KZ-75"))
    staff = UserFactory(role="staff", region=region("KZ-75"))
    for user in (other.user, application.lawyer, staff):
        client.force_login(user)
        assert _reverse(client, application, payment["id"]).status_code == 404
        assert _reverse(client, application, payment["id"], reason="").status_code == 404
    assert not EnforcementAction.objects.filter(reverses_id=payment["id"]).exists()


def test_reversing_an_entry_of_another_case_or_none_is_a_404(client, bailiff):
    first, second = _case(bailiff), _case(bailiff)
    client.force_login(bailiff.user)
    payment = _pay(client, first, "1000.00").json()
    assert _reverse(client, second, payment["id"]).status_code == 404
    assert _reverse(client, first, 999999).status_code == 404


def test_an_entry_on_a_closed_case_cannot_be_reversed(client, bailiff):
    application = _case(bailiff)
    client.force_login(bailiff.user)
    payment = _pay(client, application, "1000.00").json()
    _post(client, _url(application, "close"), {"outcome": "executed_in_part", "note": "Больше имущества нет."})
    response = _reverse(client, application, payment["id"])
    assert response.status_code == 409 and response.json()["code"] == "case_closed"


def test_the_service_refuses_a_second_reversal_too(bailiff):
    application = _case(bailiff)
    entry = case_action_record(application=application, by=bailiff.user, kind="notice", date=timezone.localdate())
    case_action_reverse(application=application, action=entry, by=bailiff.user, reason="Ошибка")
    from chamber_portal.core.errors import TransitionError

    with pytest.raises(TransitionError) as error:
        case_action_reverse(application=application, action=entry, by=bailiff.user, reason="Ещё раз")
    assert error.value.code == "already_reversed"


def test_an_entry_is_never_changed_or_deleted(bailiff):
    application = _case(bailiff)
    entry = case_action_record(application=application, by=bailiff.user, kind="notice", date=timezone.localdate())
    entry.note = "edited"
    with pytest.raises(EnforcementActionIsAppendOnly):
        entry.save()
    with pytest.raises(EnforcementActionIsAppendOnly):
        entry.delete()


@pytest.mark.postgres
def test_postgresql_refuses_to_change_or_delete_an_entry(bailiff):
    application = _case(bailiff)
    entry = case_action_record(application=application, by=bailiff.user, kind="payment", amount_kzt=Decimal("5"),
                               date=timezone.localdate())
    for sql in ("UPDATE assignment_enforcementaction SET amount_kzt = 1 WHERE id = %s",
                "DELETE FROM assignment_enforcementaction WHERE id = %s"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [entry.pk])
    assert EnforcementAction.objects.get(pk=entry.pk).amount_kzt == Decimal("5.00")


@pytest.mark.postgres
def test_postgresql_allows_one_reversal_per_entry(bailiff):
    application = _case(bailiff)
    entry = case_action_record(application=application, by=bailiff.user, kind="notice", date=timezone.localdate())
    case_action_reverse(application=application, action=entry, by=bailiff.user, reason="Ошибка")
    from django.db import IntegrityError

    with pytest.raises(IntegrityError), transaction.atomic():
        EnforcementAction.objects.create(application=application, assignment=entry.assignment, kind="notice",
                                         date=timezone.localdate(), reverses=entry, reason="Второй раз",
                                         recorded_by=bailiff.user)


def test_the_schema_documents_the_reversal(client):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    operation = schema["paths"]["/api/v1/applications/{id}/actions/{action_id}/reverse/"]["post"]
    assert operation["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("/ReverseInput")
    assert operation["responses"]["201"]["content"]["application/json"]["schema"]["$ref"].endswith("/ActionOutput")
    assert {"404", "409"} <= set(operation["responses"])
    action_input = schema["components"]["schemas"]["ActionInput"]["properties"]
    assert action_input["on_housing"].get("nullable") is True and "entry_without_consent" in action_input


# --- the housing safeguard ----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["property_arrest", "valuation", "auction"])
def test_an_action_that_may_concern_the_dwelling_must_state_whether_it_is_on_housing(client, bailiff, kind):
    application = _case(bailiff, housing_involved=True)
    client.force_login(bailiff.user)
    for body in (_action(kind=kind), _action(kind=kind, on_housing=None)):
        response = _post(client, _url(application, "actions"), body)
        assert response.status_code == 400
        assert response.json() == {"on_housing": [str(ON_HOUSING_NOT_STATED)]}
    response = _post(client, _url(application, "actions"), _action(kind=kind, on_housing=False))
    assert response.status_code == 201 and response.json()["on_housing"] is False


def test_a_multipart_body_must_state_on_housing_too(client, bailiff):
    application = _case(bailiff, sole_dwelling=True, minors_present=True)
    client.force_login(bailiff.user)
    response = client.post(_url(application, "actions"), _action(kind="auction"))  # multipart
    assert response.status_code == 400
    assert response.json() == {"on_housing": [str(ON_HOUSING_NOT_STATED)]}


def test_an_action_on_housing_needs_the_court_decision(client, bailiff):
    application = _case(bailiff, housing_involved=True)
    client.force_login(bailiff.user)
    response = _post(client, _url(application, "actions"), _action(kind="valuation", on_housing=True))
    assert response.status_code == 400
    assert response.json() == {"court_decision_ref": [str(COURT_DECISION_REQUIRED)]}
    response = _post(client, _url(application, "actions"),
                     _action(kind="valuation", on_housing=True, court_decision_ref=COURT))
    assert response.status_code == 201
    assert (response.json()["on_housing"], response.json()["court_decision_ref"]) == (True, COURT)


@pytest.mark.parametrize("flags", [{"housing_involved": True}, {}])
def test_an_eviction_always_needs_the_court_decision_even_said_not_on_housing(client, bailiff, flags):
    application = _case(bailiff, **flags)
    client.force_login(bailiff.user)
    response = _post(client, _url(application, "actions"), _action(kind="eviction", on_housing=False))
    assert response.status_code == 400
    assert response.json() == {"court_decision_ref": [str(EVICTION_COURT_DECISION_REQUIRED)]}
    response = _post(client, _url(application, "actions"),
                     _action(kind="eviction", on_housing=False, court_decision_ref=COURT))
    assert response.status_code == 201
    assert response.json()["on_housing"] is True  # an eviction counts as on housing, whatever was sent


def test_a_case_not_flagged_housing_may_leave_on_housing_unsaid(client, bailiff):
    application = _case(bailiff)
    client.force_login(bailiff.user)
    response = _post(client, _url(application, "actions"), _action(kind="property_arrest"))
    assert response.status_code == 201, response.json()
    assert response.json()["on_housing"] is None
    response = _post(client, _url(application, "actions"), _action(kind="auction", on_housing=True))
    assert response.json() == {"court_decision_ref": [str(COURT_DECISION_REQUIRED)]}


def test_the_service_refuses_silence_whatever_the_caller(bailiff):
    application = _case(bailiff, minors_present=True)
    with pytest.raises(ValidationError) as error:
        case_action_record(application=application, by=bailiff.user, kind="property_arrest",
                           date=timezone.localdate())
    assert error.value.message_dict == {"on_housing": [str(ON_HOUSING_NOT_STATED)]}


# --- the web ------------------------------------------------------------------------------------------


def _page(application) -> str:
    return reverse("intake:application_detail", args=[application.pk])


def _text(response) -> str:
    return html.unescape(response.content.decode())


def _field_error(response, field_id: str) -> str:
    match = re.search(rf'id="{field_id}_error"[^>]*>(.*?)</div>', response.content.decode(), re.S)
    return html.unescape(match.group(1)) if match else ""


def _web_action(client, application, **data):
    return client.post(reverse("workspace:action", args=[application.pk]),
                       {"date": timezone.localdate().isoformat(), **data})


def test_the_web_form_asks_yes_or_no_on_housing_without_a_default(client, bailiff):
    application = _case(bailiff, housing_involved=True)
    client.force_login(bailiff.user)
    page = client.get(_page(application)).content.decode()
    radios = re.findall(r'<input type="radio" name="on_housing"[^>]*>', page)
    assert len(radios) == 2 and not any("checked" in radio for radio in radios)
    assert "Law No. 261-IV" in html.unescape(page) and 'data-testid="sanction-rule"' in page


def test_the_web_form_refuses_silence_on_housing_at_the_field_keeping_what_was_typed(client, bailiff):
    application = _case(bailiff, housing_involved=True)
    client.force_login(bailiff.user)
    response = _web_action(client, application, kind="auction", court_decision_ref=COURT)
    assert response.status_code == 400
    assert _field_error(response, "action_on_housing") == str(ON_HOUSING_NOT_STATED)
    assert COURT in _text(response)
    response = _web_action(client, application, kind="auction", on_housing="true", court_decision_ref=COURT)
    assert response.status_code == 302
    assert EnforcementAction.objects.get(application=application).on_housing is True


def test_the_web_form_keeps_the_answer_given_when_another_field_fails(client, bailiff):
    application = _case(bailiff, housing_involved=True)
    client.force_login(bailiff.user)
    response = _web_action(client, application, kind="auction", on_housing="true")
    assert _field_error(response, "action_court_decision_ref") == str(COURT_DECISION_REQUIRED)
    assert re.search(r'<input type="radio" name="on_housing" value="true"[^>]*checked', response.content.decode())


def test_the_web_form_refuses_a_payment_above_the_outstanding_amount_at_the_field(client, bailiff):
    application = _case(bailiff, amount_kzt=Decimal("10000.00"))
    client.force_login(bailiff.user)
    response = _web_action(client, application, kind="payment", amount_kzt="10000.50")
    assert response.status_code == 400
    assert _field_error(response, "action_amount_kzt") == _above("10,000.00")
    assert not EnforcementAction.objects.exists()


def test_the_bailiff_reverses_an_entry_on_the_case_page(client, bailiff):
    application = _case(bailiff, amount_kzt=Decimal("10000.00"))
    client.force_login(bailiff.user)
    assert _web_action(client, application, kind="payment", amount_kzt="10000.00").status_code == 302
    payment = EnforcementAction.objects.get(application=application)
    page = client.get(_page(application))
    assert page.context["workspace"].outstanding == Decimal("0.00")
    assert reverse("workspace:reverse_action", args=[application.pk, payment.pk]) in page.content.decode()

    url = reverse("workspace:reverse_action", args=[application.pk, payment.pk])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 400
    assert _field_error(response, f"reverse_{payment.pk}_reason") == str(REQUIRED)

    response = client.post(url, {"reason": "Поступление от другого должника"}, follow=True)
    assert response.redirect_chain[-1][0] == _page(application)
    text = _text(response)
    workspace = response.context["workspace"]
    assert (workspace.recovered, workspace.outstanding) == (Decimal("0.00"), Decimal("10000.00"))
    entry = re.search(rf'<li[^>]*data-action="{payment.pk}"[^>]*>.*?</li>', text, re.S).group(0)
    assert 'data-reversed="true"' in entry and "<s>" in entry and "Поступление от другого должника" in entry
    assert 'data-testid="reverse-form"' not in text  # neither the reversed entry nor the reversal offers it
    assert 'data-testid="reversal-badge"' in text


def test_the_web_reversal_answers_404_to_another_bailiff(client, bailiff):
    application = _case(bailiff)
    entry = case_action_record(application=application, by=bailiff.user, kind="notice", date=timezone.localdate())
    client.force_login(BailiffFactory(region=region("KZ-75")).user)
    response = client.post(reverse("workspace:reverse_action", args=[application.pk, entry.pk]), {"reason": "x"})
    assert response.status_code == 404


def test_the_lawyer_sees_the_reversal_without_the_form(client, bailiff):
    application = _case(bailiff)
    entry = case_action_record(application=application, by=bailiff.user, kind="notice", date=timezone.localdate())
    case_action_reverse(application=application, action=entry, by=bailiff.user, reason="Уведомление не вручено")
    client.force_login(application.lawyer)
    text = _text(client.get(_page(application)))
    assert "Уведомление не вручено" in text and 'data-testid="reversed-badge"' in text
    assert 'data-testid="reverse-form"' not in text


def test_the_panel_never_shows_outstanding_zero_when_more_was_recovered_than_claimed(client, bailiff):
    # Only entries written before the cap can be above the claim: made here as they were then.
    application = _case(bailiff, amount_kzt=Decimal("1000.00"))
    EnforcementAction.objects.create(application=application, assignment=application.assignments.get(),
                                     kind="payment", amount_kzt=Decimal("1500.00"), date=timezone.localdate(),
                                     recorded_by=bailiff.user)
    client.force_login(bailiff.user)
    text = _text(client.get(_page(application)))
    assert 'data-testid="outstanding"' not in text
    above = re.search(r'data-testid="above-claim">(.*?)</dd>', text, re.S).group(1)
    assert "500" in above
