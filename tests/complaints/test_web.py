"""Complaints and clause 12 on the web: the lawyer's complaint and held request, the staff's decisions, the
release only once a decision is in force, the hand-over, and "not yours" as a 404."""

import html
from datetime import timedelta

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assignment.services.redistribute import NO_BREACH_DECISION
from complaints.forms import ANY
from complaints.models import (
    AppealStatus,
    BreachDecision,
    Complaint,
    ComplaintStatus,
    Reassignment,
    ReassignmentStatus,
)
from complaints.services import complaint_decide, complaint_file
from complaints.services.common import REQUIRED
from complaints.services.reassignments import NOT_IN_FORCE_YET, STEP_ORDER
from complaints.views.filing import NO_SUCH_CASE
from intake.services.documents import FILE_NOT_PDF
from tests.factories import AssignedApplicationFactory, BailiffFactory, UserFactory, pdf_bytes, region

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client):
    """These tests read the English wording; the Russian and Kazakh catalogues are checked elsewhere."""
    from django.utils import translation

    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


def _as(client, user):
    client.logout()
    client.force_login(user)
    return client


def _text(response) -> str:
    return html.unescape(response.content.decode())


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(name), content_type="application/pdf")


def _case_url(application) -> str:
    return reverse("intake:application_detail", args=[application.pk])


def _complain(application, request_new_bailiff=True) -> Complaint:
    return complaint_file(application=application, by=application.lawyer, ground="inaction",
                          description="No action for a month.", request_new_bailiff=request_new_bailiff)


def _decide(complaint, staff, effective_in_days: int) -> BreachDecision:
    today = timezone.localdate()
    complaint_decide(complaint=complaint, by=staff, outcome="breach_confirmed", decision_date=today,
                     effective_on=today + timedelta(days=effective_in_days), document_reference="DC-7/2026")
    return BreachDecision.objects.get(complaint=complaint)


# --- the lawyer's complaint ---------------------------------------------------------------------------


def test_a_lawyer_files_a_complaint_with_attachments_and_all_see_the_hold_on_the_case(client, bailiffs, almaty_staff):
    application = AssignedApplicationFactory()
    bailiff = application.assigned_bailiff
    case_page = _as(client, application.lawyer).get(_case_url(application))
    create_url = reverse("complaints:complaint_create", args=[application.pk])
    assert create_url in case_page.content.decode()  # the "Complain" button on the case page

    form = client.get(create_url)
    assert form.status_code == 200
    assert 'data-testid="clause12-explained"' in form.content.decode()
    response = client.post(create_url, {
        "ground": "inaction", "description": "No action since the case was assigned.",
        "request_new_bailiff": "on", "attachments": [_pdf("letter.pdf"), _pdf("receipt.pdf")],
    })

    complaint = Complaint.objects.get(application=application)
    assert response.status_code == 302 and response.url == reverse("complaints:complaint_detail", args=[complaint.pk])
    assert complaint.bailiff == bailiff and complaint.request_new_bailiff
    assert sorted(complaint.attachments.values_list("original_name", flat=True)) == ["letter.pdf", "receipt.pdf"]
    held = Reassignment.objects.get(application=application)
    assert held.status == ReassignmentStatus.HELD
    for user in (application.lawyer, almaty_staff, bailiff.user):
        page = _as(client, user).get(_case_url(application))
        assert page.status_code == 200
        text = _text(page)
        assert 'data-testid="hold" data-state="awaiting_decision"' in text
        assert "Change of bailiff requested" in text
        assert "the complaint has not been decided yet" in text
        assert reverse("complaints:complaint_detail", args=[complaint.pk]) in text


def test_a_refused_complaint_keeps_what_was_typed_and_shows_problems_at_the_fields(client, bailiffs):
    application = AssignedApplicationFactory()
    url = reverse("complaints:complaint_create", args=[application.pk])
    response = _as(client, application.lawyer).post(url, {
        "ground": "", "description": "The bailiff does not answer the phone.", "request_new_bailiff": "on",
        "attachments": [SimpleUploadedFile("photo.pdf", b"not a pdf at all", content_type="application/pdf")],
    })
    assert response.status_code == 400
    text = _text(response)
    assert 'id="id_ground_error"' in text and str(REQUIRED) in text
    assert "The bailiff does not answer the phone." in text
    checkbox = str(response.context["form"]["request_new_bailiff"])
    assert " checked" in checkbox and checkbox in text
    assert not Complaint.objects.exists()

    response = client.post(url, {
        "ground": "delay", "description": "Late.",
        "attachments": [SimpleUploadedFile("photo.pdf", b"not a pdf at all", content_type="application/pdf")],
    })
    assert response.status_code == 400
    text = _text(response)
    assert 'id="id_attachments_error"' in text and str(FILE_NOT_PDF) in text
    assert '<option value="delay" selected>' in text
    assert not Complaint.objects.exists() and not Reassignment.objects.exists()


