import pytest
from django.core.management import call_command

from demo.data import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_demo_lawyer_logs_in_switches_to_kazakh_and_sees_the_kazakh_home(
    browser_page, live_server, artifacts_dir
):
    call_command("seed_demo", verbosity=0)
    page = browser_page
    page.goto(f"{live_server.url}/accounts/login/")
    assert page.locator("html").get_attribute("lang") == "ru"
    page.get_by_label("Имя пользователя").fill("lawyer")
    page.get_by_label("Пароль").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_url(f"{live_server.url}/")
    assert "Асель Жумабекова" in page.get_by_test_id("home-title").inner_text()

    with page.expect_navigation():
        page.get_by_label("Язык").select_option("kk")

    assert page.locator("html").get_attribute("lang") == "kk"
    assert page.get_by_role("button", name="Шығу").is_visible()  # "Log out"
    assert "Қош келдіңіз" in page.get_by_test_id("home-title").inner_text()  # "Welcome"
    # Bootstrap came from our own static files: the navbar is styled.
    assert page.locator("nav.navbar").evaluate("e => getComputedStyle(e).display") == "flex"
    page.screenshot(path=str(artifacts_dir / "kazakh-home.png"), full_page=True)
