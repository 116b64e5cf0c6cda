import re
from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from chamber_portal.core.iin import BAD_CHECK_DIGIT
from intake.checks import DOCUMENT_MISSING, STATE_CLAIM_ABOVE_THRESHOLD
from intake.models import Application, DocumentKind, Status
from intake.services import application_register_original, application_submit
from intake.services.decisions import CHECKLIST, CHECKLIST_INCOMPLETE
from intake.services.documents import FILE_NOT_PDF
from intake.services.drafts import ONLY_DRAFTS_EDITABLE
from tests.factories import (
    VALID_BIN,
    VALID_IIN,
    VALID_IIN_2,
    ApplicationFactory,
    BailiffFactory,
    UserFactory,
    pdf_upload,
    region,
)

pytestmark = pytest.mark.django_db

API = "/api/v1/applications/"
ALL_TICKED = dict.fromkeys(CHECKLIST, True)


def _url(application, action: str = "") -> str:
    return f"{API}{application.pk}/" + (f"{action}/" if action else "")


def _post(client, url, body=None):
    return client.post(url, body or {}, content_type="application/json")


def _patch(client, url, body):
    return client.patch(url, body, content_type="application/json")


def _body(**overrides):
    """A complete private claim in Almaty, as a client sends it."""
    today = timezone.localdate()
    body = {
        "category": "private_claim", "region": "KZ-75",
        "creditor": {"kind": "legal_entity", "name": "ТОО «Кредитор»", "iin_bin": VALID_BIN},
        "debtor": {"kind": "individual", "name": "Иванов Иван", "iin_bin": VALID_IIN,
                   "address": "г. Алматы, ул. Абая, 1"},
        "court_name": "Медеуский районный суд г. Алматы", "court_case_number": "7585-24-00-2/101",
        "decision_date": str(today - timedelta(days=90)),
        "decision_effective_date": str(today - timedelta(days=60)),
        "document_kind": "writ", "document_number": "ИЛ-0000100",
        "document_issued_at": str(today - timedelta(days=50)), "amount_kzt": "1250000.00",
    }
    body.update(overrides)
    return body


def _as(client, user):
    client.force_login(user)
    return client


def _submitted(**kwargs) -> Application:
    application = ApplicationFactory(**kwargs)
    return application_submit(application=application, by=application.lawyer)


@pytest.fixture
def lawyer_api(client, lawyer):
    return _as(client, lawyer)


# --- filing ---------------------------------------------------------------------------------------------


def test_a_lawyer_files_a_draft_attaches_both_pdfs_and_submits_for_a_reference(lawyer_api, lawyer):
    created = _post(lawyer_api, API, _body())
    assert created.status_code == 201, created.json()
    draft = created.json()
    assert (draft["status"], draft["reference"]) == ("draft", None)
    assert Application.objects.get(pk=draft["id"]).lawyer == lawyer

    for kind in ("power_of_attorney", "decision_scan"):
        upload = lawyer_api.post(f"{API}{draft['id']}/documents/",
                                 {"kind": kind, "file": pdf_upload(f"{kind}.pdf")})
        assert upload.status_code == 201, upload.json()
        assert (upload.json()["kind"], upload.json()["original_name"]) == (kind, f"{kind}.pdf")

    submitted = lawyer_api.post(f"{API}{draft['id']}/submit/")
    assert submitted.status_code == 200, submitted.json()
    body = submitted.json()
    assert body["status"] == "submitted"
    assert re.fullmatch(r"75-\d{4}-\d{6}", body["reference"])
    assert body["submitted_at"]
    assert body["original_due"]