def test_no_second_change_of_bailiff_is_offered_while_one_is_held(client, bailiffs):
    application = AssignedApplicationFactory()
    _complain(application)
    response = _as(client, application.lawyer).get(reverse("complaints:complaint_create", args=[application.pk]))
    assert response.status_code == 200
    assert 'name="request_new_bailiff"' not in response.content.decode()


def test_others_get_a_404(client, bailiffs, almaty_staff, astana_staff):
    application = AssignedApplicationFactory()
    complaint = _complain(application)
    other_lawyer = UserFactory(role="lawyer")
    other_bailiff = next(b for b in bailiffs if b != application.assigned_bailiff)
    detail = reverse("complaints:complaint_detail", args=[complaint.pk])

    assert _as(client, other_lawyer).get(reverse("complaints:complaint_create", args=[application.pk])) \
        .status_code == 404
    for user in (other_lawyer, astana_staff, other_bailiff.user):
        assert _as(client, user).get(detail).status_code == 404
    for user in (application.lawyer, almaty_staff, application.assigned_bailiff.user):
        assert _as(client, user).get(detail).status_code == 200

    held = Reassignment.objects.get(complaint=complaint)
    _as(client, astana_staff)
    assert client.post(reverse("complaints:decide", args=[complaint.pk]), {
        "decide-outcome": "no_breach", "decide-decision_date": timezone.localdate().isoformat(),
        "decide-document_reference": "X"}).status_code == 404
    assert client.post(reverse("complaints:release", args=[held.pk])).status_code == 404
    assert _as(client, other_bailiff.user).post(reverse("complaints:explain", args=[complaint.pk]),
                                                {"explain-explanation": "Not me."}).status_code == 404
    assert _as(client, application.lawyer).post(reverse("complaints:decide", args=[complaint.pk])).status_code == 404
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.FILED and complaint.explanation == ""


def test_attachments_are_downloaded_only_by_those_who_see_the_complaint(client, bailiffs):
    application = AssignedApplicationFactory()
    complaint = complaint_file(application=application, by=application.lawyer, ground="other",
                               description="See the letter.", attachments=[_pdf("letter.pdf")])
    attachment = complaint.attachments.get()
    url = reverse("complaints:attachment_download", args=[complaint.pk, attachment.pk])
    response = _as(client, application.lawyer).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert _as(client, UserFactory(role="lawyer")).get(url).status_code == 404


# --- the bailiff's explanation ------------------------------------------------------------------------


def test_the_bailiff_complained_about_files_an_explanation(client, bailiffs):
    application = AssignedApplicationFactory()
    complaint = _complain(application)
    url = reverse("complaints:explain", args=[complaint.pk])
    bailiff_user = application.assigned_bailiff.user
    assert 'name="explain-explanation"' in _as(client, bailiff_user).get(
        reverse("complaints:complaint_detail", args=[complaint.pk])).content.decode()

    empty = client.post(url, {"explain-explanation": "  "})
    assert empty.status_code == 400 and 'id="id_explain-explanation_error"' in empty.content.decode()

    response = client.post(url, {"explain-explanation": "The debtor's accounts were arrested on 3 March."})
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.explanation == "The debtor's accounts were arrested on 3 March."
    page = _as(client, application.lawyer).get(reverse("complaints:complaint_detail", args=[complaint.pk]))
    assert "The debtor's accounts were arrested on 3 March." in _text(page)
    assert 'name="explain-explanation"' not in page.content.decode()


# --- staff: take, decide, release, hand-over ----------------------------------------------------------


