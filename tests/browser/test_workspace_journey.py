"""The bailiff's workspace in Chromium: a bailiff finds a new case in "My cases", acknowledges receipt and
records the initiation; the lawyer then sees both on the case page."""

import re

import pytest
from django.utils import timezone

from assignment.services import application_distribute
from tests.browser import test_intake_journey as journey
from tests.factories import ApplicationFactory, BailiffFactory, UserFactory, region

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_bailiff_acknowledges_and_initiates_a_case_and_the_lawyer_sees_it(browser_page, live_server,
                                                                            artifacts_dir):
    base = live_server.url
    page = browser_page
    almaty = region("KZ-75")
    lawyer = UserFactory(role="lawyer", username="workspace-lawyer", full_name="Асель Жумабекова")
    BailiffFactory(region=almaty, full_name="Бекова Айгерим", office_address="г. Алматы, пр. Абая, 10",
                   phone="+7 727 000 01 01", user=UserFactory(role="bailiff", username="workspace-bailiff",
                                                              full_name="Бекова Айгерим"))
    application = ApplicationFactory(lawyer=lawyer, status="accepted", region=almaty, accepted_at=timezone.now(),
                                     reference="75-2026-000901", debtor_name="Сериков Ержан Болатович",
                                     with_documents=False)
    application_distribute(application_id=application.pk)

    # 1. The bailiff opens "My cases" from the menu: the new case waits for acknowledgement.
    journey.log_in(page, base, "workspace-bailiff")
    with page.expect_navigation():
        page.locator("nav a[href='/cases/']").click()
    page.wait_for_url(f"{base}/cases/")
    row = page.locator(f"tr[data-case='{application.pk}']")
    assert row.is_visible()
    assert row.get_by_test_id("unacknowledged").is_visible()
    assert "1" in page.get_by_test_id("count-unacknowledged").inner_text()
    page.screenshot(path=str(artifacts_dir / "workspace-1-bailiff-list.png"), full_page=True)

    # 2. The case page: acknowledge receipt, then record the decision to initiate.
    with page.expect_navigation():
        row.get_by_role("link", name="75-2026-000901").click()
    page.wait_for_url(f"{base}/applications/{application.pk}/")
    assert page.locator("#initiate_decision_number").count() == 0  # receipt first
    with page.expect_navigation():
        page.get_by_test_id("acknowledge").click()
    page.wait_for_url(f"{base}/applications/{application.pk}/")
    assert re.search(r"\d{2}\.\d{2}\.\d{4}", page.get_by_test_id("acknowledged").inner_text())
    assert page.get_by_test_id("timeline").locator("[data-kind=acknowledged]").is_visible()
    page.locator("#initiate_decision_number").fill("ВП-2026/0901")
    assert page.locator("#initiate_decision_date").input_value() == timezone.localdate().isoformat()
    with page.expect_navigation():
        page.get_by_test_id("initiate-form").locator("button[type=submit]").click()
    page.wait_for_url(f"{base}/applications/{application.pk}/")
    assert page.locator("[data-status=in_enforcement]").first.is_visible()
    assert "ВП-2026/0901" in page.get_by_test_id("initiation").inner_text()
    assert page.get_by_test_id("action-form").is_visible()
    page.screenshot(path=str(artifacts_dir / "workspace-2-initiated.png"), full_page=True)

    # 3. The lawyer sees the acknowledgement and the initiation, and no bailiff's form.
    journey.log_out(page, base)
    journey.log_in(page, base, "workspace-lawyer")
    page.goto(f"{base}/applications/{application.pk}/")
    assert re.search(r"\d{2}\.\d{2}\.\d{4}", page.get_by_test_id("acknowledged").inner_text())
    assert "ВП-2026/0901" in page.get_by_test_id("initiation").inner_text()
    assert page.get_by_test_id("timeline").locator("[data-kind=acknowledged]").is_visible()
    assert page.get_by_test_id("timeline").locator("[data-to=in_enforcement]").is_visible()
    assert page.get_by_test_id("action-form").count() == 0
    page.screenshot(path=str(artifacts_dir / "workspace-3-lawyer.png"), full_page=True)
