"""The bailiff's workspace on the web: "My cases", the actions on a case page, what the lawyer and staff see."""

import html
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assignment.models import Assignment, EnforcementAction
from assignment.services import application_redistribute, case_acknowledge
from assignment.services.workspace import (
    CASE_CLOSED,
    DATE_BEFORE_ASSIGNMENT,
    DATE_IN_FUTURE,
    EVICTION_COURT_DECISION_REQUIRED,
    GROUND_NOTE_REQUIRED,
    PROSECUTOR_SANCTION_REQUIRED,
)
from intake.models import Status
from tests.factories import (
    VALID_IIN_2,
    AssignedApplicationFactory,
    BailiffFactory,
    UserFactory,
    pdf_upload,
    region,
    registry_shows,
)

pytestmark = pytest.mark.django_db

CASES = "/cases/"
POSTS = ["acknowledge", "initiate", "refuse", "action", "close"]


@pytest.fixture(autouse=True)
def _english(client):
    """These tests read the English wording; the Russian and Kazakh catalogues are checked elsewhere."""
    from django.utils import translation

    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def bailiff():
    """The only bailiff of Almaty: every Almaty case goes to him."""
    return BailiffFactory(region=region("KZ-75"), full_name="Aigerim Bekova")


@pytest.fixture
def other():
    """The only bailiff of Astana."""
    return BailiffFactory(region=region("KZ-71"), full_name="Yerlan Omarov")



def _as(client, user):
    client.force_login(user)
    return client


def _page(application) -> str:
    return reverse("intake:application_detail", args=[application.pk])


def _url(name, application) -> str:
    return reverse(f"workspace:{name}", args=[application.pk])


def _text(response) -> str:
    return html.unescape(response.content.decode())


def _field_error(response, field_id: str) -> str:
    match = re.search(rf'id="{field_id}_error"[^>]*>(.*?)</div>', response.content.decode(), re.S)
    return html.unescape(match.group(1)) if match else ""


def _input_value(response, field_id: str) -> str:
    match = re.search(rf'<input[^>]*id="{field_id}"[^>]*>', response.content.decode())
    value = re.search(r'value="([^"]*)"', match.group(0)) if match else None
    return html.unescape(value.group(1)) if value else ""


def _assignment(application) -> Assignment:
    return Assignment.objects.get(application=application, is_active=True)



def _references(response) -> list[str]:
    return [case.reference for case in response.context["page"]]


# --- the list -----------------------------------------------------------------------------------------


def test_a_bailiff_lists_only_his_current_cases_unacknowledged_first(client, bailiff, other):
    first, second, third = AssignedApplicationFactory(), AssignedApplicationFactory(), AssignedApplicationFactory()
    case_acknowledge(application=first, by=bailiff.user)
    others = AssignedApplicationFactory(region=region("KZ-71"))
    response = _as(client, bailiff.user).get(CASES)
    assert response.status_code == 200
    references = _references(response)
    assert set(references) == {first.reference, second.reference, third.reference}
    assert references[-1] == first.reference  # acknowledged: after the two awaiting acknowledgement
    assert others.reference not in _text(response)


def test_a_case_redistributed_away_leaves_the_list_and_is_404_to_the_old_bailiff(client, bailiff):
    application = AssignedApplicationFactory()
    successor = BailiffFactory(region=region("KZ-75"))
    registry_shows(bailiff, "absent_over_month")
    application_redistribute(application=application, reason="absent_over_month", by=None)
    _as(client, bailiff.user)
    assert _references(client.get(CASES)) == []
    assert client.get(_page(application)).status_code == 404
    for name in POSTS:
        assert client.post(_url(name, application), {"decision_number": "1"}).status_code == 404
    assert _assignment(application).bailiff == successor


def test_another_bailiffs_case_page_and_every_post_are_404(client, bailiff, other):
    theirs = AssignedApplicationFactory(region=region("KZ-71"))
    _as(client, bailiff.user)
    assert client.get(_page(theirs)).status_code == 404
    for name in POSTS:
        assert client.post(_url(name, theirs), {"outcome": "executed_in_full"}).status_code == 404
    assert _assignment(theirs).acknowledged_at is None