def test_staff_take_the_complaint_and_decide_it_with_the_default_entry_into_force(client, bailiffs, almaty_staff,
                                                                                   settings):
    application = AssignedApplicationFactory()
    complaint = _complain(application)
    _as(client, almaty_staff)
    assert client.post(reverse("complaints:take", args=[complaint.pk]),
                       {"take-owner": almaty_staff.pk}).status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.UNDER_REVIEW and complaint.owner == almaty_staff

    decide = reverse("complaints:decide", args=[complaint.pk])
    today = timezone.localdate()
    missing = client.post(decide, {"decide-outcome": "breach_confirmed",
                                   "decide-decision_date": today.isoformat(), "decide-note": "Two months idle."})
    assert missing.status_code == 400
    text = _text(missing)
    assert 'id="id_decide-document_reference_error"' in text and "Two months idle." in text

    response = client.post(decide, {
        "decide-outcome": "breach_confirmed", "decide-decision_date": today.isoformat(),
        "decide-document_reference": "DC-7/2026", "decide-note": "Two months idle.",
        "decide-document": _pdf("decision.pdf"),
    })
    assert response.status_code == 302
    complaint.refresh_from_db()
    decision = BreachDecision.objects.get(complaint=complaint)
    assert complaint.status == ComplaintStatus.DECIDED and complaint.outcome == "breach_confirmed"
    assert decision.effective_on == today + timedelta(days=settings.BREACH_APPEAL_PERIOD_DAYS)
    assert decision.document_name == "decision.pdf"
    assert Reassignment.objects.get(complaint=complaint).decision == decision

    page = _as(client, application.lawyer).get(reverse("complaints:complaint_detail", args=[complaint.pk]))
    text = _text(page)
    assert 'data-outcome="breach_confirmed"' in text
    until = decision.effective_on.strftime("%d.%m.%Y")
    assert f"held until {until} because the decision confirming the breach (DC-7/2026) enters into force" in text
    document = reverse("complaints:decision_document", args=[decision.pk])
    assert document in text and client.get(document).status_code == 200


def test_a_release_before_the_decision_is_in_force_is_refused_naming_the_date(client, bailiffs, almaty_staff):
    application = AssignedApplicationFactory()
    first = application.assigned_bailiff
    complaint = _complain(application)
    decision = _decide(complaint, almaty_staff, effective_in_days=10)
    held = Reassignment.objects.get(complaint=complaint)

    response = _as(client, almaty_staff).post(reverse("complaints:release", args=[held.pk]), {"origin": "case"})
    assert response.status_code == 302 and response.url == _case_url(application)
    expected = str(NOT_IN_FORCE_YET) % {"date": decision.effective_on.strftime("%d.%m.%Y")}
    assert _messages(response) == [expected]
    held.refresh_from_db()
    application.refresh_from_db()
    assert held.status == ReassignmentStatus.HELD and application.assigned_bailiff == first
    assert application.assignments.count() == 1


def test_the_web_redistribution_for_breach_is_refused_and_says_what_is_missing(client, bailiffs, almaty_staff):
    application = AssignedApplicationFactory()
    first = application.assigned_bailiff
    complaint = _complain(application)
    decision = _decide(complaint, almaty_staff, effective_in_days=5)

    response = _as(client, almaty_staff).post(reverse("assignment:redistribute", args=[application.pk]),
                                              {"reason": "breach_confirmed", "note": "Complaint upheld."})
    assert response.status_code == 409
    text = _text(response)
    assert 'data-code="breach_decision_not_in_force"' in text and str(NO_BREACH_DECISION) in text
    until = decision.effective_on.strftime("%d.%m.%Y")
    assert "The decision DC-7/2026 (Disciplinary commission of the regional chamber) of " in text
    assert f"enters into force on {until}" in text
    application.refresh_from_db()
    assert application.assigned_bailiff == first and application.status == "assigned"


def test_the_web_redistribution_page_says_when_no_decision_is_recorded(client, bailiffs, almaty_staff):
    application = AssignedApplicationFactory()
    _complain(application)
    response = _as(client, almaty_staff).post(reverse("assignment:redistribute", args=[application.pk]),
                                              {"reason": "breach_confirmed"})
    assert response.status_code == 409
    text = _text(response)
    assert "is not decided yet" in text
    assert f"No decision confirming a breach by {application.assigned_bailiff.full_name}" in text
    assert reverse("complaints:decision_register") in text


