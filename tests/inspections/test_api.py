"""Inspections through /api/v1/inspections/ and /api/v1/inspection-candidates/ (docs/domain.md §4, docs/architecture.md
§7; ADR 0008): who
sees what, the order and its reproducible sample, the act's lifecycle as HTTP answers, objections, measures."""

from datetime import timedelta

import pytest
from django.utils import timezone

from bailiffs.models import BailiffStatus
from chamber_portal.core.api_helpers import NOT_FOUND
from complaints.models import DisciplinaryCase
from complaints.services import complaint_decide, complaint_file
from inspections.models import Inspection
from inspections.services import inspection_complete, inspection_order, inspection_start
from inspections.services.lifecycle import (
    COMPLAINT_NOT_ABOUT_BAILIFF,
    DATE_IN_FUTURE,
    INSPECTORS_REQUIRED,
    NOT_THE_BAILIFFS_CASE,
    PERIOD_REVERSED,
    PETITION_ORDER_REQUIRED,
)
from inspections.services.sample import draw, sample_candidates
from intake.models import Application
from tests.factories import AssignedApplicationFactory, BailiffFactory, region

pytestmark = pytest.mark.django_db

API = "/api/v1/inspections/"


@pytest.fixture(autouse=True)
def _english(client):
    """These tests compare the English wording of the services' messages."""
    from django.utils import translation

    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


def _as(client, user):
    client.force_login(user)
    return client


def _post(client, url, body=None):
    return client.post(url, body or {}, content_type="application/json")


def _url(inspection, action: str = "") -> str:
    pk = inspection if isinstance(inspection, int) else inspection.pk
    return f"{API}{pk}/" + (f"{action}/" if action else "")


def _body(bailiff, staff, **overrides) -> dict:
    today = timezone.localdate()
    body = {"bailiff": bailiff.pk, "grounds": ["complaints", "own_initiative"], "order_number": "INS-1/2026",
            "ordered_on": str(today), "period_from": str(today - timedelta(days=30)), "period_to": str(today),
            "inspectors": [staff.pk], "sample_size": 2}
    body.update(overrides)
    return body


def _ordered(bailiff, staff, **kwargs) -> Inspection:
    today = timezone.localdate()
    values = dict(bailiff=bailiff, by=staff, grounds=["own_initiative"], order_number="INS-7/2026",
                  ordered_on=today, inspectors=[staff], period_from=today - timedelta(days=30), period_to=today,
                  planned_start=today, planned_end=today, sample_size=2)
    values.update(kwargs)
    return inspection_order(**values)


def _completed(bailiff, staff, **measures) -> Inspection:
    inspection = _ordered(bailiff, staff)
    inspection_start(inspection=inspection, by=staff)
    return inspection_complete(inspection=inspection, by=staff, completed_on=timezone.localdate(),
                               outcome="violations_found", findings="Initiation late on 2 of 3 cases.", **measures)


def _held_by(bailiff, cases):
    return [c for c in cases if c.assigned_bailiff_id == bailiff.pk]


# --- the order ----------------------------------------------------------------------------------------


def test_staff_order_an_inspection_and_the_same_seed_draws_the_same_cases(client, bailiffs, almaty_staff):
    [AssignedApplicationFactory() for _ in range(12)]
    target = bailiffs[0]
    _as(client, almaty_staff)
    first = _post(client, API, _body(target, almaty_staff, seed=424242))
    second = _post(client, API, _body(target, almaty_staff, seed=424242, order_number="INS-2/2026"))
    assert first.status_code == second.status_code == 201, first.json()
    data = first.json()
    today = timezone.localdate()
    drawn = [c["application"] for c in data["cases"] if c["source"] == "random"]
    assert drawn == [c["application"] for c in second.json()["cases"] if c["source"] == "random"]
    assert drawn == draw(sample_candidates(target.pk, today - timedelta(days=30), today), 2, 424242)
    assert len(drawn) == 2
    assert data["sample_seed"] == 424242 and data["status"] == "ordered" and data["region"] == "KZ-75"
    assert data["grounds"] == ["complaints", "own_initiative"]
    assert [i["id"] for i in data["inspectors"]] == [almaty_staff.pk]
    # Planned dates left out: the inspection is planned for the order date.
    assert data["planned_start"] == data["planned_end"] == str(today)
    assert data["measures"] == {"warning": False, "referral": None, "petition_suspend": False,
                                "petition_outcome": "", "petition_order_reference": "", "petition_decided_on": None,
                                "petition_carried_out_on": None}


