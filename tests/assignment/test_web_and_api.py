from datetime import timedelta

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assignment.models import DistributionDecision, PendingDistribution, Reason
from assignment.services import application_distribute, application_redistribute
from assignment.services.redistribute import NO_BREACH_DECISION
from bailiffs.services import bailiff_pause, bailiff_set_status
from intake.models import Status
from tests.factories import (
    AssignedApplicationFactory,
    BailiffFactory,
    UserFactory,
    region,
    registry_shows,
    registry_staff,
)

from .conftest import accepted

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client):
    """These tests read the English wording; the Russian and Kazakh catalogues are checked elsewhere."""
    from django.utils import translation

    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield

LOG = "/api/v1/distribution-log/"
NAMES = ["Aigerim Bekova", "Daniyar Seitkali", "Marat Zhunusov"]


def _as(client, user):
    client.force_login(user)
    return client


def _redistribute_url(application) -> str:
    return f"/api/v1/applications/{application.pk}/redistribute/"


def _post(client, url, body):
    return client.post(url, body, content_type="application/json")


def _distributed(code="KZ-75", **kwargs) -> DistributionDecision:
    return AssignedApplicationFactory(region=region(code), **kwargs).decision


@pytest.fixture
def almaty():
    """Three named active bailiffs of Almaty, in registry order."""
    return [BailiffFactory(region=region("KZ-75"), full_name=name) for name in NAMES]


@pytest.fixture
def astana():
    return BailiffFactory(region=region("KZ-71"), full_name="Yerlan Omarov")


# --- the log: web -------------------------------------------------------------------------------------


def test_staff_see_the_decisions_of_their_region_newest_first(client, almaty_staff, almaty, astana):
    first, second = _distributed(), _distributed()
    _distributed("KZ-71")
    response = _as(client, almaty_staff).get(reverse("assignment:log"))
    assert response.status_code == 200
    assert [d.pk for d in response.context["page"]] == [second.pk, first.pk]
    page = response.content.decode()
    assert first.application.reference in page and "Yerlan Omarov" not in page


def test_the_log_shows_the_candidates_and_the_exclusions_of_each_decision(client, almaty_staff, almaty):
    today = timezone.localdate()
    bailiff_pause(bailiff=almaty[1], starts_on=today, ends_on=today, reason="illness", by=registry_staff())
    _distributed()
    page = _as(client, almaty_staff).get(reverse("assignment:log")).content.decode()
    assert "Marat Zhunusov" in page  # a candidate
    assert "Daniyar Seitkali: Paused on the day" in page  # excluded, with the reason


def test_the_log_filters_by_region_reason_bailiff_and_date(client, national_staff, almaty, astana):
    decisions = [_distributed(), _distributed(), _distributed("KZ-71")]
    _as(client, national_staff)

    def shown(**query):
        return {d.pk for d in client.get(reverse("assignment:log"), query).context["page"]}

    assert shown(region="KZ-71") == {decisions[2].pk}
    assert shown(bailiff=almaty[1].pk) == {decisions[1].pk}
    assert shown(reason="new") == {d.pk for d in decisions}
    assert shown(reason="breach_confirmed") == set()
    today = timezone.localdate()
    assert shown(decided_after=str(today), decided_before=str(today)) == {d.pk for d in decisions}
    assert shown(decided_after=str(today + timedelta(days=1))) == set()


def test_the_log_flags_the_regions_applications_waiting_for_an_eligible_bailiff(client, almaty_staff, astana_staff):
    waiting = accepted()
    assert application_distribute(application_id=waiting.pk) is None  # no bailiff in Almaty at all
    assert PendingDistribution.objects.filter(application=waiting).exists()
    response = _as(client, almaty_staff).get(reverse("assignment:log"))
    assert [row.application_id for row in response.context["pending"]] == [waiting.pk]
    assert 'data-testid="pending"' in response.content.decode()
    assert not _as(client, astana_staff).get(reverse("assignment:log")).context["pending"]


@pytest.mark.parametrize("role", ["lawyer", "bailiff"])
def test_the_log_page_is_404_to_anyone_but_staff(client, role):
    assert _as(client, UserFactory(role=role)).get(reverse("assignment:log")).status_code == 404


def test_the_log_page_reads_in_a_constant_number_of_queries(client, national_staff, almaty):
    _as(client, national_staff)

    def queries(n):
        for _ in range(n):
            _distributed()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("assignment:log")).status_code == 200
        return len(captured)

    assert queries(3) == queries(27)


# --- the log: API -------------------------------------------------------------------------------------


def test_the_log_api_gives_staff_full_decisions_of_their_region(client, almaty_staff, almaty, astana):
    decision = _distributed()
    _distributed("KZ-71")
    body = _as(client, almaty_staff).get(LOG).json()
    assert body["count"] == 1
    row = body["results"][0]
    assert (row["id"], row["region"], row["reason"], row["turn"], row["chosen"]) == (
        decision.pk, "KZ-75", "new", 1, almaty[0].pk)
    assert (row["rule"], row["rule_version"], row["eligible_count"], row["position"]) == (
        "least_recently_assigned", 1, 3, 1)
    assert [c["name"] for c in row["candidates"]] == NAMES
    assert row["excluded"] == []