def test_once_in_force_staff_release_it_to_another_bailiff_and_record_the_hand_over(client, bailiffs,
                                                                                   almaty_staff):
    application = AssignedApplicationFactory()
    first = application.assigned_bailiff
    complaint = _complain(application)
    decision = _decide(complaint, almaty_staff, effective_in_days=5)
    held = Reassignment.objects.get(complaint=complaint)

    with time_machine.travel(timezone.localtime() + timedelta(days=5)):
        page = _as(client, almaty_staff).get(_case_url(application))
        assert 'data-state="in_force"' in page.content.decode()
        response = client.post(reverse("complaints:release", args=[held.pk]),
                                {"origin": f"complaint-{complaint.pk}"})
        assert response.status_code == 302
        assert response.url == reverse("complaints:complaint_detail", args=[complaint.pk])
        application.refresh_from_db()
        held.refresh_from_db()
        assert held.status == ReassignmentStatus.RELEASED and held.decision == decision
        assert application.assigned_bailiff not in (None, first) and held.new_bailiff == application.assigned_bailiff
        assert _messages(response) == [f"Another bailiff is appointed: {application.assigned_bailiff.full_name}."]

        lawyer_page = _text(_as(client, application.lawyer).get(_case_url(application)))
        assert 'data-testid="released"' in lawyer_page
        assert application.assigned_bailiff.full_name in lawyer_page

        _as(client, almaty_staff)
        handover = reverse("complaints:handover", args=[held.pk])
        today = timezone.localdate()
        out_of_order = client.post(handover, {"origin": "case", f"handover-{held.pk}-step": "to_new_bailiff",
                                              f"handover-{held.pk}-on": today.isoformat()})
        assert out_of_order.status_code == 400
        assert f'id="id_handover-{held.pk}-on_error"' in out_of_order.content.decode()
        assert str(STEP_ORDER) in _text(out_of_order)
        for step in ("to_chamber", "to_new_bailiff"):
            response = client.post(handover, {"origin": "case", f"handover-{held.pk}-step": step,
                                              f"handover-{held.pk}-on": today.isoformat()})
            assert response.status_code == 302
        held.refresh_from_db()
        assert held.file_to_chamber_on == today and held.file_to_new_bailiff_on == today
        page = _as(client, application.lawyer).get(_case_url(application)).content.decode()
        assert 'data-testid="to-chamber-on"' in page and 'data-testid="to-new-bailiff-on"' in page


def test_an_appeal_recorded_on_the_case_page_holds_the_request(client, bailiffs, almaty_staff):
    application = AssignedApplicationFactory()
    complaint = _complain(application)
    decision = _decide(complaint, almaty_staff, effective_in_days=5)
    today = timezone.localdate()
    _as(client, almaty_staff)
    response = client.post(reverse("complaints:appeal", args=[decision.pk]),
                           {"origin": "case", f"appeal-{decision.pk}-filed_on": today.isoformat()})
    assert response.status_code == 302 and response.url == _case_url(application)
    decision.refresh_from_db()
    assert decision.appeal_status == AppealStatus.PENDING
    page = _text(_as(client, application.lawyer).get(_case_url(application)))
    assert 'data-state="appeal_pending"' in page and "held until the appeal against the decision DC-7/2026" in page

    _as(client, almaty_staff)
    no_result = client.post(reverse("complaints:appeal_decide", args=[decision.pk]),
                            {"origin": "case", f"appeal-decide-{decision.pk}-decided_on": today.isoformat()})
    assert no_result.status_code == 400
    assert f'id="id_appeal-decide-{decision.pk}-result_error"' in no_result.content.decode()
    response = client.post(reverse("complaints:appeal_decide", args=[decision.pk]), {
        "origin": "case", f"appeal-decide-{decision.pk}-result": "upheld",
        f"appeal-decide-{decision.pk}-decided_on": today.isoformat()})
    assert response.status_code == 302
    held = Reassignment.objects.get(complaint=complaint)
    assert held.status == ReassignmentStatus.CANCELLED
    assert 'data-testid="cancelled"' in _as(client, application.lawyer).get(_case_url(application)).content.decode()


# --- staff: a court's decision ------------------------------------------------------------------------


def test_staff_register_a_court_decision_for_a_case_of_their_region(client, bailiffs, almaty_staff, astana_staff):
    application = AssignedApplicationFactory()
    first = application.assigned_bailiff
    url = reverse("complaints:decision_register")
    not_theirs = _as(client, astana_staff).get(url, {"reference": application.reference})
    assert str(NO_SUCH_CASE) in _text(not_theirs) and 'name="bailiff"' not in not_theirs.content.decode()

    found = _as(client, almaty_staff).get(url, {"reference": application.reference})
    assert found.status_code == 200
    choices = list(found.context["form"].fields["bailiff"].queryset)
    assert choices == [first]  # only the bailiffs who held the case

    today = timezone.localdate()
    missing = client.post(url, {"reference": application.reference, "bailiff": first.pk, "body": "court",
                                "decision_date": today.isoformat(), "document_reference": "2-1234/2026",
                                "request_reassignment": "on"})
    assert missing.status_code == 400 and 'id="id_effective_on_error"' in missing.content.decode()
    assert "2-1234/2026" in missing.content.decode()

    response = client.post(url, {"reference": application.reference, "bailiff": first.pk, "body": "court",
                                 "decision_date": today.isoformat(),
                                 "effective_on": (today + timedelta(days=7)).isoformat(),
                                 "document_reference": "2-1234/2026", "request_reassignment": "on"})
    assert response.status_code == 302 and response.url == _case_url(application)
    decision = BreachDecision.objects.get(application=application)
    assert decision.body == "court" and decision.complaint is None
    held = Reassignment.objects.get(application=application)
    assert held.status == ReassignmentStatus.HELD and held.decision == decision
    page = _text(_as(client, application.lawyer).get(_case_url(application)))
    until = (today + timedelta(days=7)).strftime("%d.%m.%Y")
    assert f"held until {until} because the decision confirming the breach (2-1234/2026)" in page