@pytest.mark.parametrize("role", ["lawyer", "staff"])
def test_my_cases_and_the_actions_are_404_to_other_roles(client, bailiff, role):
    application = AssignedApplicationFactory()
    user = application.lawyer if role == "lawyer" else UserFactory(role="staff")
    _as(client, user)
    assert client.get(CASES).status_code == 404
    assert client.post(_url("acknowledge", application)).status_code == 404
    assert _assignment(application).acknowledged_at is None


def test_my_cases_filter_by_status_and_category(client, bailiff):
    waiting = AssignedApplicationFactory()
    alimony = AssignedApplicationFactory(category="alimony")
    working = AssignedApplicationFactory(initiated=True)
    _as(client, bailiff.user)
    assert _references(client.get(CASES, {"status": "in_enforcement"})) == [working.reference]
    assert set(_references(client.get(CASES, {"status": "assigned"}))) == {waiting.reference, alimony.reference}
    assert len(_references(client.get(CASES, {"status": "open"}))) == 3
    assert _references(client.get(CASES, {"category": "alimony"})) == [alimony.reference]


def test_my_cases_filter_by_the_day_assigned(client, bailiff):
    old, new = AssignedApplicationFactory(), AssignedApplicationFactory()
    Assignment.objects.filter(application=old).update(assigned_at=timezone.now() - timedelta(days=10))
    _as(client, bailiff.user)
    week_ago = (timezone.localdate() - timedelta(days=7)).isoformat()
    assert _references(client.get(CASES, {"assigned_from": week_ago})) == [new.reference]
    assert _references(client.get(CASES, {"assigned_to": week_ago})) == [old.reference]


def test_my_cases_search_by_reference_debtor_name_and_iin(client, bailiff):
    named = AssignedApplicationFactory(debtor_name="Сериков Ержан")
    by_iin = AssignedApplicationFactory(debtor_iin_bin=VALID_IIN_2)
    _as(client, bailiff.user)
    assert _references(client.get(CASES, {"q": named.reference})) == [named.reference]
    assert _references(client.get(CASES, {"q": "сериков"})) == [named.reference]
    assert _references(client.get(CASES, {"q": VALID_IIN_2})) == [by_iin.reference]


def test_overdue_initiations_show_in_red_with_a_word_and_filter(client, bailiff):
    late, in_time = AssignedApplicationFactory(), AssignedApplicationFactory()
    Assignment.objects.filter(application=late).update(initiation_due=timezone.localdate() - timedelta(days=1))
    _as(client, bailiff.user)
    response = client.get(CASES, {"overdue": "on"})
    assert _references(response) == [late.reference]
    row = re.search(rf'<tr data-case="{late.pk}".*?</tr>', response.content.decode(), re.S).group(0)
    assert 'class="overdue text-danger"' in row and "overdue" in re.sub(r"<[^>]+>", "", row)
    assert in_time.reference not in _text(response)


def test_my_cases_count_per_status_unacknowledged_and_overdue(client, bailiff):
    late, _waiting = AssignedApplicationFactory(), AssignedApplicationFactory()
    AssignedApplicationFactory(initiated=True)
    Assignment.objects.filter(application=late).update(initiation_due=timezone.localdate() - timedelta(days=1))
    response = _as(client, bailiff.user).get(CASES, {"status": "closed"})
    counts = response.context["counts"]
    assert (counts["open"], counts["assigned"], counts["in_enforcement"], counts["closed"]) == (3, 2, 1, 0)
    assert (counts["unacknowledged"], counts["overdue"]) == (2, 1)
    assert len(_references(client.get(CASES, {"unacknowledged": "on"}))) == 2


def test_my_cases_list_in_a_constant_number_of_queries(client, bailiff):
    _as(client, bailiff.user)

    def queries(n):
        for _ in range(n):
            AssignedApplicationFactory(acknowledged=True)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(CASES).status_code == 200
        return len(captured)

    assert queries(2) == queries(18)


def test_the_home_page_shows_the_bailiff_his_counts_linking_to_the_list(client, bailiff):
    late = AssignedApplicationFactory()
    AssignedApplicationFactory()
    Assignment.objects.filter(application=late).update(initiation_due=timezone.localdate() - timedelta(days=1))
    response = _as(client, bailiff.user).get("/")
    panel = next(panel for panel in response.context["panels"] if panel["template"] == "workspace/home_panel.html")
    assert (panel["open"], panel["unacknowledged"], panel["overdue"]) == (2, 2, 1)
    assert f'href="{CASES}?overdue=on"' in response.content.decode()
    assert f'href="{CASES}"' in response.content.decode()  # the menu's "My cases"