def test_a_lawyer_reads_only_his_own_decisions_without_the_other_candidates(client, almaty):
    lawyer = UserFactory(role="lawyer")
    mine = _distributed(lawyer=lawyer)
    _distributed()  # another lawyer's case, to Seitkali
    response = _as(client, lawyer).get(LOG)
    body = response.json()
    assert body["count"] == 1
    row = body["results"][0]
    assert set(row) == {"id", "at", "application", "reference", "reason", "rule", "rule_version", "turn",
                        "chosen_name", "eligible_count", "position", "explanation", "updated_at"}
    assert (row["id"], row["chosen_name"], row["eligible_count"], row["position"]) == (
        mine.pk, "Aigerim Bekova", 3, 1)
    assert "waited longest" in row["explanation"] and "3 eligible" in row["explanation"]
    text = response.content.decode()
    assert "Daniyar Seitkali" not in text and "Marat Zhunusov" not in text
    detail = client.get(f"{LOG}{mine.pk}/").content.decode()
    assert "Daniyar Seitkali" not in detail and "Marat Zhunusov" not in detail


def test_another_lawyers_decision_is_404_to_a_lawyer(client, lawyer, almaty):
    other = _distributed()
    assert _as(client, lawyer).get(f"{LOG}{other.pk}/").status_code == 404


def test_a_bailiff_reads_only_the_decisions_of_the_cases_she_holds_now_without_the_other_candidates(client, almaty):
    first = _distributed()
    other = _distributed()
    assert first.chosen == almaty[0] and other.chosen != almaty[0]
    body = _as(client, almaty[0].user).get(LOG).json()
    assert [row["id"] for row in body["results"]] == [first.pk]
    assert "candidates" not in body["results"][0] and "excluded" not in body["results"][0]
    page = client.get(reverse("intake:application_detail", args=[first.application_id])).content.decode()
    assert 'data-testid="distribution"' in page and 'data-testid="distribution-candidates"' not in page
    registry_shows(almaty[0], "licence_suspended")
    application_redistribute(application=first.application, reason="licence_suspended", by=None)
    assert client.get(LOG).json()["count"] == 0


def test_the_log_api_reads_in_a_constant_number_of_queries(client, national_staff, almaty):
    _as(client, national_staff)

    def queries(n):
        for _ in range(n):
            _distributed()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(LOG).status_code == 200
        return len(captured)

    assert queries(3) == queries(27)


# --- redistribution: API ------------------------------------------------------------------------------


def test_clause_12_is_refused_without_a_breach_decision_in_force(client, almaty_staff, almaty):
    decision = _distributed()
    response = _post(_as(client, almaty_staff), _redistribute_url(decision.application),
                     {"reason": "breach_confirmed", "note": "Complaint 5"})
    assert response.status_code == 409
    assert response.json() == {"detail": str(NO_BREACH_DECISION), "code": "breach_decision_not_in_force"}
    decision.application.refresh_from_db()
    assert decision.application.assigned_bailiff == almaty[0]


def test_a_suspended_licence_redistributes_the_case_to_a_different_bailiff(client, almaty_staff, almaty):
    decision = _distributed()
    registry_shows(almaty[0], "licence_suspended")
    response = _post(_as(client, almaty_staff), _redistribute_url(decision.application),
                     {"reason": "licence_suspended", "note": "Order 12"})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == Status.ASSIGNED
    assert body["assigned_bailiff"] not in (None, almaty[0].pk)
    assert body["decision"]["reason"] == Reason.LICENCE_SUSPENDED
    # Suspended in the registry (the ground), the bailiff is out of the rotation: not active.
    assert {"bailiff": almaty[0].pk, "name": "Aigerim Bekova", "reason": "not_active"} in body["decision"][
        "excluded"]


def test_an_unknown_redistribution_reason_is_a_400(client, almaty_staff, almaty):
    decision = _distributed()
    response = _post(_as(client, almaty_staff), _redistribute_url(decision.application), {"reason": "new"})
    assert response.status_code == 400 and "reason" in response.json()


def test_redistributing_a_case_no_bailiff_holds_is_a_409(client, almaty_staff):
    application = accepted()
    response = _post(_as(client, almaty_staff), _redistribute_url(application), {"reason": "licence_suspended"})
    assert response.status_code == 409 and response.json()["code"] == "not_assigned"


def test_redistribution_is_404_to_a_lawyer_even_for_his_own_case(client, almaty):
    lawyer = UserFactory(role="lawyer")
    decision = _distributed(lawyer=lawyer)
    response = _post(_as(client, lawyer), _redistribute_url(decision.application), {"reason": "licence_suspended"})
    assert response.status_code == 404
    decision.application.refresh_from_db()
    assert decision.application.assigned_bailiff == almaty[0]


