from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from chamber_portal.core.iin import BAD_CHECK_DIGIT
from intake.models import Application, Status
from intake.services import application_register_original, application_submit
from tests.factories import VALID_BIN, VALID_IIN, ApplicationFactory, UserFactory, pdf_upload, region

pytestmark = pytest.mark.django_db


def _day(days_ago: int) -> str:
    return str(timezone.localdate() - timedelta(days=days_ago))


def _form_data(**overrides):
    # Dates relative to the day the test runs, as tests/factories.py's, so no test depends on the calendar year.
    data = {
        "category": "private_claim",
        "region": str(region("KZ-75").pk),
        "creditor_kind": "legal_entity",
        "creditor_name": "ТОО «Кредитор»",
        "creditor_iin_bin": VALID_BIN,
        "debtor_kind": "individual",
        "debtor_name": "Иванов Иван",
        "debtor_iin_bin": VALID_IIN,
        "debtor_address": "г. Алматы, ул. Абая, 1",
        "court_name": "Медеуский районный суд г. Алматы",
        "court_case_number": "7585-24-00-2/101",
        "decision_date": _day(60),
        "decision_effective_date": _day(29),
        "document_kind": "1",
        "document_number": "ИЛ-100",
        "document_issued_at": _day(23),
        "amount_kzt": "150000.50",
    }
    data.update(overrides)
    return data


@pytest.fixture
def lawyer_client(client):
    lawyer = UserFactory(role="lawyer", username="asel")
    client.force_login(lawyer)
    client.lawyer = lawyer
    return client


def test_saving_a_draft_with_a_wrong_iin_keeps_it_and_marks_the_field(lawyer_client):
    response = lawyer_client.post(
        reverse("intake:application_create"), _form_data(creditor_iin_bin="940140000386", save="1"), follow=True
    )
    assert response.status_code == 200
    draft = Application.objects.get(lawyer=lawyer_client.lawyer)
    assert draft.status == Status.DRAFT and draft.creditor_iin_bin == "940140000386"
    assert response.context["form"].errors["creditor_iin_bin"] == [str(BAD_CHECK_DIGIT)]
    page = response.content.decode()
    assert 'value="Иванов Иван"' in page  # what was typed is still there
    # The page moved to the draft's own address, so a refresh or the next save edits this draft.
    assert response.redirect_chain == [(reverse("intake:application_edit", args=[draft.pk]), 302)]
    lawyer_client.get(response.redirect_chain[0][0])
    assert Application.objects.filter(lawyer=lawyer_client.lawyer).count() == 1


def test_submitting_shows_every_problem_at_its_field_and_keeps_the_upload(lawyer_client):
    response = lawyer_client.post(
        reverse("intake:application_create"),
        _form_data(
            amount_kzt="0", decision_effective_date=_day(90), submit="1", decision_scan=pdf_upload("scan.pdf")
        ),
        follow=True,
    )
    errors = response.context["form"].errors
    assert {"amount_kzt", "decision_effective_date", "power_of_attorney"} <= set(errors)
    draft = Application.objects.get(lawyer=lawyer_client.lawyer)
    assert draft.status == Status.DRAFT
    assert list(draft.documents.values_list("original_name", flat=True)) == ["scan.pdf"]
    assert 'data-testid="attached-decision_scan"' in response.content.decode()


def test_a_lawyer_submits_and_gets_a_receipt_with_the_due_date(lawyer_client):
    response = lawyer_client.post(
        reverse("intake:application_create"),
        _form_data(submit="1", power_of_attorney=pdf_upload("poa.pdf"), decision_scan=pdf_upload("scan.pdf")),
        follow=True,
    )
    application = Application.objects.get(lawyer=lawyer_client.lawyer)
    assert application.status == Status.SUBMITTED
    page = response.content.decode()
    assert application.reference in page and 'data-testid="original-due"' in page


def test_a_double_clicked_submit_files_once(lawyer_client):
    draft = ApplicationFactory(lawyer=lawyer_client.lawyer)
    url = reverse("intake:application_edit", args=[draft.pk])
    first = lawyer_client.post(url, {**_form_data(document_number=draft.document_number), "submit": "1"})
    second = lawyer_client.post(url, {**_form_data(document_number=draft.document_number), "submit": "1"})
    assert first.status_code == second.status_code == 302
    assert Application.objects.filter(lawyer=lawyer_client.lawyer).exclude(reference=None).count() == 1
    assert second["Location"] == reverse("intake:application_detail", args=[draft.pk])