def test_an_application_is_answered_in_the_contracts_shape(lawyer_api):
    body = _post(lawyer_api, API, _body()).json()
    assert body["region"] == "KZ-75"
    assert body["document_kind"] == "writ"
    assert body["creditor"] == {"kind": "legal_entity", "name": "ТОО «Кредитор»", "iin_bin": VALID_BIN}
    assert body["debtor"] == {"kind": "individual", "name": "Иванов Иван", "iin_bin": VALID_IIN,
                              "address": "г. Алматы, ул. Абая, 1"}
    assert body["amount_kzt"] == "1250000.00"
    assert body["assigned_bailiff"] is None
    assert body["next_step"]
    assert {"id", "category", "court_name", "court_case_number", "decision_date", "decision_effective_date",
            "document_number", "document_issued_at", "alimony_basis", "alimony_share", "obligation",
            "housing_involved", "sole_dwelling", "minors_present", "original_due", "created_at",
            "submitted_at"} <= set(body)


def test_a_non_property_decision_has_a_null_amount(lawyer_api):
    response = _post(lawyer_api, API, _body(category="non_property", amount_kzt=None, obligation="Выселить"))
    body = response.json()
    assert body["amount_kzt"] is None
    assert body["obligation"] == "Выселить"


def test_html_in_a_text_field_is_kept_as_the_same_plain_string(lawyer_api):
    script = "<script>alert(1)</script>"
    created = _post(lawyer_api, API, _body(debtor={"name": script}))
    assert created.status_code == 201
    assert created.json()["debtor"]["name"] == script
    assert lawyer_api.get(f"{API}{created.json()['id']}/").json()["debtor"]["name"] == script


def test_a_draft_keeps_whatever_was_typed(lawyer_api):
    created = _post(lawyer_api, API, {"debtor": {"iin_bin": "7910 2830-2728"}})
    assert created.status_code == 201
    body = created.json()
    assert body["debtor"]["iin_bin"] == VALID_IIN
    assert body["category"] == ""
    assert body["region"] is None


def test_a_partial_update_changes_only_what_is_sent(lawyer_api):
    draft = _post(lawyer_api, API, _body()).json()
    response = _patch(lawyer_api, f"{API}{draft['id']}/",
                      {"debtor": {"name": "Петров Пётр"}, "region": "KZ-71"})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["debtor"]["name"] == "Петров Пётр"
    assert body["debtor"]["iin_bin"] == VALID_IIN
    assert body["region"] == "KZ-71"
    assert body["creditor"] == draft["creditor"]


@pytest.mark.parametrize(("body", "field"), [
    ({"decision_date": "2026-13-01"}, "decision_date"),
    ({"region": "KZ-99"}, "region"),
    ({"document_kind": "letter"}, "document_kind"),
    ({"category": "charity"}, "category"),
    ({"amount_kzt": "a lot"}, "amount_kzt"),
    ({"debtor": {"iin_bin": "7910283027281"}}, "debtor.iin_bin"),  # keyed as the input nests it (issue 14)
])
def test_bad_input_is_a_400_naming_the_field(lawyer_api, body, field):
    response = _post(lawyer_api, API, body)
    assert response.status_code == 400
    assert field in response.json()
    assert not Application.objects.exists()


def test_only_lawyers_create_applications(client, national_staff):
    for user in (national_staff, BailiffFactory().user):
        response = _post(_as(client, user), API, _body())
        assert response.status_code == 403
    assert not Application.objects.exists()


def test_a_lawyer_creates_an_application_with_a_token_too(client, lawyer):
    token = _post(client, "/api/v1/auth/token/", {"username": "lawyer", "password": "correct-horse-battery"})
    response = client.post(API, _body(), content_type="application/json",
                           HTTP_AUTHORIZATION=f"Token {token.json()['token']}")
    assert response.status_code == 201


# --- the intake checks through the API ------------------------------------------------------------------


def test_a_debtor_iin_with_a_wrong_check_digit_is_refused_at_submission(lawyer_api, lawyer):
    application = ApplicationFactory(lawyer=lawyer, debtor_iin_bin="791028302729")
    response = _post(lawyer_api, _url(application, "submit"))
    assert response.status_code == 400
    assert response.json() == {"debtor.iin_bin": [str(BAD_CHECK_DIGIT)]}  # as the input nests it (issue 14)