def test_without_a_seed_one_is_drawn_and_recorded(client, bailiffs, almaty_staff):
    response = _post(_as(client, almaty_staff), API, _body(bailiffs[0], almaty_staff))
    assert response.status_code == 201
    assert Inspection.objects.get().sample_seed == response.json()["sample_seed"] is not None


def test_an_inspection_examines_the_cases_staff_add_besides_the_sample(client, bailiffs, almaty_staff):
    cases = [AssignedApplicationFactory() for _ in range(6)]
    mine = _held_by(bailiffs[0], cases)
    response = _post(_as(client, almaty_staff), API,
                     _body(bailiffs[0], almaty_staff, sample_size=0, cases=[mine[0].pk]))
    assert response.status_code == 201
    assert [(c["application"], c["source"], c["reference"]) for c in response.json()["cases"]] == [
        (mine[0].pk, "added", mine[0].reference)]


def test_an_order_with_bad_dates_or_no_inspectors_is_refused_at_the_fields(client, bailiffs, almaty_staff):
    today = timezone.localdate()
    response = _post(_as(client, almaty_staff), API, _body(
        bailiffs[0], almaty_staff, ordered_on=str(today + timedelta(days=1)), period_from=str(today),
        period_to=str(today - timedelta(days=1)), inspectors=[]))
    assert response.status_code == 400
    errors = response.json()
    assert errors["ordered_on"] == [str(DATE_IN_FUTURE)]
    assert errors["period_to"] == [str(PERIOD_REVERSED)]
    assert errors["inspectors"] == [str(INSPECTORS_REQUIRED)]
    assert not Inspection.objects.exists()


def test_a_bailiff_of_another_region_is_not_found_for_regional_staff(client, almaty_staff):
    stranger = BailiffFactory(region=region("KZ-71"))
    response = _post(_as(client, almaty_staff), API, _body(stranger, almaty_staff))
    assert response.status_code == 400
    assert response.json() == {"bailiff": [str(NOT_FOUND)]}


def test_national_staff_order_in_any_region_with_the_regions_inspectors(client, national_staff, astana_staff):
    stranger = BailiffFactory(region=region("KZ-71"))
    response = _post(_as(client, national_staff), API, _body(stranger, astana_staff))
    assert response.status_code == 201
    assert response.json()["region"] == "KZ-71"


def test_an_inspector_or_a_case_of_another_region_is_not_found(client, bailiffs, almaty_staff, astana_staff):
    BailiffFactory(region=region("KZ-71"))
    foreign_case = AssignedApplicationFactory(region=region("KZ-71"))
    response = _post(_as(client, almaty_staff), API,
                     _body(bailiffs[0], almaty_staff, inspectors=[almaty_staff.pk, astana_staff.pk],
                           cases=[foreign_case.pk]))
    assert response.status_code == 400
    assert response.json() == {"inspectors": [str(NOT_FOUND)], "cases": [str(NOT_FOUND)]}


