"""What issue 13's note shows, written by the suite so it is always the portal's current answer: the headers of a
signed-in page and of an API answer (test-artifacts/security-headers.txt), and an anonymous burst against the API
with its statuses and Retry-After (test-artifacts/throttle.txt)."""

import pytest
from django.core.cache import cache

from tests.factories import UserFactory
from tests.support import sign_in

pytestmark = pytest.mark.django_db

SHOWN = ["Content-Type", "Content-Security-Policy", "Content-Security-Policy-Report-Only", "Referrer-Policy",
         "Permissions-Policy", "X-Content-Type-Options", "X-Frame-Options", "Cross-Origin-Opener-Policy",
         "Strict-Transport-Security", "Cache-Control", "Vary"]


def _headers(title: str, response) -> list[str]:
    lines = [f"== {title}", f"HTTP {response.status_code}"]
    lines += [f"{name}: {response.headers[name]}" for name in SHOWN if name in response.headers]
    return [*lines, ""]


def test_the_security_headers_of_a_page_are_written_as_evidence(client, artifacts_dir):
    staff = UserFactory(role="staff", username="marat")
    sign_in(client, staff)
    page = client.get("/applications/queue/")
    api = client.get("/api/v1/regions/")
    assert "Content-Security-Policy" in page.headers and "'unsafe-inline'" not in \
        page.headers["Content-Security-Policy"].split("script-src")[1].split(";")[0]
    text = _headers("GET /applications/queue/ (staff, signed in with the second factor)", page)
    text += _headers("GET /api/v1/regions/", api)
    (artifacts_dir / "security-headers.txt").write_text("\n".join(text), encoding="utf-8")


def test_a_throttled_anonymous_burst_is_written_as_evidence(client, settings, artifacts_dir):
    settings.API_THROTTLE_ANON = "10/min"
    cache.clear()
    lines = ["Anonymous burst: 15 x GET /api/v1/regions/ with API_THROTTLE_ANON=10/min", "n status Retry-After"]
    statuses = []
    for n in range(1, 16):
        response = client.get("/api/v1/regions/")
        statuses.append(response.status_code)
        lines.append(f"{n} {response.status_code} {response.headers.get('Retry-After', '-')}")
    assert statuses == [200] * 10 + [429] * 5
    lines.append(f"last body: {response.content.decode()}")
    (artifacts_dir / "throttle.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
