"""Enrolling the second factor in Chromium (issue 13): a new member of staff signs in with the password, sees the QR
code and the secret, types the code an authenticator shows (pyotp), gets the ten recovery codes, signs out and in
again with the next code. Screenshots: test-artifacts/security-1-enrol.png … security-4-signed-in.png."""

import pyotp
import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import UserFactory, region
from tests.support import PASSWORD, totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _password(page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()


def test_a_new_member_of_staff_enrols_and_signs_in_again_with_a_code(browser_page, live_server, artifacts_dir):
    base, page = live_server.url, browser_page
    staff = UserFactory(role="staff", username="new.staff", full_name="Нурлан Сапаров", region=region("KZ-75"),
                        second_factor=False)

    # 1. The password first: a member of staff with no authenticator is asked to enrol one.
    _password(page, base, "new.staff")
    assert "/accounts/second-factor/" in page.url
    qr = page.get_by_test_id("totp-qr")
    assert qr.is_visible() and qr.get_attribute("src").startswith("data:image/svg+xml")
    secret = page.get_by_test_id("totp-secret").inner_text().replace(" ", "")
    page.screenshot(path=str(artifacts_dir / "security-1-enrol.png"), full_page=True)

    # 2. The code the app shows after scanning: the recovery codes, once.
    page.locator("#id_code").fill(pyotp.TOTP(secret).now())
    with page.expect_navigation():
        page.locator("main form[data-testid=second-factor-enrol-form] button[type=submit]").click()
    codes = page.get_by_test_id("recovery-codes").locator("li").all_inner_texts()
    assert len(codes) == 10 and len(set(codes)) == 10
    assert TOTPDevice.objects.get(user=staff).confirmed
    page.screenshot(path=str(artifacts_dir / "security-2-recovery-codes.png"), full_page=True)
    with page.expect_navigation():
        page.get_by_test_id("continue").click()
    assert page.get_by_test_id("current-user").is_visible()

    # 3. Sign out, then in again: the password, then the code.
    with page.expect_navigation():
        page.locator("form[action='/accounts/logout/'] button[type=submit]").click()
    _password(page, base, "new.staff")
    assert "/accounts/second-factor/" in page.url
    assert page.get_by_test_id("second-factor-form").is_visible()
    page.locator("#id_code").fill(totp_code(staff, secret))
    page.screenshot(path=str(artifacts_dir / "security-3-code.png"), full_page=True)
    with page.expect_navigation():
        page.locator("main form[data-testid=second-factor-form] button[type=submit]").click()
    page.wait_for_url(f"{base}/")
    assert page.get_by_test_id("current-user").is_visible()
    page.screenshot(path=str(artifacts_dir / "security-4-signed-in.png"), full_page=True)