def test_a_complaint_of_another_region_is_not_found_and_one_about_another_bailiff_is_refused(
    client, bailiffs, almaty_staff,
):
    BailiffFactory(region=region("KZ-71"))
    foreign = AssignedApplicationFactory(region=region("KZ-71"))
    foreign_complaint = complaint_file(application=foreign, by=foreign.lawyer, ground="delay", description="Slow")
    response = _post(_as(client, almaty_staff), API, _body(bailiffs[0], almaty_staff,
                                                            complaints=[foreign_complaint.pk]))
    assert response.status_code == 400
    assert response.json() == {"complaints": [str(NOT_FOUND)]}

    case = AssignedApplicationFactory()
    other = next(b for b in bailiffs if b.pk != case.assigned_bailiff_id)
    complaint = complaint_file(application=case, by=case.lawyer, ground="delay", description="Slow")
    response = _post(client, API, _body(other, almaty_staff, complaints=[complaint.pk]))
    assert response.status_code == 400
    assert response.json() == {"complaints": [str(COMPLAINT_NOT_ABOUT_BAILIFF)]}
    response = _post(client, API, _body(case.assigned_bailiff, almaty_staff, complaints=[complaint.pk]))
    assert response.status_code == 201 and response.json()["complaints"] == [complaint.pk]


def test_only_staff_order_inspections(client, bailiffs, lawyer, almaty_staff):
    assert _post(_as(client, lawyer), API, _body(bailiffs[0], almaty_staff)).status_code == 403
    assert _post(_as(client, bailiffs[1].user), API, _body(bailiffs[0], almaty_staff)).status_code == 403
    assert not Inspection.objects.exists()


# --- the act ------------------------------------------------------------------------------------------


def test_staff_start_record_findings_and_complete_with_a_referral(client, bailiffs, almaty_staff):
    [AssignedApplicationFactory() for _ in range(6)]
    _as(client, almaty_staff)
    inspection = _post(client, API, _body(bailiffs[0], almaty_staff, sample_size=1)).json()
    case = inspection["cases"][0]

    started = _post(client, _url(inspection["id"], "start"))
    assert started.status_code == 200 and started.json()["status"] == "in_progress"
    finding = _post(client, _url(inspection["id"], f"cases/{case['id']}/finding"),
                    {"finding": "Initiated on day 5", "violation": True})
    assert finding.status_code == 200
    assert (finding.json()["finding"], finding.json()["violation"]) == ("Initiated on day 5", True)

    completed = _post(client, _url(inspection["id"], "complete"), {
        "outcome": "violations_found", "findings": "Initiation late.", "warning": True, "refer": True})
    assert completed.status_code == 200, completed.json()
    data = completed.json()
    referral = DisciplinaryCase.objects.get()
    assert data["status"] == "completed" and data["outcome"] == "violations_found"
    assert data["completed_on"] == str(timezone.localdate()) and data["objection_due"] > data["completed_on"]
    assert data["measures"]["warning"] is True
    assert data["measures"]["referral"] == {"id": referral.pk, "reference": referral.source_reference,
                                            "status": "open"}
    assert "INS-1/2026" in referral.source_reference and referral.bailiff == bailiffs[0]
    assert data["cases"][0]["violation"] is True and data["objections_open"] is True


def test_the_licensors_order_granting_the_petition_suspends_the_bailiff_and_redistributes_the_open_cases(
    client, bailiffs, almaty_staff, django_capture_on_commit_callbacks,
):
    cases = [AssignedApplicationFactory() for _ in range(6)]
    target = bailiffs[0]
    held = [c.pk for c in _held_by(target, cases)]
    inspection = _completed(target, almaty_staff, petition_suspend=True)
    _as(client, almaty_staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, _url(inspection, "carry-out-petition"), {"order_reference": "MJ 77 of 02.12"})
    assert response.status_code == 200, response.json()
    measures = response.json()["measures"]
    assert measures["petition_carried_out_on"] == measures["petition_decided_on"] == str(timezone.localdate())
    assert (measures["petition_outcome"], measures["petition_order_reference"]) == ("granted", "MJ 77 of 02.12")
    target.refresh_from_db()
    assert target.status == BailiffStatus.SUSPENDED
    # The registry records the suspension on the licensor's order, not on the Chamber's own authority.
    change = target.status_changes.get()
    assert (change.status, change.order_reference, change.effective_on) == (
        BailiffStatus.SUSPENDED, "MJ 77 of 02.12", timezone.localdate())
    assert held and all(a.assigned_bailiff_id not in (None, target.pk)
                        for a in Application.objects.filter(pk__in=held))
    again = _post(client, _url(inspection, "carry-out-petition"))
    assert again.status_code == 409 and again.json()["code"] == "already_carried_out"