# --- acting on a case ---------------------------------------------------------------------------------


def test_only_acknowledgement_is_offered_before_receipt_is_acknowledged(client, bailiff):
    application = AssignedApplicationFactory()
    response = _as(client, bailiff.user).get(_page(application))
    assert list(response.context["forms"]) == ["acknowledge"]
    content = response.content.decode()
    assert _url("acknowledge", application) in content
    assert _url("initiate", application) not in content


def test_a_bailiff_acknowledges_receipt_and_the_timeline_says_so(client, bailiff):
    application = AssignedApplicationFactory()
    response = _as(client, bailiff.user).post(_url("acknowledge", application), follow=True)
    assert response.redirect_chain[-1][0] == _page(application)
    assert _assignment(application).acknowledged_at is not None
    text = _text(response)
    assert "Receipt of the case is acknowledged." in text
    assert "Receipt acknowledged by the bailiff" in text
    assert text.count("→ <strong>Bailiff assigned</strong>") == 1  # only the distribution, not "assigned → assigned"
    assert _url("initiate", application) in text and _url("refuse", application) in text


def test_acknowledging_receipt_twice_says_it_is_already_acknowledged(client, bailiff):
    application = AssignedApplicationFactory()
    _as(client, bailiff.user).post(_url("acknowledge", application))
    response = client.post(_url("acknowledge", application), follow=True)
    assert "Receipt of this case is already acknowledged." in _text(response)


def test_a_bailiff_initiates_enforcement_proceedings_from_the_case_page(client, bailiff):
    application = AssignedApplicationFactory()
    case_acknowledge(application=application, by=bailiff.user)
    today = timezone.localdate()
    response = _as(client, bailiff.user).post(
        _url("initiate", application), {"decision_number": "ВП-2026/17", "decision_date": today.isoformat()},
        follow=True)
    application.refresh_from_db()
    assert application.status == Status.IN_ENFORCEMENT
    assignment = _assignment(application)
    assert (assignment.initiation_number, assignment.initiated_on) == ("ВП-2026/17", today)
    text = _text(response)
    assert "The decision to initiate enforcement proceedings is recorded." in text
    assert _url("action", application) in text and _url("close", application) in text


def test_an_initiation_date_in_the_future_is_refused_at_the_field_keeping_what_was_typed(client, bailiff):
    application = AssignedApplicationFactory()
    case_acknowledge(application=application, by=bailiff.user)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = _as(client, bailiff.user).post(
        _url("initiate", application), {"decision_number": "ВП-2026/18", "decision_date": tomorrow})
    assert response.status_code == 400
    assert _field_error(response, "initiate_decision_date") == str(DATE_IN_FUTURE)
    assert _input_value(response, "initiate_decision_number") == "ВП-2026/18"
    assert _input_value(response, "initiate_decision_date") == tomorrow
    application.refresh_from_db()
    assert application.status == Status.ASSIGNED


def test_an_initiation_date_before_the_assignment_is_refused_at_the_field(client, bailiff):
    application = AssignedApplicationFactory()
    case_acknowledge(application=application, by=bailiff.user)
    assigned_on = timezone.localdate(_assignment(application).assigned_at)
    before = (assigned_on - timedelta(days=1)).isoformat()
    response = _as(client, bailiff.user).post(
        _url("initiate", application), {"decision_number": "ВП-2026/19", "decision_date": before})
    assert response.status_code == 400
    expected = str(DATE_BEFORE_ASSIGNMENT) % {"date": assigned_on.strftime("%d.%m.%Y")}
    assert _field_error(response, "initiate_decision_date") == expected
    assert _input_value(response, "initiate_decision_number") == "ВП-2026/19"


def test_an_initiation_date_that_is_not_a_date_is_kept_and_refused(client, bailiff):
    application = AssignedApplicationFactory()
    case_acknowledge(application=application, by=bailiff.user)
    response = _as(client, bailiff.user).post(
        _url("initiate", application), {"decision_number": "ВП-1", "decision_date": "31.02.2026"})
    assert response.status_code == 400
    assert _field_error(response, "initiate_decision_date")
    assert _input_value(response, "initiate_decision_date") == "31.02.2026"


