"""Documents with legal effect as verifiable PDFs (issue 16): each kind is issued when its event commits, in both
state languages, with its code and QR; its SHA-256 is in the audit event; /verify/<code>/ confirms it without
personal data; only who sees its object downloads it."""

import hashlib
import io
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from pypdf import PdfReader

from assignment.services import application_redistribute
from chamber_portal.core.models import AuditEvent, PersonalDataAccess
from chamber_portal.documents.models import DocumentKind, IssuedDocument
from chamber_portal.documents.services import document_issue
from complaints.services import complaint_decide, complaint_file
from inspections.services import inspection_complete, inspection_order, inspection_start
from tests.factories import (
    ApplicationFactory,
    AssignedApplicationFactory,
    BailiffFactory,
    UserFactory,
    region,
    registry_shows,
)

pytestmark = pytest.mark.django_db

# Every letter of the Kazakh alphabet that Russian lacks: the PDF's font must have them all.
KAZAKH_LETTERS = "әғқңөұүһі"
CLAIMANT = "ЖШС «Әділет Қаңғы Өнім Үміт Ұлы Һ»"
SUBMIT = "/api/v1/applications/{}/submit/"


@pytest.fixture
def bailiffs():
    """Three active bailiffs in Almaty, with Kazakh names (the distribution decision names them)."""
    return [BailiffFactory(region=region("KZ-75"), full_name=f"Һәкім{n} Қаңғыбаев Өмірұлы Үсен")
            for n in range(3)]


def _documents(kind: str, owner=None) -> list[IssuedDocument]:
    qs = IssuedDocument.objects.filter(kind=kind)
    if owner is not None:
        qs = qs.filter(content_type=ContentType.objects.get_for_model(owner), object_id=str(owner.pk))
    return list(qs)