def test_inspection_steps_out_of_order_are_a_409(client, bailiffs, almaty_staff):
    [AssignedApplicationFactory() for _ in range(3)]
    _as(client, almaty_staff)
    inspection = _ordered(bailiffs[0], almaty_staff, sample_size=1)
    case = inspection.cases.get()
    complete = {"outcome": "no_violations"}
    for url, body in ((_url(inspection, "complete"), complete),
                      (_url(inspection, f"cases/{case.pk}/finding"), {"finding": "x", "violation": False}),
                      (_url(inspection, "carry-out-petition"), {})):
        response = _post(client, url, body)
        assert (response.status_code, response.json()["code"]) == (409, "invalid_state"), url
    assert _post(client, _url(inspection, "start")).status_code == 200
    assert _post(client, _url(inspection, "start")).json()["code"] == "invalid_state"
    assert _post(client, _url(inspection, "complete"), complete).status_code == 200
    no_petition = _post(client, _url(inspection, "carry-out-petition"))
    assert (no_petition.status_code, no_petition.json()["code"]) == (409, "no_petition")
    assert _post(client, _url(inspection, "start")).status_code == 409
    assert _post(client, _url(inspection, "cases"), {"application": case.application_id}).status_code == 409


def test_staff_add_a_case_the_bailiff_held_and_only_such_a_case(client, bailiffs, almaty_staff):
    cases = [AssignedApplicationFactory() for _ in range(6)]
    inspection = _ordered(bailiffs[0], almaty_staff, sample_size=0)
    _as(client, almaty_staff)
    mine, theirs = _held_by(bailiffs[0], cases)[0], _held_by(bailiffs[1], cases)[0]
    added = _post(client, _url(inspection, "cases"), {"application": mine.pk})
    assert added.status_code == 201
    assert (added.json()["application"], added.json()["source"]) == (mine.pk, "added")
    refused = _post(client, _url(inspection, "cases"), {"application": theirs.pk})
    assert refused.status_code == 400 and refused.json() == {"application": [str(NOT_THE_BAILIFFS_CASE)]}


def test_a_finding_on_a_case_of_another_inspection_is_not_found(client, bailiffs, almaty_staff):
    [AssignedApplicationFactory() for _ in range(6)]
    first = _ordered(bailiffs[0], almaty_staff, sample_size=1)
    second = _ordered(bailiffs[1], almaty_staff, sample_size=1)
    inspection_start(inspection=first, by=almaty_staff)
    response = _post(_as(client, almaty_staff), _url(first, f"cases/{second.cases.get().pk}/finding"),
                     {"finding": "x", "violation": None})
    assert response.status_code == 404


# --- who sees what ------------------------------------------------------------------------------------


def test_each_sees_the_inspections_their_role_grants(client, bailiffs, almaty_staff, astana_staff, lawyer,
                                                     national_staff):
    own = _ordered(bailiffs[0], almaty_staff)
    other = _ordered(bailiffs[1], almaty_staff)

    def ids(user):
        response = _as(client, user).get(API)
        assert response.status_code == 200
        return [row["id"] for row in response.json()["results"]]

    assert ids(bailiffs[0].user) == [own.pk]
    assert client.get(_url(other)).status_code == 404
    assert client.get(_url(own)).status_code == 200
    assert sorted(ids(almaty_staff)) == sorted(ids(national_staff)) == sorted([own.pk, other.pk])
    assert ids(astana_staff) == [] and client.get(_url(own)).status_code == 404
    assert _post(client, _url(own, "start")).status_code == 404
    assert ids(lawyer) == [] and client.get(_url(own)).status_code == 404