def test_a_bailiff_refuses_to_initiate_on_a_legal_ground_and_the_case_closes(client, bailiff):
    application = AssignedApplicationFactory()
    case_acknowledge(application=application, by=bailiff.user)
    response = _as(client, bailiff.user).post(
        _url("refuse", application), {"refusal_ground": "period_expired", "note": ""}, follow=True)
    application.refresh_from_db()
    assert application.status == Status.CLOSED
    assignment = _assignment(application)
    assert (assignment.outcome, assignment.refusal_ground) == ("refused_to_initiate", "period_expired")
    assert "The period for presenting the document has expired" in _text(response)


def test_an_other_refusal_ground_needs_a_note_at_the_field(client, bailiff):
    application = AssignedApplicationFactory()
    case_acknowledge(application=application, by=bailiff.user)
    response = _as(client, bailiff.user).post(_url("refuse", application), {"refusal_ground": "other", "note": ""})
    assert response.status_code == 400
    assert _field_error(response, "refuse_note") == str(GROUND_NOTE_REQUIRED)
    assert 'id="refuse_refusal_ground"' in response.content.decode()
    assert re.search(r'<option value="other" selected>', response.content.decode())


def test_a_payment_with_a_document_is_recorded_and_the_money_shown(client, bailiff):
    application = AssignedApplicationFactory(initiated=True, amount_kzt=Decimal("1000000.00"))
    _as(client, bailiff.user).post(_url("action", application), {
        "kind": "payment", "date": timezone.localdate().isoformat(), "amount_kzt": "250000",
        "note": "Платёжное поручение № 5", "document": pdf_upload("платёж.pdf"),
    })
    action = EnforcementAction.objects.get(application=application)
    assert (action.kind, action.amount_kzt, action.document_name) == ("payment", Decimal("250000"), "платёж.pdf")
    response = client.get(_page(application))
    workspace = response.context["workspace"]
    assert (workspace.recovered, workspace.outstanding) == (Decimal("250000"), Decimal("750000.00"))
    assert reverse("workspace:action_document", args=[application.pk, action.pk]) in response.content.decode()


def test_an_eviction_without_the_court_decision_is_refused_at_the_field(client, bailiff):
    application = AssignedApplicationFactory(initiated=True, housing_involved=True)
    response = _as(client, bailiff.user).post(_url("action", application), {
        "kind": "eviction", "date": timezone.localdate().isoformat(), "note": "Выселение из кв. 12",
        "on_housing": "false",  # an eviction is on housing whatever the answer
    })
    assert response.status_code == 400
    assert _field_error(response, "action_court_decision_ref") == str(EVICTION_COURT_DECISION_REQUIRED)
    assert "Выселение из кв. 12" in _text(response)  # the note typed is still there
    assert not EnforcementAction.objects.exists()


def test_entering_a_dwelling_without_consent_needs_the_prosecutors_sanction_at_the_field(client, bailiff):
    application = AssignedApplicationFactory(initiated=True, housing_involved=True, sole_dwelling=True,
                                             minors_present=True)
    response = _as(client, bailiff.user).post(_url("action", application), {
        "kind": "property_arrest", "date": timezone.localdate().isoformat(), "on_housing": "true",
        "court_decision_ref": "Суд г. Алматы, 2-101/2026", "entry_without_consent": "on",
    })
    assert response.status_code == 400
    assert _field_error(response, "action_prosecutor_sanction_ref") == str(PROSECUTOR_SANCTION_REQUIRED)
    assert _input_value(response, "action_court_decision_ref") == "Суд г. Алматы, 2-101/2026"


def test_the_housing_safeguard_is_prominent_for_the_bailiff(client, bailiff):
    application = AssignedApplicationFactory(initiated=True, housing_involved=True)
    text = _text(_as(client, bailiff.user).get(_page(application)))
    assert 'data-testid="housing-safeguard"' in text
    assert "No. 41-НП of 19 April 2024" in text
    assert 'data-testid="housing-rule"' in text