def _text(document: IssuedDocument) -> str:
    with document.file.open("rb") as handle:
        data = handle.read()
    assert data.startswith(b"%PDF")
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _file_sha256(document: IssuedDocument) -> str:
    with document.file.open("rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def _submitted_over_http(client, django_capture_on_commit_callbacks, **kwargs):
    application = ApplicationFactory(creditor_name=CLAIMANT, **kwargs)
    client.force_login(application.lawyer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SUBMIT.format(application.pk))
    assert response.status_code == 200, response.json()
    application.refresh_from_db()
    return application


def _decided_complaint(django_capture_on_commit_callbacks, staff, *, request_new_bailiff=False):
    application = AssignedApplicationFactory(creditor_name=CLAIMANT)
    with django_capture_on_commit_callbacks(execute=True):
        complaint = complaint_file(application=application, by=application.lawyer, ground="inaction",
                                   description="Нет движения по делу.", request_new_bailiff=request_new_bailiff)
    with django_capture_on_commit_callbacks(execute=True):
        complaint_decide(complaint=complaint, by=staff, outcome="breach_confirmed",
                         decision_date=timezone.localdate(), document_reference="ДК-7/2026",
                         note="Бездействие подтверждено.")
    return complaint


# --- issued at the event ---------------------------------------------------------------------------------------


def test_the_filing_receipt_is_a_pdf_with_kazakh_and_russian_letters_and_its_code(
        client, bailiffs, django_capture_on_commit_callbacks):
    application = _submitted_over_http(client, django_capture_on_commit_callbacks,
                                       lawyer=UserFactory(role="lawyer", language="kk"))
    [receipt] = _documents(DocumentKind.FILING_RECEIPT, application)
    text = _text(receipt)
    assert set(KAZAKH_LETTERS) <= set(text.lower())
    assert application.reference in text and receipt.code in text
    assert "Специализированный" in text  # the court, in Russian
    assert receipt.language == "kk"
    assert receipt.file.name.endswith(f"{receipt.code}.pdf")


def test_the_audit_event_of_an_issue_carries_the_files_sha256_and_code(
        client, bailiffs, django_capture_on_commit_callbacks):
    application = _submitted_over_http(client, django_capture_on_commit_callbacks)
    [receipt] = _documents(DocumentKind.FILING_RECEIPT, application)
    event = AuditEvent.objects.get(content_type=ContentType.objects.get_for_model(IssuedDocument),
                                   object_id=str(receipt.pk), kind="issued")
    assert event.data["sha256"] == receipt.sha256 == _file_sha256(receipt)
    assert event.data["code"] == receipt.code
    assert event.data["document"] == "filing_receipt"


def test_each_assignment_and_redistribution_issues_a_distribution_decision(
        bailiffs, almaty_staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        application = AssignedApplicationFactory(creditor_name=CLAIMANT)
    [first] = _documents(DocumentKind.DISTRIBUTION_DECISION, application)
    text = _text(first)
    assert application.assigned_bailiff.full_name in text
    assert first.code in text and set(KAZAKH_LETTERS) <= set(text.lower())

    registry_shows(application.assigned_bailiff, "licence_suspended")
    with django_capture_on_commit_callbacks(execute=True):
        application_redistribute(application=application, reason="licence_suspended", by=almaty_staff)
    decisions = _documents(DocumentKind.DISTRIBUTION_DECISION, application)
    assert len(decisions) == 2
    assert len({d.event for d in decisions}) == 2 and all(d.event.startswith("decision:") for d in decisions)


def test_the_inspection_act_is_issued_when_the_inspection_is_completed(
        bailiffs, almaty_staff, django_capture_on_commit_callbacks):
    [AssignedApplicationFactory() for _ in range(3)]
    today = timezone.localdate()
    inspection = inspection_order(
        bailiff=bailiffs[0], by=almaty_staff, grounds=["own_initiative"], order_number="INS-9/2026",
        ordered_on=today, inspectors=[almaty_staff], period_from=today - timedelta(days=30), period_to=today,
        planned_start=today, planned_end=today + timedelta(days=10), sample_size=1)
    inspection_start(inspection=inspection, by=almaty_staff)
    assert _documents(DocumentKind.INSPECTION_ACT) == []
    with django_capture_on_commit_callbacks(execute=True):
        inspection_complete(inspection=inspection, by=almaty_staff, completed_on=today, outcome="violations_found",
                            findings="Өтініш үш жұмыс күні ішінде қаралмады; әрекетсіздік, ғимарат, ең, Һ.",
                            warning=True)
    [act] = _documents(DocumentKind.INSPECTION_ACT, inspection)
    text = _text(act)
    assert "INS-9/2026" in text and act.code in text and set(KAZAKH_LETTERS) <= set(text.lower())


def test_a_decided_complaint_issues_its_decision_and_the_held_reassignment_notice(
        bailiffs, almaty_staff, django_capture_on_commit_callbacks):
    complaint = _decided_complaint(django_capture_on_commit_callbacks, almaty_staff, request_new_bailiff=True)
    [decision] = _documents(DocumentKind.COMPLAINT_DECISION, complaint)
    assert "ДК-7/2026" in _text(decision)
    [notice] = _documents(DocumentKind.HELD_REASSIGNMENT_NOTICE, complaint.reassignment)
    text = _text(notice)
    assert complaint.application.reference in text and notice.code in text


def test_issuing_the_same_event_twice_is_a_no_op(client, bailiffs, django_capture_on_commit_callbacks):
    application = _submitted_over_http(client, django_capture_on_commit_callbacks)
    [receipt] = _documents(DocumentKind.FILING_RECEIPT, application)
    again = document_issue(kind=DocumentKind.FILING_RECEIPT, owner=application)
    assert again.pk == receipt.pk and again.sha256 == receipt.sha256
    assert IssuedDocument.objects.count() == 1
    assert AuditEvent.objects.filter(kind="issued").count() == 1


def test_a_drained_backlog_publishes_its_decisions_in_a_few_messages_and_every_one_is_issued(
        bailiffs, django_capture_on_commit_callbacks):
    # One message per decision took half of the rotation's batch (issue 15): 30 decisions are two messages.
    from celery.signals import task_prerun

    from assignment.services import region_drain
    from chamber_portal.documents.services import DOCUMENTS_PER_MESSAGE
    from tests.assignment.conftest import accepted

    applications = [accepted() for _ in range(30)]
    ran = []

    def count(sender=None, **kwargs):
        ran.append(sender.name)

    task_prerun.connect(count, weak=False)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            assert region_drain(region_id=region("KZ-75").pk) == 30
    finally:
        task_prerun.disconnect(count)
    batches = [name for name in ran if name.endswith("documents_issue_batch_task")]
    assert len(batches) == -(-30 // DOCUMENTS_PER_MESSAGE) == 2
    issued = {int(d.object_id) for d in _documents(DocumentKind.DISTRIBUTION_DECISION)}
    assert issued == {a.pk for a in applications}


def test_the_issue_waits_for_the_commit_and_renders_in_the_documents_queue(client, bailiffs):
    from chamber_portal.celery import app

    application = ApplicationFactory()
    client.force_login(application.lawyer)
    assert client.post(SUBMIT.format(application.pk)).status_code == 200
    assert IssuedDocument.objects.count() == 0  # the test's transaction never commits: nothing rendered in it
    route = app.amqp.router.route({}, "chamber_portal.documents.tasks.document_issue_task")
    assert route["queue"].name == "documents"


def test_the_hourly_catch_up_issues_what_a_lost_message_did_not_and_then_nothing(client, bailiffs, almaty_staff):
    from chamber_portal.documents.services import documents_issue_due

    # No on_commit runs in this test's transaction: as if every message had been lost after its commit.
    application = AssignedApplicationFactory()
    complaint = complaint_file(application=application, by=application.lawyer, ground="inaction",
                               description="Нет движения.", request_new_bailiff=True)
    complaint_decide(complaint=complaint, by=almaty_staff, outcome="no_breach", decision_date=timezone.localdate(),
                     document_reference="ДК-8/2026")
    submitted = ApplicationFactory(region=region("KZ-71"))  # its reference never meets the fixture's "75-…"
    client.force_login(submitted.lawyer)
    assert client.post(SUBMIT.format(submitted.pk)).status_code == 200
    assert IssuedDocument.objects.count() == 0

    issued = documents_issue_due(since=timezone.now() - timedelta(days=1))
    kinds = sorted(IssuedDocument.objects.values_list("kind", flat=True))
    assert "filing_receipt" in kinds and "distribution_decision" in kinds and "complaint_decision" in kinds
    assert issued == len(kinds)
    assert documents_issue_due(since=timezone.now() - timedelta(days=1)) == 0


def test_every_routed_queue_has_a_compose_worker_and_the_pdfs_never_share_the_rotations():
    from pathlib import Path

    import yaml
    from django.conf import settings

    compose = yaml.safe_load((Path(__file__).resolve().parents[2] / "docker-compose.yml").read_text())

    def queues(service: str) -> set[str]:
        command = " ".join(compose["services"][service]["command"])
        return set(command.split("-Q", 1)[1].split()[0].split(","))

    routed = {route["queue"] for route in settings.CELERY_TASK_ROUTES.values()} | {settings.CELERY_TASK_DEFAULT_QUEUE}
    assert routed <= queues("worker") | queues("documents-worker")
    assert queues("documents-worker") == {"documents"}
    assert "documents" not in queues("worker") and "chamber" in queues("worker")


# --- the public verification page -------------------------------------------------------------------------------


def test_the_verify_page_confirms_kind_date_and_hash_and_shows_no_personal_data(
        client, bailiffs, django_capture_on_commit_callbacks):
    application = _submitted_over_http(client, django_capture_on_commit_callbacks)
    [receipt] = _documents(DocumentKind.FILING_RECEIPT, application)
    client.logout()
    page = client.get(f"/verify/{receipt.code}/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Filing receipt" in html and receipt.sha256 in html
    assert timezone.localtime(receipt.issued_at).strftime("%Y") in html
    for personal in (application.debtor_name, application.debtor_iin_bin, application.creditor_iin_bin,
                     application.creditor_name, application.lawyer.full_name, application.reference):
        assert personal not in html


def test_the_verify_page_accepts_the_code_in_lower_case(client, bailiffs, django_capture_on_commit_callbacks):
    application = _submitted_over_http(client, django_capture_on_commit_callbacks)
    [receipt] = _documents(DocumentKind.FILING_RECEIPT, application)
    assert client.get(f"/verify/{receipt.code.lower()}/").status_code == 200


def test_an_unknown_code_is_a_404(client):
    assert client.get("/verify/ABCDEFGHJK/").status_code == 404


def test_the_verify_page_compares_a_pasted_hash_or_the_file(client, bailiffs, django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    application = _submitted_over_http(client, django_capture_on_commit_callbacks)
    [receipt] = _documents(DocumentKind.FILING_RECEIPT, application)
    client.logout()
    url = f"/verify/{receipt.code}/"
    same = client.post(url, {"sha256": receipt.sha256.upper()}, HTTP_ACCEPT_LANGUAGE="en")
    assert "The hash matches" in same.content.decode()
    other = client.post(url, {"sha256": "0" * 64}, HTTP_ACCEPT_LANGUAGE="en")
    assert "does not match" in other.content.decode()
    with receipt.file.open("rb") as handle:
        upload = SimpleUploadedFile("receipt.pdf", handle.read(), content_type="application/pdf")
    by_file = client.post(url, {"file": upload}, HTTP_ACCEPT_LANGUAGE="en")
    assert "The hash matches" in by_file.content.decode()


# --- downloads ---------------------------------------------------------------------------------------------------


def test_the_lawyer_downloads_the_receipt_from_the_application_page_as_an_attachment(
        client, bailiffs, django_capture_on_commit_callbacks):
    application = _submitted_over_http(client, django_capture_on_commit_callbacks)
    [receipt] = _documents(DocumentKind.FILING_RECEIPT, application)
    page = client.get(f"/applications/{application.pk}/")
    assert f"/documents/{receipt.code}/download/" in page.content.decode()
    response = client.get(f"/documents/{receipt.code}/download/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "application/pdf"
    assert hashlib.sha256(b"".join(response.streaming_content)).hexdigest() == receipt.sha256


def test_anonymous_and_foreign_users_cannot_download(client, bailiffs, django_capture_on_commit_callbacks):
    application = _submitted_over_http(client, django_capture_on_commit_callbacks)
    [receipt] = _documents(DocumentKind.FILING_RECEIPT, application)
    url = f"/documents/{receipt.code}/download/"
    client.logout()
    assert client.get(url).status_code == 404
    client.force_login(UserFactory(role="lawyer"))
    assert client.get(url).status_code == 404
    client.force_login(UserFactory(role="staff", region=region("KZ-71")))  # staff of another region
    assert client.get(url).status_code == 404


def test_a_staff_download_of_an_applications_document_is_in_the_access_log(
        client, bailiffs, almaty_staff, django_capture_on_commit_callbacks):
    application = _submitted_over_http(client, django_capture_on_commit_callbacks)
    [receipt] = _documents(DocumentKind.FILING_RECEIPT, application)
    client.force_login(almaty_staff)
    assert client.get(f"/documents/{receipt.code}/download/").status_code == 200
    row = PersonalDataAccess.objects.get(application_id=application.pk, action="document_download")
    assert row.user == almaty_staff and receipt.code in row.detail


def test_the_complaint_and_inspection_pages_list_their_documents(
        client, bailiffs, almaty_staff, django_capture_on_commit_callbacks):
    complaint = _decided_complaint(django_capture_on_commit_callbacks, almaty_staff, request_new_bailiff=True)
    [decision] = _documents(DocumentKind.COMPLAINT_DECISION, complaint)
    [notice] = _documents(DocumentKind.HELD_REASSIGNMENT_NOTICE, complaint.reassignment)
    client.force_login(complaint.application.lawyer)
    html = client.get(f"/complaints/{complaint.pk}/").content.decode()
    assert decision.code in html and notice.code in html
    assert client.get(f"/documents/{decision.code}/download/").status_code == 200