def test_a_state_claim_above_1000_mrp_is_refused_at_submission(client, lawyer):
    with time_machine.travel(timezone.make_aware(timezone.datetime(2026, 6, 1, 10, 0)), tick=False):
        application = ApplicationFactory(lawyer=lawyer, category="state_claim", creditor_kind="state",
                                         amount_kzt=Decimal("4325000.01"))
        response = _post(_as(client, lawyer), _url(application, "submit"))
    assert response.status_code == 400
    assert response.json()["amount_kzt"] == [str(STATE_CLAIM_ABOVE_THRESHOLD % {
        "limit_mrp": 1000, "limit_kzt": "4 325 000", "year": 2026})]


def test_submitting_without_the_documents_is_refused_naming_each(lawyer_api):
    draft = _post(lawyer_api, API, _body()).json()
    response = _post(lawyer_api, f"{API}{draft['id']}/submit/")
    assert response.status_code == 400
    assert response.json() == {
        "document_power_of_attorney": [str(DOCUMENT_MISSING["power_of_attorney"])],
        "document_decision_scan": [str(DOCUMENT_MISSING["decision_scan"])],
    }
    assert Application.objects.get(pk=draft["id"]).status == Status.DRAFT


def test_a_text_file_renamed_pdf_is_refused(lawyer_api, lawyer):
    draft = ApplicationFactory(lawyer=lawyer, with_documents=False)
    fake = SimpleUploadedFile("decision.pdf", b"just text, renamed", content_type="application/pdf")
    response = lawyer_api.post(_url(draft, "documents"), {"kind": "decision_scan", "file": fake})
    assert response.status_code == 400
    assert response.json() == {"file": [str(FILE_NOT_PDF)]}
    assert not draft.documents.exists()


def test_an_upload_of_an_unknown_kind_or_without_a_file_is_refused(lawyer_api, lawyer):
    draft = ApplicationFactory(lawyer=lawyer, with_documents=False)
    response = lawyer_api.post(_url(draft, "documents"), {"kind": "selfie", "file": pdf_upload()})
    assert response.status_code == 400
    assert "kind" in response.json()
    response = lawyer_api.post(_url(draft, "documents"), {"kind": "decision_scan"})
    assert response.status_code == 400
    assert "file" in response.json()


# --- transitions ----------------------------------------------------------------------------------------


def test_a_submitted_application_cannot_be_edited(lawyer_api, lawyer):
    application = _submitted(lawyer=lawyer)
    response = _patch(lawyer_api, _url(application), {"debtor": {"name": "Другой"}})
    assert response.status_code == 409
    assert response.json() == {"detail": str(ONLY_DRAFTS_EDITABLE), "code": "not_draft"}


def test_nothing_can_be_attached_to_a_submitted_application(lawyer_api, lawyer):
    application = _submitted(lawyer=lawyer)
    response = lawyer_api.post(_url(application, "documents"), {"kind": "other", "file": pdf_upload()})
    assert response.status_code == 409
    assert response.json()["code"] == "not_draft"


def test_an_application_is_submitted_only_once(lawyer_api, lawyer):
    application = ApplicationFactory(lawyer=lawyer)
    first = _post(lawyer_api, _url(application, "submit"))
    second = _post(lawyer_api, _url(application, "submit"))
    assert first.status_code == 200
    assert second.status_code == 409
    assert set(second.json()) == {"detail", "code"}
    assert Application.objects.get(pk=application.pk).reference == first.json()["reference"]


def test_staff_register_the_original_and_accept_and_the_history_shows_each_step(client, almaty_staff):
    application = _submitted()
    staff = _as(client, almaty_staff)
    registered = _post(staff, _url(application, "register-original"), {
        "registry_number": "ВХ-12", "received_at": timezone.now().isoformat(),
        "condition_note": "Без повреждений",
    })
    assert registered.status_code == 200, registered.json()
    assert registered.json()["status"] == "original_received"
    accepted = _post(staff, _url(application, "accept"), {"checklist": ALL_TICKED})
    assert accepted.status_code == 200, accepted.json()
    assert accepted.json()["status"] == "accepted"

    history = staff.get(_url(application, "history"))
    assert history.status_code == 200
    steps = [(event["from"], event["to"]) for event in history.json()]
    assert steps == [
        ("draft", "submitted"), ("submitted", "original_received"), ("original_received", "accepted"),
    ]
    registration = history.json()[1]
    assert registration["by"] == almaty_staff.display_name
    assert registration["note"] == "Без повреждений"
    assert set(registration) == {"at", "from", "to", "by", "note"}