def test_a_closed_case_records_nothing_more(client, bailiff):
    application = AssignedApplicationFactory(initiated=True)
    _as(client, bailiff.user).post(_url("close", application), {"outcome": "executed_in_full", "note": ""})
    application.refresh_from_db()
    assert application.status == Status.CLOSED
    response = client.post(_url("action", application), {
        "kind": "notice", "date": timezone.localdate().isoformat()}, follow=True)
    assert response.redirect_chain[-1][0] == _page(application)
    assert str(CASE_CLOSED) in _text(response)
    assert not EnforcementAction.objects.exists()
    assert response.context["forms"] == {}
    response = client.post(_url("action", application), {"kind": "notice", "date": "not a date"}, follow=True)
    assert not EnforcementAction.objects.exists()
    assert response.redirect_chain[-1][0] == _page(application)


def test_closing_other_than_in_full_needs_a_note(client, bailiff):
    application = AssignedApplicationFactory(initiated=True)
    response = _as(client, bailiff.user).post(_url("close", application), {"outcome": "impossible_to_recover"})
    assert response.status_code == 400
    assert _field_error(response, "close_note")
    application.refresh_from_db()
    assert application.status == Status.IN_ENFORCEMENT


# --- what others see ----------------------------------------------------------------------------------


def test_the_lawyer_sees_the_acknowledgement_initiation_and_actions_without_forms(client, bailiff):
    application = AssignedApplicationFactory(initiated=True)
    _as(client, bailiff.user).post(_url("action", application), {
        "kind": "account_arrest", "date": timezone.localdate().isoformat(), "note": "Счета в Halyk Bank",
        "document": pdf_upload("арест.pdf")})
    action = EnforcementAction.objects.get()
    Assignment.objects.filter(application=application).update(initiation_due=timezone.localdate() - timedelta(days=9))
    response = _as(client, application.lawyer).get(_page(application))
    text = _text(response)
    assert 'data-testid="acknowledged"' in text and "Not yet" not in text
    assert "decision № ВП-1" in text
    assert "Arrest of bank accounts" in text and "Счета в Halyk Bank" in text
    assert response.context["forms"] == {}
    assert f'action="{_url("action", application)}"' not in text
    download = client.get(reverse("workspace:action_document", args=[application.pk, action.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    download.close()


def test_action_documents_are_404_to_anyone_who_does_not_see_the_case(client, bailiff, other):
    application = AssignedApplicationFactory(initiated=True)
    _as(client, bailiff.user).post(_url("action", application), {
        "kind": "notice", "date": timezone.localdate().isoformat(), "document": pdf_upload("notice.pdf")})
    action = EnforcementAction.objects.get()
    url = reverse("workspace:action_document", args=[application.pk, action.pk])
    assert _as(client, other.user).get(url).status_code == 404
    assert _as(client, UserFactory(role="lawyer")).get(url).status_code == 404


def test_staff_but_not_the_lawyer_see_an_overdue_initiation_on_the_case_page(client, bailiff):
    application = AssignedApplicationFactory()
    Assignment.objects.filter(application=application).update(initiation_due=timezone.localdate() - timedelta(days=2))
    staff = UserFactory(role="staff", region=region("KZ-75"))
    text = _text(_as(client, staff).get(_page(application)))
    due = re.search(r'data-testid="initiation-due">(.*?)</dd>', text, re.S).group(1)
    assert "overdue" in re.sub(r"<[^>]+>", "", due) and "text-danger" in due
    # The deadline is the Chamber's supervision of the bailiff: the lawyer reads the next step instead.
    assert 'data-testid="initiation-due"' not in _text(_as(client, application.lawyer).get(_page(application)))


def test_staff_see_unacknowledged_and_overdue_cases_per_bailiff(client, bailiff):
    late, _waiting, acknowledged = (AssignedApplicationFactory() for _ in range(3))
    case_acknowledge(application=acknowledged, by=bailiff.user)
    Assignment.objects.filter(application=late).update(initiation_due=timezone.localdate() - timedelta(days=1))
    _as(client, UserFactory(role="staff", region=region("KZ-75")))
    listing = client.get(reverse("bailiffs:bailiff_list"))
    row = re.search(rf'<tr data-bailiff="{bailiff.pk}".*?</tr>', listing.content.decode(), re.S).group(0)
    assert re.search(r'data-testid="unacknowledged">2<', row)
    assert re.search(r'data-testid="overdue-initiations"><span class="overdue text-danger">1 · overdue', row)
    detail = client.get(reverse("bailiffs:bailiff_detail", args=[bailiff.pk])).content.decode()
    assert re.search(r'data-testid="unacknowledged">2<', detail)
    assert "1 · overdue" in detail
