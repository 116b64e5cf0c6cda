"""The Chamber's dashboard and the public evenness page in Chromium, on demo data (`seed_demo --applications`, whose
accepted bulk rows are distributed by the rotation): national staff narrow the dashboard to Almaty, and a visitor
with no login reads the evenness page from the landing page."""

import pytest
from django.core.cache import cache
from django.core.management import call_command

from demo.data import DEMO_PASSWORD
from tests.support.browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHARTS = ["status", "category", "durations", "overdue", "distribution", "complaints", "inspections"]


@pytest.fixture
def demo_data():
    call_command("seed_demo", applications=3000)
    cache.clear()


def test_national_staff_read_the_dashboard_and_a_visitor_reads_the_evenness_page(browser_page, live_server,
                                                                               artifacts_dir, demo_data):
    base = live_server.url
    page = browser_page

    # National staff log in through the form, with the code of the demo's authenticator; the dashboard is in
    # the menu.
    log_in(page, base, "staff", DEMO_PASSWORD)
    with page.expect_navigation():
        page.locator("#main-nav a[href='/dashboard/']").click()
    assert page.locator("h1").inner_text()
    for key in CHARTS:
        figure = page.locator(f"figure[data-chart='{key}']")
        assert figure.locator("table").count() == 1, key
    assert page.locator("figure svg[role=img]").count() >= 6  # a chart with no rows shows its (empty) table only
    assert page.locator("[data-testid=regions-table] tr[data-region]").count() == 20
    assert int(page.locator("[data-figure=submitted]").first.inner_text().replace("\xa0", "").replace(" ", "")) > 0

    # Narrow to Almaty: the bailiffs of the region with their cases and the spread.
    page.locator("#id_region").select_option("KZ-75")
    with page.expect_navigation():
        page.locator("form[role=search] button[type=submit]").click()
    assert "KZ-75" in page.get_by_test_id("scope").inner_text()
    assert page.locator("figure[data-chart='distribution'] tbody tr").count() == 20
    assert page.locator("figure[data-chart='distribution'] svg rect").count() >= 20
    assert page.locator("[data-figure=region-spread]").inner_text() in {"0", "1"}
    page.screenshot(path=str(artifacts_dir / "dashboard.png"), full_page=True)

    # A visitor with no login: from the landing page to the evenness page.
    page.context.clear_cookies()
    page.goto(f"{base}/")
    with page.expect_navigation():
        page.locator("main a[href='/evenness/']").first.click()
    assert page.get_by_test_id("evenness-summary").locator("tr[data-region='KZ-75']").count() == 1
    assert page.locator("section[data-region='KZ-75'] tbody tr").count() >= 20
    assert page.locator("figure[data-chart='evenness'] svg").count() == 1
    assert page.get_by_test_id("current-user").count() == 0
    page.screenshot(path=str(artifacts_dir / "evenness.png"), full_page=True)