def test_acceptance_is_refused_unless_every_point_is_ticked(client, almaty_staff):
    application = _submitted()
    application_register_original(application=application, by=almaty_staff, registry_number="ВХ-1",
                                  received_at=timezone.now())
    response = _post(_as(client, almaty_staff), _url(application, "accept"),
                     {"checklist": {**ALL_TICKED, "amount": False}})
    assert response.status_code == 400
    assert response.json() == {"checklist": [str(CHECKLIST_INCOMPLETE)]}


def test_a_received_time_without_an_offset_or_a_bad_one_is_refused(client, almaty_staff):
    application = _submitted()
    staff = _as(client, almaty_staff)
    for received_at in ("2026-03-20T10:00:00", "yesterday"):
        response = _post(staff, _url(application, "register-original"),
                         {"registry_number": "ВХ-1", "received_at": received_at})
        assert response.status_code == 400
        assert "received_at" in response.json()
    assert Application.objects.get(pk=application.pk).status == Status.SUBMITTED


def test_a_return_with_an_unknown_reason_is_refused(client, almaty_staff):
    application = _submitted()
    response = _post(_as(client, almaty_staff), _url(application, "return"),
                     {"reason": "did_not_like_it", "message": "Нет"})
    assert response.status_code == 400
    assert "reason" in response.json()
    assert Application.objects.get(pk=application.pk).status == Status.SUBMITTED


def test_a_returned_application_is_filed_again_from_a_copy(client, almaty_staff):
    application = _submitted()
    returned = _post(_as(client, almaty_staff), _url(application, "return"),
                     {"reason": "incomplete", "message": "Нет листа 2"})
    assert returned.status_code == 200
    assert returned.json()["status"] == "returned"
    lawyer = _as(client, application.lawyer)
    copy = _post(lawyer, _url(application, "copy"))
    assert copy.status_code == 201
    assert copy.json()["status"] == "draft"
    assert copy.json()["id"] != application.pk
    assert copy.json()["debtor"]["name"] == application.debtor_name
    assert len(lawyer.get(f"{API}{copy.json()['id']}/documents/").json()) == 2


def test_only_a_returned_or_lapsed_application_is_copied(lawyer_api, lawyer):
    response = _post(lawyer_api, _url(_submitted(lawyer=lawyer), "copy"))
    assert response.status_code == 409
    assert response.json()["code"] == "not_final"


def test_a_lawyer_reports_the_original_lost(lawyer_api, lawyer):
    application = _submitted(lawyer=lawyer)
    today = timezone.localdate()
    tomorrow = (today + timedelta(days=1)).strftime("%d.%m.%Y")
    bad = _post(lawyer_api, _url(application, "report-original-lost"),
                {"duplicate_requested_on": tomorrow, "state_fee_receipt": "КВ-1"})
    assert bad.status_code == 400
    assert "duplicate_requested_on" in bad.json()
    too_early = _post(lawyer_api, _url(application, "report-original-lost"), {
        "duplicate_requested_on": str(today), "state_fee_receipt": "КВ-1",
        "expected_on": str(today - timedelta(days=1)),
    })
    assert too_early.status_code == 400
    assert "expected_on" in too_early.json()
    response = _post(lawyer_api, _url(application, "report-original-lost"), {
        "duplicate_requested_on": str(today), "state_fee_receipt": "КВ-1",
        "expected_on": str(today + timedelta(days=20)),
    })
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "awaiting_duplicate"


