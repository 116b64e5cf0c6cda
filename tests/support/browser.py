"""Signing in in Chromium as a person would: username, password, then the code from the authenticator."""

from __future__ import annotations

from chamber_portal.core.models import User

from .auth import PASSWORD, totp_code


def log_in(page, base_url: str, username: str, password: str = PASSWORD) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    if "/accounts/second-factor/" in page.url:
        page.locator("#id_code").fill(totp_code(User.objects.get(username=username)))
        with page.expect_navigation():
            page.locator("main form[data-testid=second-factor-form] button[type=submit]").click()
    page.wait_for_url(f"{base_url}/")
    assert page.get_by_test_id("current-user").is_visible()
