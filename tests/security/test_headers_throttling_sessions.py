"""Headers (CSP, Referrer-Policy, Permissions-Policy), API throttling (429 + Retry-After), the login lockout by the
client's real address behind the proxy (shown as a wrong password), the staff idle timeout (issue 13)."""

import time

import pytest
import time_machine
from django.urls import reverse

from chamber_portal.core.models import SecurityEvent, SecurityEventKind
from chamber_portal.core.security.events import client_ip
from tests.factories import UserFactory
from tests.support import PASSWORD

pytestmark = pytest.mark.django_db


def test_every_page_sends_a_strict_content_security_policy_and_the_other_headers(client):
    response = client.get(reverse("login"))
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["default-src"] == "'self'"
    assert "'unsafe-inline'" not in directives["script-src"]  # a nonce joins it on a page that uses one
    assert directives["style-src"] == "'self'" and directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in response["Permissions-Policy"]


def test_no_template_has_an_inline_script_handler_or_style():
    from pathlib import Path

    from django.conf import settings

    problems = []
    for path in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        text = path.read_text()
        for needle in ("<script>", " onclick=", " onchange=", " onsubmit=", " onload=", ' style="'):
            if needle in text:
                problems.append(f"{path.name}: {needle.strip()}")
    assert problems == []


def test_an_anonymous_burst_is_throttled_with_retry_after(client, settings):
    settings.API_THROTTLE_ANON = "5/min"
    from django.core.cache import cache

    cache.clear()
    answers = [client.get("/api/v1/regions/", REMOTE_ADDR="81.88.10.1").status_code for _ in range(8)]
    assert answers == [200] * 5 + [429] * 3
    throttled = client.get("/api/v1/regions/", REMOTE_ADDR="81.88.10.1")
    assert throttled.status_code == 429 and int(throttled["Retry-After"]) > 0
    # Another address has its own allowance.
    assert client.get("/api/v1/regions/", REMOTE_ADDR="81.88.10.2").status_code == 200


@pytest.mark.parametrize(("language", "says"), [("ru", "Слишком много запросов"), ("kk", "Сұраулар тым көп"),
                                                 ("en", "Too many requests")])
def test_a_throttled_answer_says_when_to_try_again_in_the_callers_language(client, settings, language, says):
    settings.API_THROTTLE_ANON = "1/min"
    from django.core.cache import cache

    cache.clear()
    client.get("/api/v1/regions/", REMOTE_ADDR="81.88.10.9")
    throttled = client.get("/api/v1/regions/", REMOTE_ADDR="81.88.10.9", HTTP_ACCEPT_LANGUAGE=language)
    assert throttled.status_code == 429
    detail = throttled.json()["detail"]
    assert says in detail and throttled["Retry-After"] in detail
    assert "Expected available" not in detail


def test_a_user_is_throttled_per_user(client, settings):
    settings.API_THROTTLE_USER = "3/min"
    from django.core.cache import cache

    cache.clear()
    client.force_login(UserFactory(role="lawyer"))
    answers = [client.get("/api/v1/applications/").status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]


def test_the_client_address_is_the_one_the_proxy_saw_not_what_the_client_wrote(rf, settings):
    settings.AXES_IPWARE_PROXY_COUNT = 1
    spoofed = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 81.88.10.5", REMOTE_ADDR="10.0.0.2")
    assert client_ip(spoofed) == "81.88.10.5"
    assert client_ip(rf.get("/", HTTP_X_FORWARDED_FOR="81.88.10.5", REMOTE_ADDR="10.0.0.2")) == "81.88.10.5"
    settings.AXES_IPWARE_PROXY_COUNT = 0
    assert client_ip(spoofed) == "10.0.0.2"


def _login(client, username, password, address):
    return client.post(reverse("login"), {"username": username, "password": password},
                       REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=address)


def test_a_lockout_behind_the_proxy_stops_the_guesser_not_the_colleague_and_looks_like_a_wrong_password(
        client, settings):
    settings.AXES_IPWARE_PROXY_COUNT = 1
    UserFactory(username="bank")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "bank", "guess", "81.88.10.66")
    locked = _login(client, "bank", PASSWORD, "81.88.10.66")
    wrong = _login(client, "bank", "guess", "81.88.10.67")
    assert locked.status_code == wrong.status_code == 200
    assert locked.content.decode().count('data-testid="login-error"') == 1
    assert list(locked.context["form"].non_field_errors()) == list(wrong.context["form"].non_field_errors())
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.LOCKED_OUT, ip_address="81.88.10.66").exists()
    # The bank's own office, behind the same proxy, signs in.
    office = client.__class__()
    assert _login(office, "bank", PASSWORD, "81.88.10.5").status_code == 302


def test_a_staff_session_ends_after_the_idle_time_and_a_lawyers_does_not(client, settings):
    settings.STAFF_IDLE_TIMEOUT_MINUTES = 30
    staff = UserFactory(role="staff")
    lawyer_client = client.__class__()
    lawyer_client.force_login(UserFactory(role="lawyer"))
    client.force_login(staff)
    assert client.get("/").status_code == 200
    with time_machine.travel(time.time() + 29 * 60):
        assert "home/staff.html" in [t.name for t in client.get("/").templates]
    with time_machine.travel(time.time() + 29 * 60 + 31 * 60):
        response = client.get("/applications/queue/")
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
        assert "home/lawyer.html" in [t.name for t in lawyer_client.get("/").templates]
    assert SecurityEvent.objects.filter(user=staff, kind=SecurityEventKind.SESSION_IDLE_EXPIRED).exists()