# --- lists ------------------------------------------------------------------------------------------


def test_each_role_lists_its_own_complaints(client, bailiffs, almaty_staff, astana_staff):
    mine, other = AssignedApplicationFactory(), AssignedApplicationFactory()
    mine_complaint, other_complaint = _complain(mine), _complain(other)
    url = reverse("complaints:complaint_list")

    def listed(user, **query):
        response = _as(client, user).get(url, query)
        assert response.status_code == 200
        return {c.pk for c in response.context["page"]}

    assert listed(mine.lawyer) == {mine_complaint.pk}
    assert listed(mine.assigned_bailiff.user) == {c.pk for c in Complaint.objects.filter(
        bailiff=mine.assigned_bailiff)}
    assert listed(almaty_staff) == {mine_complaint.pk, other_complaint.pk}
    assert listed(astana_staff) == set()
    assert listed(almaty_staff, status=ANY, bailiff=mine.assigned_bailiff.pk) == {
        c.pk for c in Complaint.objects.filter(bailiff=mine.assigned_bailiff)}
    assert listed(almaty_staff, ground="delay") == set()


def test_the_staff_queue_shows_the_overdue_first_in_red(client, bailiffs, almaty_staff):
    recent, late = _complain(AssignedApplicationFactory()), _complain(AssignedApplicationFactory())
    Complaint.objects.filter(pk=late.pk).update(due_on=timezone.localdate() - timedelta(days=1))
    response = _as(client, almaty_staff).get(reverse("complaints:complaint_list"))
    rows = list(response.context["page"])
    assert [c.pk for c in rows] == [late.pk, recent.pk]
    text = response.content.decode()
    assert f'<tr class="table-danger" data-complaint="{late.pk}">' in text
    assert f'<tr data-complaint="{recent.pk}">' in text
    assert text.count("· overdue</span>") == 1
    only_overdue = client.get(reverse("complaints:complaint_list"), {"status": "open", "overdue": "on"})
    assert [c.pk for c in only_overdue.context["page"]] == [late.pk]

    decided = _complain(AssignedApplicationFactory(), request_new_bailiff=False)
    complaint_decide(complaint=decided, by=almaty_staff, outcome="no_breach", decision_date=timezone.localdate(),
                     document_reference="DC-9/2026")
    for query in ({}, {"page": 1}):  # the queue is the open complaints, on every page
        assert decided.pk not in {c.pk for c in client.get(reverse("complaints:complaint_list"), query)
                                  .context["page"]}
    assert decided.pk in {c.pk for c in client.get(reverse("complaints:complaint_list"), {"status": "decided"})
                          .context["page"]}


def _list_queries(client, user) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("complaints:complaint_list"), {"status": ANY}).status_code == 200
    return len(queries)


def test_the_list_runs_the_same_number_of_queries_for_2_or_20_complaints(client, bailiffs, almaty_staff):
    lawyer = UserFactory(role="lawyer")
    cases = [AssignedApplicationFactory(lawyer=lawyer) for _ in range(20)]
    for application in cases[:2]:
        _complain(application, request_new_bailiff=False)
    _as(client, almaty_staff)
    staff_two = _list_queries(client, almaty_staff)
    _as(client, lawyer)
    lawyer_two = _list_queries(client, lawyer)
    for application in cases[2:]:
        _complain(application, request_new_bailiff=False)
    _as(client, almaty_staff)
    assert _list_queries(client, almaty_staff) == staff_two
    _as(client, lawyer)
    assert _list_queries(client, lawyer) == lawyer_two


def test_the_menu_shows_complaints_to_bailiffs(client, bailiffs):
    bailiff = BailiffFactory(region=region("KZ-75"))
    response = _as(client, bailiff.user).get(reverse("complaints:complaint_list"))
    assert response.status_code == 200
    assert any(item["name"] == "complaints:complaint_list" for item in response.context["navigation"])