def test_the_bailiff_sees_the_inspection_but_may_not_run_it(client, bailiffs, almaty_staff):
    inspection = _ordered(bailiffs[0], almaty_staff)
    assert _post(_as(client, bailiffs[0].user), _url(inspection, "start")).status_code == 403
    inspection.refresh_from_db()
    assert inspection.status == "ordered"


def test_the_list_filters_by_status_outcome_bailiff_region_and_order_date(client, bailiffs, almaty_staff,
                                                                          national_staff):
    today = timezone.localdate()
    done = _completed(bailiffs[0], almaty_staff)
    old = _ordered(bailiffs[1], almaty_staff, ordered_on=today - timedelta(days=40),
                   period_from=today - timedelta(days=70), period_to=today - timedelta(days=40))
    BailiffFactory(region=region("KZ-71"))
    _as(client, national_staff)

    def ids(**query):
        response = client.get(API, query)
        assert response.status_code == 200, response.json()
        return [row["id"] for row in response.json()["results"]]

    assert ids(status="completed") == [done.pk]
    assert ids(status=["ordered", "in_progress"]) == [old.pk]
    assert ids(outcome="violations_found") == [done.pk]
    assert ids(bailiff=bailiffs[1].pk) == [old.pk]
    assert ids(region="KZ-75") == [done.pk, old.pk] and ids(region="KZ-71") == []
    assert ids(ordered_before=str(today - timedelta(days=1))) == [old.pk]
    assert ids(ordered_after=str(today)) == [done.pk]


# --- objections ---------------------------------------------------------------------------------------


def test_the_bailiff_objects_within_the_period_and_not_after(client, bailiffs, almaty_staff, time_machine):
    inspection = _completed(bailiffs[0], almaty_staff)
    _as(client, almaty_staff)
    assert _post(client, _url(inspection, "objections"), {"text": "No"}).status_code == 403

    _as(client, bailiffs[0].user)
    filed = _post(client, _url(inspection, "objections"), {"text": "The debtor hid his assets."})
    assert filed.status_code == 201 and filed.json()["filed_by"] == bailiffs[0].user.pk
    assert _post(client, _url(inspection, "objections"), {"text": ""}).status_code == 400

    listed = _as(client, almaty_staff).get(_url(inspection, "objections"))
    assert listed.status_code == 200
    assert [o["text"] for o in listed.json()] == ["The debtor hid his assets."]

    time_machine.move_to(timezone.now() + timedelta(days=30))
    late = _post(_as(client, bailiffs[0].user), _url(inspection, "objections"), {"text": "Late"})
    assert (late.status_code, late.json()["code"]) == (409, "objections_closed")
    assert client.get(_url(inspection)).json()["objections_open"] is False


def test_no_objection_before_the_act_nor_to_someone_elses(client, bailiffs, almaty_staff):
    ordered = _ordered(bailiffs[0], almaty_staff)
    completed = _completed(bailiffs[1], almaty_staff)
    _as(client, bailiffs[0].user)
    early = _post(client, _url(ordered, "objections"), {"text": "Too early"})
    assert (early.status_code, early.json()["code"]) == (409, "invalid_state")
    assert _post(client, _url(completed, "objections"), {"text": "Not mine"}).status_code == 404
    assert client.get(_url(completed, "objections")).status_code == 404


# --- candidates ---------------------------------------------------------------------------------------


