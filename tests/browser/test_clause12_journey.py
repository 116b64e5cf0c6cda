"""Clause 12 in Chromium: the lawyer complains about the bailiff and asks for a new one; Almaty's staff record
the disciplinary commission's decision, in force in 5 days; the case page shows the request held until that
day; on that day the daily run appoints another bailiff and the lawyer sees him or her."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from complaints.models import BreachDecision, Complaint, Reassignment
from complaints.tasks import release_due_reassignments
from tests.factories import AssignedApplicationFactory, BailiffFactory, UserFactory, pdf_bytes, region
from tests.support.browser import log_in as support_log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"  # UserFactory's default
NAMES = ["Айгерим Бекова", "Данияр Сейткали", "Марат Жунусов"]


def log_in(page, base_url: str, username: str) -> None:
    """Username, password and, for staff, the authenticator's code (tests/support/README.md)."""
    support_log_in(page, base_url, username, PASSWORD)


def log_out(page, base_url: str) -> None:
    with page.expect_navigation():
        page.locator("nav form[action='/accounts/logout/'] button[type=submit]").click()
    page.wait_for_url(f"{base_url}/")


def test_a_held_request_for_a_new_bailiff_is_released_once_the_decision_is_in_force(
        browser_page, live_server, artifacts_dir, tmp_path):
    base, page = live_server.url, browser_page
    lawyer = UserFactory(role="lawyer", username="c12-lawyer", full_name="Асель Жумабекова")
    UserFactory(role="staff", username="c12-staff", full_name="Марат Оспанов", region=region("KZ-75"))
    for name in NAMES:
        BailiffFactory(region=region("KZ-75"), full_name=name)
    application = AssignedApplicationFactory(lawyer=lawyer)
    first = application.assigned_bailiff
    case_url = f"{base}/applications/{application.pk}/"
    letter = tmp_path / "обращение к приставу.pdf"
    letter.write_bytes(pdf_bytes("Letter"))
    receipt = tmp_path / "почтовая квитанция.pdf"
    receipt.write_bytes(pdf_bytes("Receipt"))

    # 1. The lawyer opens the case, complains about the bailiff and asks for a new one.
    log_in(page, base, "c12-lawyer")
    page.goto(case_url)
    assert first.full_name in page.get_by_test_id("assigned-bailiff").inner_text()
    with page.expect_navigation():
        page.get_by_test_id("complain").click()
    page.locator("#id_ground").select_option("inaction")
    page.locator("#id_description").fill("С момента распределения (два месяца) исполнительное производство "
                                         "не возбуждено, на звонки пристав не отвечает.")
    page.locator("#id_attachments").set_input_files([str(letter), str(receipt)])
    page.locator("#id_request_new_bailiff").check()
    assert page.get_by_test_id("clause12-explained").is_visible()
    page.screenshot(path=str(artifacts_dir / "clause12-1-complaint.png"), full_page=True)
    with page.expect_navigation():
        page.locator("[data-testid=complaint-form] button[type=submit]").click()
    complaint = Complaint.objects.get(application=application)
    page.wait_for_url(f"{base}/complaints/{complaint.pk}/")
    assert page.get_by_test_id("attachments").locator("a").count() == 2
    assert page.get_by_test_id("hold").get_attribute("data-state") == "awaiting_decision"

    # 2. Almaty's staff record the commission's decision: breach confirmed, in force in 5 days.
    log_out(page, base)
    log_in(page, base, "c12-staff")
    page.goto(f"{base}/complaints/")
    with page.expect_navigation():
        page.get_by_role("link", name=application.reference, exact=True).click()
    today = timezone.localdate()
    in_force_on = today + timedelta(days=5)
    page.locator("#id_decide-outcome").select_option("breach_confirmed")
    page.locator("#id_decide-decision_date").fill(today.isoformat())
    page.locator("#id_decide-document_reference").fill("ДК-12/2026")
    page.locator("#id_decide-effective_on").fill(in_force_on.isoformat())
    page.locator("#id_decide-note").fill("Бездействие подтверждено материалами дела.")
    with page.expect_navigation():
        page.get_by_test_id("decide").click()
    page.wait_for_url(f"{base}/complaints/{complaint.pk}/")
    assert page.get_by_test_id("decision").get_attribute("data-outcome") == "breach_confirmed"
    assert BreachDecision.objects.get(complaint=complaint).effective_on == in_force_on

    # 3. The lawyer's case page: the request is held until that day; the bailiff has not changed.
    log_out(page, base)
    log_in(page, base, "c12-lawyer")
    page.goto(case_url)
    hold = page.get_by_test_id("hold")
    assert hold.get_attribute("data-state") == "awaiting_force"
    assert hold.get_attribute("data-until") == in_force_on.isoformat()
    assert in_force_on.strftime("%d.%m.%Y") in hold.inner_text()
    assert first.full_name in page.get_by_test_id("assigned-bailiff").inner_text()
    page.screenshot(path=str(artifacts_dir / "clause12-2-held.png"), full_page=True)

    # 4. Five days later the daily run releases it through the rotation; the lawyer reloads the page.
    with time_machine.travel(timezone.localtime() + timedelta(days=5), tick=True):
        assert release_due_reassignments() == 1
        page.reload()
        page.get_by_test_id("released").wait_for()
        application.refresh_from_db()
        new = application.assigned_bailiff
        assert new is not None and new != first
        assert new.full_name in page.get_by_test_id("assigned-bailiff").inner_text()
        assert first.full_name not in page.get_by_test_id("assigned-bailiff").inner_text()
        assert page.get_by_test_id("reassignment").get_attribute("data-status") == "released"
        page.screenshot(path=str(artifacts_dir / "clause12-3-released.png"), full_page=True)
    assert Reassignment.objects.get(complaint=complaint).new_bailiff == new