def test_the_document_list_links_each_file_for_download(lawyer_api, lawyer):
    application = ApplicationFactory(lawyer=lawyer)
    documents = lawyer_api.get(_url(application, "documents")).json()
    assert [document["kind"] for document in documents] == ["decision_scan", "power_of_attorney"]
    assert {"id", "kind", "original_name", "size", "uploaded_at", "download_url"} <= set(documents[0])
    download = lawyer_api.get(documents[0]["download_url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


# --- who sees what --------------------------------------------------------------------------------------


def test_staff_of_another_region_neither_see_nor_reach_an_application(client):
    application = _submitted()
    astana = _as(client, UserFactory(role="staff", region=region("KZ-71")))
    assert astana.get(_url(application)).status_code == 404
    assert astana.get(API).json()["count"] == 0
    response = _post(astana, _url(application, "register-original"),
                     {"registry_number": "ВХ-1", "received_at": timezone.now().isoformat()})
    assert response.status_code == 404


def test_a_lawyer_gets_404_on_another_lawyers_application(client):
    application = ApplicationFactory()
    other = _as(client, UserFactory(role="lawyer"))
    assert other.get(_url(application)).status_code == 404
    assert other.get(_url(application, "documents")).status_code == 404
    assert other.get(_url(application, "history")).status_code == 404
    assert _post(other, _url(application, "submit")).status_code == 404
    assert _patch(other, _url(application), {"debtor": {"name": "X"}}).status_code == 404
    assert other.get(API).json()["count"] == 0
    assert Application.objects.get(pk=application.pk).status == Status.DRAFT


def test_staff_never_see_drafts(client, national_staff):
    draft, submitted = ApplicationFactory(), _submitted()
    staff = _as(client, national_staff)
    assert [row["id"] for row in staff.get(API).json()["results"]] == [submitted.pk]
    assert staff.get(_url(draft)).status_code == 404


def test_a_bailiff_sees_only_the_cases_assigned_to_them(client):
    ApplicationFactory(status="accepted")
    bailiff = BailiffFactory()
    api = _as(client, bailiff.user)
    assert api.get(API).json() == {"count": 0, "next": None, "previous": None, "results": []}
    assigned = ApplicationFactory(status="assigned", assigned_bailiff=bailiff)
    rows = api.get(API).json()["results"]
    assert [(row["id"], row["assigned_bailiff"]) for row in rows] == [(assigned.pk, bailiff.pk)]


def test_anonymous_callers_are_refused(client):
    application = ApplicationFactory()
    assert client.get(API).status_code in (401, 403)
    assert client.get(_url(application)).status_code in (401, 403)
    assert _post(client, API, _body()).status_code in (401, 403)
    assert client.get("/api/v1/document-kinds/").status_code in (401, 403)


# --- lists ----------------------------------------------------------------------------------------------


def _ids(response) -> set[int]:
    assert response.status_code == 200, response.json()
    return {row["id"] for row in response.json()["results"]}


def test_the_list_filters_by_status_category_and_region(client, national_staff):
    almaty = ApplicationFactory(status="submitted")
    alimony = ApplicationFactory(status="submitted", category="alimony")
    astana = ApplicationFactory(status="accepted", region=region("KZ-71"))
    staff = _as(client, national_staff)
    assert _ids(staff.get(API, {"status": "accepted"})) == {astana.pk}
    assert _ids(staff.get(API, {"category": "alimony"})) == {alimony.pk}
    assert _ids(staff.get(API, {"region": "KZ-75"})) == {almaty.pk, alimony.pk}
    assert _ids(staff.get(API, {"region": "KZ-75", "category": "private_claim"})) == {almaty.pk}
    assert staff.get(API, {"region": "KZ-99"}).status_code == 400
    assert staff.get(API, {"status": "burnt"}).status_code == 400


def test_the_list_searches_by_reference_debtor_name_and_iin(client, national_staff):
    by_reference = ApplicationFactory(status="submitted", reference="75-2026-000042")
    ApplicationFactory(status="submitted", reference="75-2026-000043")
    by_name = ApplicationFactory(status="submitted", debtor_name="Сапарова Айгерим")
    by_iin = ApplicationFactory(status="submitted", debtor_iin_bin=VALID_IIN_2)
    staff = _as(client, national_staff)
    assert _ids(staff.get(API, {"search": "75-2026-000042"})) == {by_reference.pk}
    assert _ids(staff.get(API, {"search": "Сапарова"})) == {by_name.pk}  # any case on PostgreSQL: see test_web
    assert _ids(staff.get(API, {"search": "0612 1160 0012"})) == {by_iin.pk}


def test_the_list_filters_by_submission_date_and_orders(client, national_staff):
    now = timezone.now()
    old = ApplicationFactory(status="submitted", submitted_at=now - timedelta(days=10),
                             reference="75-2026-000002")
    new = ApplicationFactory(status="submitted", submitted_at=now, reference="75-2026-000001")
    staff = _as(client, national_staff)
    cut = str(timezone.localdate(now - timedelta(days=5)))
    assert _ids(staff.get(API, {"submitted_after": cut})) == {new.pk}
    assert _ids(staff.get(API, {"submitted_before": cut})) == {old.pk}
    ordered = staff.get(API, {"ordering": "reference"}).json()["results"]
    assert [row["id"] for row in ordered] == [new.pk, old.pk]
    ordered = staff.get(API, {"ordering": "-reference"}).json()["results"]
    assert [row["id"] for row in ordered] == [old.pk, new.pk]
    assert staff.get(API, {"ordering": "debtor_name"}).status_code == 400


def test_the_list_is_paginated(lawyer_api, lawyer):
    ApplicationFactory(lawyer=lawyer, with_documents=False)
    body = lawyer_api.get(API).json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 1


def test_the_list_costs_the_same_number_of_queries_for_3_or_30_rows(client, national_staff):
    bailiff = BailiffFactory()
    kinds = ["writ", "court_order", "notary_inscription"]
    regions = ["KZ-75", "KZ-71", "KZ-79"]

    def add(count):
        for n in range(count):
            ApplicationFactory(
                status="assigned", assigned_bailiff=bailiff, region=region(regions[n % 3]),
                with_documents=False, document_kind=DocumentKind.objects.get(code=kinds[n % 3]),
            )

    staff = _as(client, national_staff)
    add(3)
    with CaptureQueriesContext(connection) as three:
        assert staff.get(API).json()["count"] == 3
    add(27)
    with CaptureQueriesContext(connection) as thirty:
        assert staff.get(API).json()["count"] == 30
    assert len(three) == len(thirty)


def test_document_kinds_are_listed_by_code(lawyer_api):
    response = lawyer_api.get("/api/v1/document-kinds/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    kinds = {kind["code"]: kind for kind in response.json()}
    assert set(kinds) == {"writ", "court_order", "notary_inscription", "other", "administrative_offence_ruling"}
    assert kinds["writ"] == {"code": "writ", "name": "Writ of execution", "filed_through_chamber": True,
                             "presentation_period_years": 3}
    assert kinds["administrative_offence_ruling"]["presentation_period_years"] == 1


def test_the_schema_documents_every_intake_action(client):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    for action, request in [("submit", None), ("report-original-lost", "ReportOriginalLostInput"),
                            ("register-original", "RegisterOriginalInput"), ("accept", "AcceptInput"),
                            ("return", "ReturnInput"), ("copy", None)]:
        operation = schema["paths"][f"/api/v1/applications/{{id}}/{action}/"]["post"]
        if request:
            ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
            assert ref.endswith(f"/{request}")
        responses = operation["responses"]
        output = (responses.get("200") or responses["201"])["content"]["application/json"]["schema"]["$ref"]
        assert output.endswith("/ApplicationOutput")
    history = schema["paths"]["/api/v1/applications/{id}/history/"]["get"]["responses"]["200"]
    assert history["content"]["application/json"]["schema"]["items"]["$ref"].endswith("/HistoryEntryOutput")
    upload = schema["paths"]["/api/v1/applications/{id}/documents/"]["post"]["requestBody"]["content"]
    assert "multipart/form-data" in upload
