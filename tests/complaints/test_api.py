"""The complaints API (docs/architecture.md §7): complaints, breach decisions and the reassignments clause 12 holds."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from chamber_portal.core.api_helpers import NOT_FOUND
from complaints.models import Complaint, Reassignment
from complaints.services import complaint_file
from complaints.services.decisions import DATE_IN_FUTURE, EFFECTIVE_BEFORE_DECISION
from complaints.services.reassignments import APPEAL_PENDING, NO_DECISION_YET, NOT_IN_FORCE_YET
from tests.factories import AssignedApplicationFactory, UserFactory, pdf_upload, region

pytestmark = pytest.mark.django_db

COMPLAINTS = "/api/v1/complaints/"
DECISIONS = "/api/v1/breach-decisions/"
REASSIGNMENTS = "/api/v1/reassignments/"


@pytest.fixture(autouse=True)
def _english(client):
    """These tests read the English wording; the catalogues are checked elsewhere."""
    from django.utils import translation

    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


def _as(client, user):
    client.force_login(user)
    return client


def _post(client, url, body):
    return client.post(url, body, content_type="application/json")


def _complaint(application, request_new_bailiff=True):
    return complaint_file(application=application, by=application.lawyer, ground="inaction",
                          description="No action for a month.", request_new_bailiff=request_new_bailiff)


def _decide(client, complaint, **body):
    today = timezone.localdate()
    body = {"outcome": "breach_confirmed", "decision_date": today.isoformat(), "document_reference": "DC-1/2026",
            **body}
    return _post(client, f"{COMPLAINTS}{complaint.pk}/decide/", body)


def _days(n: int) -> str:
    return (timezone.localdate() + timedelta(days=n)).isoformat()


# --- filing -------------------------------------------------------------------------------------------


def test_a_lawyer_complains_and_the_requested_change_of_bailiff_is_held(client, bailiffs):
    application = AssignedApplicationFactory()
    response = _post(_as(client, application.lawyer), COMPLAINTS, {
        "application": application.pk, "ground": "inaction", "description": "No action for a month.",
        "request_new_bailiff": True,
    })
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["status"], body["bailiff"], body["region"]) == ("filed", application.assigned_bailiff_id, "KZ-75")
    assert body["reassignment"] is not None and body["attachments"] == []
    assert body["filed_at"].endswith("+05:00")  # ISO 8601 with the offset, Asia/Almaty (docs/architecture.md §7)

    held = client.get(REASSIGNMENTS).json()
    assert held["count"] == 1
    row = held["results"][0]
    assert row["id"] == body["reassignment"] and row["status"] == "held"
    assert row["held_because"] == str(NO_DECISION_YET)
    assert row["effective_on"] is None and row["new_bailiff"] is None


def test_a_complaint_takes_pdf_attachments_in_multipart(client, bailiffs):
    application = AssignedApplicationFactory()
    response = _as(client, application.lawyer).post(COMPLAINTS, {
        "application": application.pk, "ground": "delay", "description": "Late.",
        "attachments": [pdf_upload("letter.pdf"), pdf_upload("receipt.pdf")],
    })
    assert response.status_code == 201, response.content
    attachments = response.json()["attachments"]
    assert [a["original_name"] for a in attachments] == ["letter.pdf", "receipt.pdf"]
    assert f"/{response.json()['id']}/attachments/{attachments[0]['id']}/" in attachments[0]["download_url"]
    assert response.json()["reassignment"] is None


def test_a_complaint_attachment_that_is_not_a_pdf_is_refused(client, bailiffs):
    application = AssignedApplicationFactory()
    response = _as(client, application.lawyer).post(COMPLAINTS, {
        "application": application.pk, "ground": "delay", "description": "Late.",
        "attachments": [SimpleUploadedFile("letter.pdf", b"not a pdf at all")],
    })
    assert response.status_code == 400
    assert "attachments" in response.json()
    assert not Complaint.objects.exists()


def test_a_complaint_on_another_lawyers_application_is_refused_as_not_found(client, bailiffs):
    application = AssignedApplicationFactory()
    other = UserFactory(role="lawyer")
    response = _post(_as(client, other), COMPLAINTS, {
        "application": application.pk, "ground": "inaction", "description": "x",
    })
    assert response.status_code == 400
    assert response.json() == {"application": [str(NOT_FOUND)]}
    assert not Complaint.objects.exists()


def test_only_a_lawyer_files_complaints(client, bailiffs, almaty_staff):
    application = AssignedApplicationFactory()
    response = _post(_as(client, almaty_staff), COMPLAINTS, {
        "application": application.pk, "ground": "inaction", "description": "x",
    })
    assert response.status_code == 403


def test_a_second_held_change_of_bailiff_is_a_409(client, bailiffs):
    application = AssignedApplicationFactory()
    _complaint(application)
    response = _post(_as(client, application.lawyer), COMPLAINTS, {
        "application": application.pk, "ground": "delay", "description": "Still nothing.",
        "request_new_bailiff": True,
    })
    assert response.status_code == 409
    assert response.json()["code"] == "already_requested"


# --- who sees what ------------------------------------------------------------------------------------


def test_a_bailiff_sees_only_the_complaints_about_him_or_her(client, bailiffs):
    mine, theirs = AssignedApplicationFactory(), AssignedApplicationFactory()
    assert mine.assigned_bailiff != theirs.assigned_bailiff
    about_me, about_them = _complaint(mine), _complaint(theirs)
    api = _as(client, mine.assigned_bailiff.user)
    assert [c["id"] for c in api.get(COMPLAINTS).json()["results"]] == [about_me.pk]
    assert api.get(f"{COMPLAINTS}{about_them.pk}/").status_code == 404
    assert [r["application"] for r in api.get(REASSIGNMENTS).json()["results"]] == [mine.pk]


def test_complaints_are_404_to_staff_of_another_region(client, bailiffs, astana_staff):
    complaint = _complaint(AssignedApplicationFactory())
    api = _as(client, astana_staff)
    assert api.get(COMPLAINTS).json()["count"] == 0
    assert api.get(f"{COMPLAINTS}{complaint.pk}/").status_code == 404
    assert _decide(api, complaint).status_code == 404
    assert _post(api, f"{COMPLAINTS}{complaint.pk}/take/", {}).status_code == 404
    assert api.post(f"{REASSIGNMENTS}{complaint.reassignment.pk}/release/").status_code == 404
    complaint.refresh_from_db()
    assert complaint.status == "filed"


def test_complaints_filter_by_status_ground_bailiff_region_and_overdue(client, bailiffs, almaty_staff):
    first = _complaint(AssignedApplicationFactory())
    second = _complaint(AssignedApplicationFactory(), request_new_bailiff=False)
    Complaint.objects.filter(pk=first.pk).update(due_on=timezone.localdate() - timedelta(days=1))
    api = _as(client, almaty_staff)

    def ids(**query):
        response = api.get(COMPLAINTS, query)
        assert response.status_code == 200, response.content
        return {c["id"] for c in response.json()["results"]}

    assert ids() == {first.pk, second.pk}
    assert ids(overdue="true") == {first.pk}
    assert ids(overdue="false") == {second.pk}
    assert ids(bailiff=second.bailiff_id) == {second.pk}
    assert ids(region="KZ-75") == {first.pk, second.pk}
    assert ids(region="KZ-71") == set()
    assert ids(ground="delay") == set()
    assert ids(status="filed") == {first.pk, second.pk}
    assert ids(status="decided") == set()
    assert api.get(f"{COMPLAINTS}{first.pk}/").json()["overdue"] is True


# --- handling -----------------------------------------------------------------------------------------


def test_staff_take_a_complaint_and_may_hand_it_to_a_colleague_of_the_region(client, bailiffs, almaty_staff,
                                                                           astana_staff):
    complaint = _complaint(AssignedApplicationFactory())
    colleague = UserFactory(role="staff", region=region("KZ-75"))
    api = _as(client, almaty_staff)
    response = _post(api, f"{COMPLAINTS}{complaint.pk}/take/", {})
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["owner"]) == ("under_review", almaty_staff.pk)
    response = _post(api, f"{COMPLAINTS}{complaint.pk}/take/", {"owner": colleague.pk})
    assert response.json()["owner"] == colleague.pk
    response = _post(api, f"{COMPLAINTS}{complaint.pk}/take/", {"owner": astana_staff.pk})
    assert response.status_code == 400
    assert response.json() == {"owner": [str(NOT_FOUND)]}


def test_the_bailiff_complained_about_files_an_explanation_and_no_one_else(client, bailiffs):
    application = AssignedApplicationFactory()
    complaint = _complaint(application)
    url = f"{COMPLAINTS}{complaint.pk}/explanation/"
    assert _post(_as(client, application.lawyer), url, {"explanation": "Mine."}).status_code == 403
    response = _post(_as(client, application.assigned_bailiff.user), url, {"explanation": "The debtor hid."})
    assert response.status_code == 200
    assert response.json()["explanation"] == "The debtor hid."
    assert _post(client, url, {"explanation": ""}).status_code == 400


def test_a_decision_dated_in_the_future_or_in_force_before_it_is_made_is_refused(client, bailiffs, almaty_staff):
    complaint = _complaint(AssignedApplicationFactory())
    api = _as(client, almaty_staff)
    response = _decide(api, complaint, decision_date=_days(1))
    assert response.status_code == 400
    assert response.json() == {"decision_date": [str(DATE_IN_FUTURE)]}
    response = _decide(api, complaint, decision_date=_days(-5), effective_on=_days(-6))
    assert response.status_code == 400
    assert response.json() == {"effective_on": [str(EFFECTIVE_BEFORE_DECISION)]}
    response = _decide(api, complaint, outcome="maybe")
    assert response.status_code == 400 and "outcome" in response.json()
    complaint.refresh_from_db()
    assert complaint.status == "filed"


def test_a_complaint_is_decided_once_and_the_second_time_is_a_409(client, bailiffs, almaty_staff):
    complaint = _complaint(AssignedApplicationFactory())
    api = _as(client, almaty_staff)
    response = _decide(api, complaint, effective_on=_days(10))
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["outcome"], body["owner"]) == ("decided", "breach_confirmed", almaty_staff.pk)
    decision = api.get(f"{DECISIONS}{body['breach_decision']}/").json()
    assert (decision["body"], decision["effective_on"], decision["in_force"]) == ("commission", _days(10), False)

    again = _decide(api, complaint, outcome="no_breach")
    assert again.status_code == 409
    assert again.json()["code"] == "already_decided"

    held = api.get(f"{REASSIGNMENTS}{body['reassignment']}/").json()
    assert (held["status"], held["decision"], held["effective_on"]) == ("held", decision["id"], _days(10))
    expected = str(NOT_IN_FORCE_YET) % {"date": (timezone.localdate() + timedelta(days=10)).strftime("%d.%m.%Y")}
    assert held["held_because"] == expected


def test_the_default_entry_into_force_is_the_decision_date_plus_the_appeal_period(client, bailiffs, almaty_staff,
                                                                                settings):
    complaint = _complaint(AssignedApplicationFactory())
    Complaint.objects.filter(pk=complaint.pk).update(filed_at=timezone.now() - timedelta(days=5))  # filed earlier
    api = _as(client, almaty_staff)
    body = _decide(api, complaint, decision_date=_days(-2)).json()
    decision = api.get(f"{DECISIONS}{body['breach_decision']}/").json()
    assert decision["effective_on"] == _days(settings.BREACH_APPEAL_PERIOD_DAYS - 2)


def test_staff_attach_the_decision_as_a_pdf_in_multipart(client, bailiffs, almaty_staff):
    complaint = _complaint(AssignedApplicationFactory())
    api = _as(client, almaty_staff)
    response = api.post(f"{COMPLAINTS}{complaint.pk}/decide/", {
        "outcome": "breach_confirmed", "decision_date": _days(0), "document_reference": "DC-2/2026",
        "note": "Two months without action.", "document": pdf_upload("decision.pdf"),
    })
    assert response.status_code == 200, response.content
    assert response.json()["decision_note"] == "Two months without action."
    decision = api.get(f"{DECISIONS}{response.json()['breach_decision']}/").json()
    assert decision["document_name"] == "decision.pdf" and decision["document_url"]


def test_a_lawyer_cannot_decide_his_or_her_own_complaint(client, bailiffs):
    application = AssignedApplicationFactory()
    complaint = _complaint(application)
    assert _decide(_as(client, application.lawyer), complaint).status_code == 403


def test_no_breach_cancels_the_held_change_of_bailiff(client, bailiffs, almaty_staff):
    complaint = _complaint(AssignedApplicationFactory())
    api = _as(client, almaty_staff)
    assert _decide(api, complaint, outcome="no_breach").status_code == 200
    row = api.get(f"{REASSIGNMENTS}{complaint.reassignment.pk}/").json()
    assert (row["status"], row["held_because"]) == ("cancelled", None)
    assert row["cancel_reason"]


# --- breach decisions and appeals ---------------------------------------------------------------------


def _court_decision(api, application, **body):
    return _post(api, DECISIONS, {
        "application": application.pk, "bailiff": application.assigned_bailiff_id, "body": "court",
        "decision_date": _days(-40), "effective_on": _days(5), "document_reference": "2-1234/2026", **body,
    })


def test_staff_register_a_court_decision_and_the_case_is_held_for_it(client, bailiffs, almaty_staff):
    application = AssignedApplicationFactory()
    api = _as(client, almaty_staff)
    response = _court_decision(api, application)
    assert response.status_code == 201, response.content
    decision = response.json()
    assert (decision["body"], decision["effective_on"], decision["in_force"]) == ("court", _days(5), False)
    held = api.get(REASSIGNMENTS, {"status": "held"}).json()["results"]
    assert [(r["application"], r["decision"], r["effective_on"]) for r in held] == [
        (application.pk, decision["id"], _days(5))]


def test_a_court_decision_on_another_regions_case_or_bailiff_is_not_found(client, bailiffs, astana_staff):
    application = AssignedApplicationFactory()
    response = _court_decision(_as(client, astana_staff), application)
    assert response.status_code == 400
    assert response.json() == {"application": [str(NOT_FOUND)], "bailiff": [str(NOT_FOUND)]}


def test_a_court_decision_needs_its_date_of_entry_into_force(client, bailiffs, almaty_staff):
    application = AssignedApplicationFactory()
    response = _court_decision(_as(client, almaty_staff), application, effective_on=None)
    assert response.status_code == 400
    assert "effective_on" in response.json()


def test_only_staff_register_breach_decisions(client, bailiffs):
    application = AssignedApplicationFactory()
    assert _court_decision(_as(client, application.lawyer), application).status_code == 403
    assert not Reassignment.objects.exists()


def test_an_appeal_holds_the_case_and_its_dismissal_puts_the_decision_in_force(client, bailiffs, almaty_staff):
    application = AssignedApplicationFactory()
    first = application.assigned_bailiff
    api = _as(client, almaty_staff)
    decision = _court_decision(api, application, effective_on=_days(-1)).json()
    assert decision["in_force"] is True

    response = _post(api, f"{DECISIONS}{decision['id']}/appeal/", {"filed_on": _days(-3)})
    assert response.status_code == 200
    assert (response.json()["appeal_status"], response.json()["in_force"]) == ("pending", False)
    row = api.get(REASSIGNMENTS).json()["results"][0]
    assert (row["status"], row["held_because"], row["appeal_status"]) == ("held", str(APPEAL_PENDING), "pending")
    refused = api.post(f"{REASSIGNMENTS}{row['id']}/release/")
    assert refused.status_code == 409
    assert refused.json() == {"detail": str(APPEAL_PENDING), "code": "breach_decision_not_in_force"}
    assert _post(api, f"{DECISIONS}{decision['id']}/appeal/", {"filed_on": _days(0)}).status_code == 409

    response = _post(api, f"{DECISIONS}{decision['id']}/appeal-decided/", {"upheld": False, "decided_on": _days(0)})
    assert response.status_code == 200
    body = response.json()
    assert (body["appeal_status"], body["effective_on"], body["in_force"]) == ("dismissed", _days(0), True)

    released = api.post(f"{REASSIGNMENTS}{row['id']}/release/")
    assert released.status_code == 200, released.content
    assert released.json()["status"] == "released" and released.json()["held_because"] is None
    assert released.json()["new_bailiff"] not in (None, first.pk)
    application.refresh_from_db()
    assert application.assigned_bailiff_id == released.json()["new_bailiff"]


def test_an_upheld_appeal_sets_the_decision_aside_and_cancels_the_hold(client, bailiffs, almaty_staff):
    application = AssignedApplicationFactory()
    api = _as(client, almaty_staff)
    decision = _court_decision(api, application).json()
    _post(api, f"{DECISIONS}{decision['id']}/appeal/", {"filed_on": _days(0)})
    response = _post(api, f"{DECISIONS}{decision['id']}/appeal-decided/", {"upheld": True, "decided_on": _days(0)})
    assert response.json()["appeal_status"] == "upheld"
    assert [r["status"] for r in api.get(REASSIGNMENTS).json()["results"]] == ["cancelled"]
    assert _post(api, f"{DECISIONS}{decision['id']}/appeal-decided/",
                 {"upheld": False, "decided_on": _days(0)}).json()["code"] == "no_appeal_pending"


def test_the_lawyer_sees_the_decisions_on_his_or_her_cases_and_no_other(client, bailiffs, almaty_staff):
    mine, other = AssignedApplicationFactory(), AssignedApplicationFactory()
    api = _as(client, almaty_staff)
    _court_decision(api, mine)
    _court_decision(api, other)
    rows = _as(client, mine.lawyer).get(DECISIONS).json()["results"]
    assert [r["application"] for r in rows] == [mine.pk]


# --- release and hand-over ----------------------------------------------------------------------------


def test_staff_record_the_files_hand_over_after_the_release(client, bailiffs, almaty_staff):
    application = AssignedApplicationFactory()
    api = _as(client, almaty_staff)
    _court_decision(api, application, effective_on=_days(0))
    held = Reassignment.objects.get(application=application)
    url = f"{REASSIGNMENTS}{held.pk}/handover/"
    assert _post(api, url, {"step": "to_chamber", "on": _days(0)}).json()["code"] == "not_released"
    assert api.post(f"{REASSIGNMENTS}{held.pk}/release/").status_code == 200
    assert _post(api, url, {"step": "to_new_bailiff", "on": _days(0)}).status_code == 400
    assert _post(api, url, {"step": "to_chamber", "on": _days(1)}).status_code == 400
    assert _post(api, url, {"step": "to_chamber", "on": _days(0)}).status_code == 200
    body = _post(api, url, {"step": "to_new_bailiff", "on": _days(0)}).json()
    assert (body["file_to_chamber_on"], body["file_to_new_bailiff_on"]) == (_days(0), _days(0))
    assert api.post(f"{REASSIGNMENTS}{held.pk}/release/").json()["code"] == "not_held"


def test_a_lawyer_cannot_release_a_held_change_of_bailiff(client, bailiffs, almaty_staff):
    application = AssignedApplicationFactory()
    _court_decision(_as(client, almaty_staff), application, effective_on=_days(0))
    held = Reassignment.objects.get(application=application)
    assert _as(client, application.lawyer).post(f"{REASSIGNMENTS}{held.pk}/release/").status_code == 403
    held.refresh_from_db()
    assert held.status == "held"