def test_an_unparseable_date_is_a_field_error_not_a_crash(lawyer_client):
    response = lawyer_client.post(
        reverse("intake:application_create"), _form_data(decision_date="32.13.2025", save="1")
    )
    assert response.status_code == 200
    assert "decision_date" in response.context["form"].errors


def test_html_typed_into_a_field_is_shown_escaped(lawyer_client):
    draft = ApplicationFactory(lawyer=lawyer_client.lawyer, debtor_name="<script>alert(1)</script>")
    page = lawyer_client.get(reverse("intake:application_detail", args=[draft.pk])).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_another_lawyers_application_is_a_404_everywhere(client):
    application = application_submit(application=(draft := ApplicationFactory()), by=draft.lawyer)
    client.force_login(UserFactory(role="lawyer"))
    document = application.documents.first()
    for url in (
        reverse("intake:application_detail", args=[application.pk]),
        reverse("intake:application_edit", args=[application.pk]),
        reverse("intake:application_receipt", args=[application.pk]),
        reverse("intake:document_download", args=[application.pk, document.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("intake:application_copy", args=[application.pk])).status_code == 404


def test_the_lawyer_downloads_his_own_document(lawyer_client):
    draft = ApplicationFactory(lawyer=lawyer_client.lawyer)
    document = draft.documents.first()
    response = lawyer_client.get(reverse("intake:document_download", args=[draft.pk, document.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_the_list_filters_and_searches_the_lawyers_own_rows(lawyer_client):
    mine = ApplicationFactory(lawyer=lawyer_client.lawyer, debtor_name="Сапаров Ерлан")
    ApplicationFactory(
        lawyer=lawyer_client.lawyer,
        debtor_name="Омаров Марат",
        category="non_property",
        amount_kzt=None,
        obligation="Выселить",
    )
    ApplicationFactory(debtor_name="Сапаров Чужой")  # another lawyer's
    url = reverse("intake:application_list")
    rows = lambda **q: list(lawyer_client.get(url, q).context["page"])  # noqa: E731
    assert [a.pk for a in rows(q="Сапаров")] == [mine.pk]
    assert len(rows()) == 2
    assert [a.category for a in rows(category="non_property")] == ["non_property"]
    assert rows(status="submitted") == []


def test_the_lists_run_a_constant_number_of_queries(client):
    lawyer = UserFactory(role="lawyer")
    staff = UserFactory(role="staff", region=region("KZ-75"))

    def count(user, url):
        client.force_login(user)
        cache.clear()  # the filter form's fragment, cached for a while, is rendered (and its regions read) each time
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    def add(n):
        for _ in range(n):
            application_submit(application=ApplicationFactory(lawyer=lawyer), by=lawyer)

    add(2)
    few = count(lawyer, reverse("intake:application_list")), count(staff, reverse("intake:staff_queue"))
    add(20)
    many = count(lawyer, reverse("intake:application_list")), count(staff, reverse("intake:staff_queue"))
    assert few == many


def test_regional_staff_see_only_their_region(client):
    almaty = application_submit(application=(d1 := ApplicationFactory()), by=d1.lawyer)
    astana = application_submit(application=(d2 := ApplicationFactory(region=region("KZ-71"))), by=d2.lawyer)
    client.force_login(UserFactory(role="staff", region=region("KZ-71")))
    queue = list(client.get(reverse("intake:staff_queue")).context["rows"])
    assert [a.pk for a in queue] == [astana.pk]
    assert client.get(reverse("intake:application_detail", args=[almaty.pk])).status_code == 404
    client.force_login(UserFactory(role="staff"))  # national
    assert len(client.get(reverse("intake:staff_queue")).context["rows"]) == 2


def test_the_queue_puts_overdue_originals_first_in_red(client):
    late = application_submit(application=(d1 := ApplicationFactory()), by=d1.lawyer)
    Application.objects.filter(pk=late.pk).update(original_due=timezone.localdate() - timedelta(days=1))
    application_submit(application=(d2 := ApplicationFactory()), by=d2.lawyer)
    client.force_login(UserFactory(role="staff"))
    rows = client.get(reverse("intake:staff_queue")).context["rows"]
    assert rows[0].pk == late.pk and rows[0].is_overdue and not rows[1].is_overdue


def test_staff_register_the_original_and_accept_through_the_pages(client):
    application = application_submit(application=(draft := ApplicationFactory()), by=draft.lawyer)
    client.force_login(UserFactory(role="staff", region=region("KZ-75")))
    received = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        reverse("intake:register_original", args=[application.pk]),
        {"registry_number": "ВХ-17", "received_at": received, "condition_note": "ок"},
    )
    assert response.status_code == 302
    response = client.post(reverse("intake:accept", args=[application.pk]), {"court": "on", "parties": "on"})
    assert response.status_code == 400  # the comparison is incomplete
    client.post(
        reverse("intake:accept", args=[application.pk]),
        {"court": "on", "parties": "on", "amount": "on", "document": "on"},
    )
    application.refresh_from_db()
    assert application.status == Status.ACCEPTED and application.registry_number == "ВХ-17"


def test_staff_return_needs_a_reason_and_a_message(client):
    application = application_submit(application=(draft := ApplicationFactory()), by=draft.lawyer)
    client.force_login(UserFactory(role="staff"))
    url = reverse("intake:return", args=[application.pk])
    response = client.post(url, {"reason": "", "message": ""})
    assert response.status_code == 400 and {"reason", "message"} <= set(response.context["return_form"].errors)
    client.post(url, {"reason": "wrong_region", "message": "Должник в Астане"})
    application.refresh_from_db()
    assert (application.status, application.return_reason) == (Status.RETURNED, "wrong_region")


def test_a_rule_that_forbids_the_action_is_a_message_not_a_crash(client):
    application = application_submit(application=(draft := ApplicationFactory()), by=draft.lawyer)
    staff = UserFactory(role="staff")
    application_register_original(application=application, by=staff, registry_number="1", received_at=timezone.now())
    client.force_login(staff)
    response = client.post(
        reverse("intake:register_original", args=[application.pk]),
        {"registry_number": "2", "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")},
        follow=True,
    )
    assert response.status_code == 200
    assert any(m.level_tag == "error" for m in response.context["messages"])


def test_a_lawyer_reports_the_original_lost(lawyer_client):
    application = application_submit(application=(d := ApplicationFactory(lawyer=lawyer_client.lawyer)), by=d.lawyer)
    url = reverse("intake:application_report_lost", args=[application.pk])
    bad = lawyer_client.post(url, {"duplicate_requested_on": "", "state_fee_receipt": "", "expected_on": ""})
    assert bad.status_code == 200 and "state_fee_receipt" in bad.context["form"].errors
    lawyer_client.post(
        url,
        {"duplicate_requested_on": timezone.localdate().isoformat(), "state_fee_receipt": "КВ-1", "expected_on": ""},
    )
    application.refresh_from_db()
    assert application.status == Status.AWAITING_DUPLICATE


def test_staff_and_bailiffs_cannot_open_the_filing_form(client):
    for role in ("staff", "bailiff"):
        client.force_login(UserFactory(role=role))
        assert client.get(reverse("intake:application_create")).status_code == 404


def test_a_text_file_renamed_pdf_is_refused_at_its_field(lawyer_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from intake.services.documents import FILE_NOT_PDF

    fake = SimpleUploadedFile("decision.pdf", b"not a pdf at all", content_type="application/pdf")
    response = lawyer_client.post(
        reverse("intake:application_create"), _form_data(save="1", decision_scan=fake), follow=True
    )
    assert response.context["form"].errors["decision_scan"] == [str(FILE_NOT_PDF)]
    assert not Application.objects.get(lawyer=lawyer_client.lawyer).documents.exists()


def test_the_home_page_counts_the_lawyers_applications_by_status(lawyer_client):
    ApplicationFactory(lawyer=lawyer_client.lawyer)
    application_submit(application=(d := ApplicationFactory(lawyer=lawyer_client.lawyer)), by=d.lawyer)
    panel = lawyer_client.get("/").context["panels"][0]
    assert {status.value: count for status, count in panel["rows"]} == {"draft": 1, "submitted": 1}


def test_search_ignores_the_case_of_cyrillic_names(lawyer_client):
    # On PostgreSQL and on SQLite alike (chamber_portal/core/sqlite.py gives SQLite a LIKE that folds Cyrillic).
    mine = ApplicationFactory(lawyer=lawyer_client.lawyer, debtor_name="Сапаров Ерлан")
    rows = lawyer_client.get(reverse("intake:application_list"), {"q": "сапаров ерлан"}).context["page"]
    assert [a.pk for a in rows] == [mine.pk]