def test_the_candidates_show_the_figures_and_which_thresholds_they_pass(client, bailiffs, almaty_staff,
                                                                         astana_staff, lawyer, settings):
    settings.INSPECTION_CANDIDATE_COMPLAINTS = 2
    settings.INSPECTION_CANDIDATE_BREACHES = 1
    cases = [AssignedApplicationFactory() for _ in range(6)]
    target = bailiffs[0]
    for application in _held_by(target, cases):
        complaint_file(application=application, by=application.lawyer, ground="delay", description="Slow")
    today = timezone.localdate()
    complaint_decide(complaint=target.complaints.first(), by=almaty_staff, outcome="breach_confirmed",
                     decision_date=today, document_reference="DC-1")
    url = "/api/v1/inspection-candidates/"
    query = {"since": str(today - timedelta(days=7)), "until": str(today)}

    response = _as(client, almaty_staff).get(url, query)
    assert response.status_code == 200
    assert response.json()["results"] == [{
        "bailiff": target.pk, "name": target.full_name, "region": "KZ-75", "complaints": 2, "breaches": 1,
        "overdue_initiations": 0, "thresholds_passed": ["complaints", "breaches"],
    }]
    assert client.get(url).json()["count"] == 1  # default period: the last 90 days
    before = client.get(url, {"since": str(today - timedelta(days=30)), "until": str(today - timedelta(days=8))})
    assert before.json()["count"] == 0
    reversed_period = client.get(url, {"since": str(today), "until": str(today - timedelta(days=1))})
    assert reversed_period.status_code == 400 and "until" in reversed_period.json()
    assert _as(client, astana_staff).get(url, query).json()["count"] == 0
    assert _as(client, lawyer).get(url, query).status_code == 403
    assert _as(client, target.user).get(url, query).status_code == 403


def test_the_detail_reads_in_a_fixed_number_of_queries(client, bailiffs, almaty_staff, django_assert_max_num_queries):
    [AssignedApplicationFactory() for _ in range(9)]
    inspection = _completed(bailiffs[0], almaty_staff)
    _as(client, almaty_staff)
    with django_assert_max_num_queries(12):
        assert client.get(_url(inspection)).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(API).status_code == 200



# --- the petition goes to the licensor (docs/adr/0010) ---------------------------------------------------


def test_a_petition_carried_out_without_the_licensors_order_is_a_400_at_order_reference(client, bailiffs, almaty_staff):
    target = bailiffs[0]
    inspection = _completed(target, almaty_staff, petition_suspend=True)
    response = _post(_as(client, almaty_staff), _url(inspection, "carry-out-petition"), {"outcome": "granted"})
    assert response.status_code == 400
    assert response.json() == {"order_reference": [str(PETITION_ORDER_REQUIRED)]}
    target.refresh_from_db()
    inspection.refresh_from_db()
    assert target.status == BailiffStatus.ACTIVE and not target.status_changes.exists()
    assert inspection.petition_outcome == "" and inspection.petition_carried_out_on is None


def test_a_refusal_by_the_licensor_is_recorded_and_the_licence_and_cases_stay(
    client, bailiffs, almaty_staff, django_capture_on_commit_callbacks,
):
    cases = [AssignedApplicationFactory() for _ in range(4)]
    target = bailiffs[0]
    held = {c.pk for c in _held_by(target, cases)}
    inspection = _completed(target, almaty_staff, petition_suspend=True)
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(_as(client, almaty_staff), _url(inspection, "carry-out-petition"),
                         {"outcome": "refused", "order_reference": "MJ letter 12 of 01.12"})
    assert response.status_code == 200, response.json()
    measures = response.json()["measures"]
    assert (measures["petition_outcome"], measures["petition_carried_out_on"]) == ("refused", None)
    target.refresh_from_db()
    assert target.status == BailiffStatus.ACTIVE and not target.status_changes.exists()
    assert held and set(Application.objects.filter(assigned_bailiff=target).values_list("pk", flat=True)) == held
    again = _post(client, _url(inspection, "carry-out-petition"), {"order_reference": "MJ 13"})
    assert (again.status_code, again.json()["code"]) == (409, "already_carried_out")


def test_a_licensors_decision_dated_in_the_future_is_a_400(client, bailiffs, almaty_staff):
    inspection = _completed(bailiffs[0], almaty_staff, petition_suspend=True)
    tomorrow = str(timezone.localdate() + timedelta(days=1))
    response = _post(_as(client, almaty_staff), _url(inspection, "carry-out-petition"),
                     {"order_reference": "MJ 1", "decided_on": tomorrow})
    assert response.status_code == 400 and response.json() == {"decided_on": [str(DATE_IN_FUTURE)]}
