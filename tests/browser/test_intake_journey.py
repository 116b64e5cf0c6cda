"""The whole intake journey in Chromium: a lawyer files an application, Almaty's staff register the
original and accept it, and the lawyer sees the acceptance in the timeline."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from intake.models import Application
from tests.factories import VALID_IIN, UserFactory, pdf_bytes, region
from tests.support.browser import log_in as support_log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"  # UserFactory's default
WRONG_BIN = "940140000386"  # the check digit is off by one
RIGHT_BIN = "940140000385"
DEBTOR = "Сериков Ержан Болатович"


def log_in(page, base_url: str, username: str) -> None:
    """Username, password and, for staff, the authenticator's code (tests/support/README.md)."""
    support_log_in(page, base_url, username, PASSWORD)


def log_out(page, base_url: str) -> None:
    with page.expect_navigation():
        page.locator("nav form[action='/accounts/logout/'] button[type=submit]").click()
    page.wait_for_url(f"{base_url}/")
    assert page.get_by_test_id("current-user").count() == 0


def test_a_lawyer_files_an_application_and_almaty_staff_accept_it(browser_page, live_server, artifacts_dir,
                                                                 tmp_path):
    base = live_server.url
    page = browser_page
    UserFactory(role="lawyer", username="journey-lawyer", full_name="Асель Жумабекова")
    almaty = region("KZ-75")
    UserFactory(role="staff", username="almaty-staff", full_name="Марат Оспанов", region=almaty)
    power_of_attorney = tmp_path / "доверенность.pdf"
    power_of_attorney.write_bytes(pdf_bytes("Power of attorney"))
    decision_scan = tmp_path / "решение суда.pdf"
    decision_scan.write_bytes(pdf_bytes("Court decision"))
    # The court's dates relative to the day the test runs, so the journey does not depend on the calendar year.
    today = timezone.localdate()
    decided, in_force, issued = (str(today - timedelta(days=days)) for days in (60, 29, 23))

    # 1. The lawyer logs in through the real form; the page is Russian by default.
    page.goto(f"{base}/accounts/login/")
    assert page.locator("html").get_attribute("lang") == "ru"
    log_in(page, base, "journey-lawyer")

    # 2. Every section of the new application, with a BIN whose check digit is wrong; save the draft.
    page.goto(f"{base}/applications/new/")
    page.locator("#id_category").select_option("private_claim")
    page.locator("#id_region").select_option(str(almaty.pk))  # its label is "Алматы (KZ-75)"
    page.locator("#id_creditor_kind").select_option("legal_entity")
    page.locator("#id_creditor_name").fill("ТОО «Алатау Кредит»")
    page.locator("#id_creditor_iin_bin").fill(WRONG_BIN)
    page.locator("#id_debtor_kind").select_option("individual")
    page.locator("#id_debtor_name").fill(DEBTOR)
    page.locator("#id_debtor_iin_bin").fill(VALID_IIN)
    page.locator("#id_debtor_address").fill("г. Алматы, пр. Абая, 150, кв. 12")
    page.locator("#id_court_name").fill("Специализированный межрайонный экономический суд г. Алматы")
    page.locator("#id_court_case_number").fill("7585-24-00-2/101")
    page.locator("#id_decision_date").fill(decided)
    page.locator("#id_decision_effective_date").fill(in_force)
    kinds = page.locator("#id_document_kind option").evaluate_all("options => options.map(o => o.value)")
    page.locator("#id_document_kind").select_option(next(value for value in kinds if value))
    page.locator("#id_document_number").fill("ИЛ-0012345")
    page.locator("#id_document_issued_at").fill(issued)
    page.locator("#id_amount_kzt").fill("1250000")
    page.locator("#id_power_of_attorney").set_input_files(str(power_of_attorney))
    page.locator("#id_decision_scan").set_input_files(str(decision_scan))
    with page.expect_navigation():
        page.locator("button[name=save]").click()
    page.wait_for_load_state()

    # 3. The mistake is shown next to its field; nothing typed or attached is lost.
    assert page.locator("#id_creditor_iin_bin_error").is_visible()
    assert page.locator("#id_creditor_iin_bin_error").inner_text().strip()
    assert "is-invalid" in page.locator("#id_creditor_iin_bin").get_attribute("class")
    assert page.locator("#id_creditor_iin_bin").input_value() == WRONG_BIN
    assert page.locator("#id_debtor_name").input_value() == DEBTOR
    assert page.locator("#id_debtor_iin_bin").input_value() == VALID_IIN
    assert page.locator("#id_decision_effective_date").input_value() == in_force
    assert page.locator("#id_region").input_value() == str(almaty.pk)
    assert page.get_by_test_id("attached-power_of_attorney").is_visible()
    assert page.get_by_test_id("attached-decision_scan").is_visible()
    assert "доверенность.pdf" in page.get_by_test_id("attached-power_of_attorney").inner_text()
    draft = Application.objects.get(lawyer__username="journey-lawyer")
    assert draft.status == "draft"
    assert draft.documents.count() == 2
    page.screenshot(path=str(artifacts_dir / "journey-1-draft-error.png"), full_page=True)

    # 4. Correct the BIN and submit: the receipt shows the reference and when the original is due.
    page.locator("#id_creditor_iin_bin").fill(RIGHT_BIN)
    with page.expect_navigation():
        page.locator("button[name=submit]").click()
    page.wait_for_url(re.compile(rf"{re.escape(base)}/applications/{draft.pk}/receipt/$"))
    assert page.get_by_test_id("receipt").is_visible()
    reference = page.get_by_test_id("reference").inner_text().strip()
    assert re.fullmatch(r"75-\d{4}-\d{6}", reference)
    assert page.get_by_test_id("original-due").is_visible()
    assert "Алматы" in page.get_by_test_id("original-due").inner_text()
    submitted = Application.objects.get(pk=draft.pk)
    assert (submitted.status, submitted.reference) == ("submitted", reference)
    assert submitted.creditor_iin_bin == RIGHT_BIN
    page.screenshot(path=str(artifacts_dir / "journey-2-receipt.png"), full_page=True)

    # 5. Almaty's staff find it in their queue, register the paper original, tick the comparison and accept.
    log_out(page, base)
    log_in(page, base, "almaty-staff")
    page.goto(f"{base}/applications/queue/")
    link = page.get_by_role("link", name=reference, exact=True)
    assert link.is_visible()
    with page.expect_navigation():
        link.click()
    page.wait_for_url(f"{base}/applications/{draft.pk}/")
    page.locator("#id_registry_number").fill("ВХ-2026/0175")
    page.locator("#id_received_at").fill(timezone.localtime().strftime("%Y-%m-%dT%H:%M"))
    page.locator("#id_condition_note").fill("Оригинал исполнительного листа, без повреждений.")
    with page.expect_navigation():
        page.locator("form[action$='/register-original/'] button[type=submit]").click()
    page.wait_for_url(f"{base}/applications/{draft.pk}/")
    assert page.locator("[data-status=original_received]").first.is_visible()
    accept_form = page.locator(f"form[action='/applications/{draft.pk}/accept/']")
    checkboxes = accept_form.locator("input[type=checkbox]")
    assert checkboxes.count() == 4
    for index in range(4):
        checkboxes.nth(index).check()
    with page.expect_navigation():
        accept_form.locator("button[type=submit]").click()
    page.wait_for_url(f"{base}/applications/{draft.pk}/")
    assert page.locator("[data-status=accepted]").first.is_visible()
    assert page.get_by_test_id("timeline").locator("[data-to=accepted]").count() == 1
    page.screenshot(path=str(artifacts_dir / "journey-3-staff-accept.png"), full_page=True)

    # 6. The lawyer sees the acceptance in the application's timeline.
    log_out(page, base)
    log_in(page, base, "journey-lawyer")
    page.goto(f"{base}/applications/{draft.pk}/")
    timeline = page.get_by_test_id("timeline")
    assert timeline.is_visible()
    assert timeline.locator("[data-to=accepted]").count() == 1
    assert timeline.locator("[data-to=accepted]").is_visible()
    assert page.locator("[data-status=accepted]").first.is_visible()
    page.screenshot(path=str(artifacts_dir / "journey-4-lawyer-timeline.png"), full_page=True)

    accepted = Application.objects.get(pk=draft.pk)
    assert accepted.status == "accepted"
    assert accepted.registry_number == "ВХ-2026/0175"
    assert accepted.original_received_by.username == "almaty-staff"
    assert accepted.accepted_at is not None