def test_redistribution_is_404_to_staff_of_another_region(client, astana_staff, almaty):
    decision = _distributed()
    response = _post(_as(client, astana_staff), _redistribute_url(decision.application),
                     {"reason": "licence_suspended"})
    assert response.status_code == 404


def test_the_redistribute_url_routes_to_its_own_view(client):
    from django.urls import resolve

    assert resolve("/api/v1/applications/7/redistribute/").url_name == "application-redistribute"


# --- redistribution: web ------------------------------------------------------------------------------


def test_the_clause_12_refusal_page_names_what_is_missing_and_keeps_the_note(client, almaty_staff, almaty):
    decision = _distributed()
    url = reverse("assignment:redistribute", args=[decision.application.pk])
    response = _as(client, almaty_staff).post(url, {"reason": "breach_confirmed", "note": "Complaint 5"})
    assert response.status_code == 409
    assert response.context["refusal"]["code"] == "breach_decision_not_in_force"
    page = response.content.decode()
    assert 'data-testid="refusal"' in page and "entered into force" in page
    assert "Complaint 5" in page  # what was typed is kept


def test_staff_redistribute_a_case_from_the_web_page(client, almaty_staff, almaty):
    decision = _distributed()
    url = reverse("assignment:redistribute", args=[decision.application.pk])
    assert _as(client, almaty_staff).get(url).status_code == 200
    registry_shows(almaty[0], "absent_over_month")
    response = client.post(url, {"reason": "absent_over_month", "note": "Leave of 40 days"})
    assert response.status_code == 302
    assert response["Location"] == reverse("intake:application_detail", args=[decision.application.pk])
    decision.application.refresh_from_db()
    assert decision.application.assigned_bailiff not in (None, almaty[0])


def test_the_redistribute_page_is_404_to_a_lawyer(client, almaty):
    lawyer = UserFactory(role="lawyer")
    decision = _distributed(lawyer=lawyer)
    url = reverse("assignment:redistribute", args=[decision.application.pk])
    assert _as(client, lawyer).get(url).status_code == 404


def test_a_case_with_no_one_else_eligible_is_taken_back_and_waits(client, almaty_staff):
    only = BailiffFactory(region=region("KZ-75"))
    decision = _distributed()
    registry_shows(only, "excluded")
    url = reverse("assignment:redistribute", args=[decision.application.pk])
    response = _as(client, almaty_staff).post(url, {"reason": "excluded"}, follow=True)
    assert response.status_code == 200
    decision.application.refresh_from_db()
    assert (decision.application.status, decision.application.assigned_bailiff) == (Status.ACCEPTED, None)
    assert PendingDistribution.objects.get(application=decision.application).previous_bailiff == only


# --- why this bailiff: the application page's panel ---------------------------------------------------


def _panel(application, user, rf) -> str:
    request = rf.get("/")
    request.user = user
    template = Template("{% load assignment_tags %}{% distribution_for application %}")
    return template.render(Context({"application": application, "request": request, "user": user}))


def test_the_panel_tells_the_lawyer_why_without_naming_the_other_candidates(rf, almaty):
    lawyer = UserFactory(role="lawyer")
    decision = _distributed(lawyer=lawyer)
    decision.application.refresh_from_db()
    html = _panel(decision.application, lawyer, rf)
    assert "Aigerim Bekova" in html and "least recently assigned" in html
    assert "distribution-taken-back" not in html
    assert "among 3 eligible bailiffs of the region" in html
    assert "Daniyar Seitkali" not in html and "Marat Zhunusov" not in html


def test_the_panel_shows_staff_every_candidate_and_a_redistribute_link(rf, almaty_staff, almaty):
    bailiff_set_status(bailiff=almaty[2], status="suspended", effective_on=timezone.localdate(), reason="Order 1",
                       order_reference="MJ 1", by=registry_staff())
    decision = _distributed()
    decision.application.refresh_from_db()
    html = _panel(decision.application, almaty_staff, rf)
    assert "Daniyar Seitkali" in html and "Marat Zhunusov: Not active" in html
    assert reverse("assignment:redistribute", args=[decision.application.pk]) in html


def test_the_panel_says_when_the_case_was_taken_back_and_waits(rf, almaty_staff):
    only = BailiffFactory(region=region("KZ-75"))
    decision = _distributed()
    registry_shows(only, "excluded")
    application_redistribute(application=decision.application, reason="excluded", by=almaty_staff)
    decision.application.refresh_from_db()
    assert 'data-testid="distribution-taken-back"' in _panel(decision.application, decision.application.lawyer, rf)


def test_the_panel_shows_nothing_to_a_lawyer_who_does_not_own_the_case(rf, almaty):
    decision = _distributed()
    assert "Aigerim Bekova" not in _panel(decision.application, UserFactory(role="lawyer"), rf)
