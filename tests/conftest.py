"""Fixtures and the rule for tests that need real services.

A test marked `postgres`, `redis` or `browser` runs when the service is there. Without it the test is
skipped with the reason, or, with CI=true, fails: CI must never pass by skipping.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings

from tests.factories import BailiffFactory, UserFactory, region

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
CHROMIUM = "/usr/bin/chromium"


# TEST_CLOCK=2027-01-15 runs the suite on another day (the clock ticks from there): proof that nothing depends on
# the calendar year. Services outside this process (PostgreSQL's now(), a Celery worker) keep the real clock.
TEST_CLOCK = os.environ.get("TEST_CLOCK", "")


def pytest_configure(config):
    if TEST_CLOCK:
        import datetime

        import time_machine

        start = datetime.datetime.fromisoformat(TEST_CLOCK).replace(hour=10, tzinfo=datetime.UTC)
        config._test_clock = time_machine.travel(start, tick=True)
        config._test_clock.start()


def pytest_report_header(config):
    return [
        f"database: {settings.TEST_DATABASE_LABEL}",
        f"CI: {IN_CI} (missing services {'fail' if IN_CI else 'skip'})",
        *([f"clock: from {TEST_CLOCK} (TEST_CLOCK)"] if TEST_CLOCK else []),
    ]


def _redis_url() -> str:
    return os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"


def _redis_problem() -> str | None:
    import redis

    try:
        redis.Redis.from_url(_redis_url(), socket_connect_timeout=1, socket_timeout=1).ping()
    except redis.RedisError as error:
        return f"Redis is not reachable at {_redis_url()}: {error}"
    return None


def _browser_problem() -> str | None:
    if not Path(CHROMIUM).exists():
        return f"Debian's Chromium is not installed at {CHROMIUM} (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed"
    return None


def _missing(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"CI=true and {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _required_services(request):
    if request.node.get_closest_marker("postgres"):
        from django.db import connection

        if connection.vendor != "postgresql":
            _missing(f"this test needs PostgreSQL; the run uses {settings.TEST_DATABASE_LABEL}")
    if request.node.get_closest_marker("redis") and (problem := _redis_problem()):
        _missing(problem)
    if request.node.get_closest_marker("browser") and (problem := _browser_problem()):
        _missing(problem)


@pytest.fixture(autouse=True)
def _force_login_passes_the_second_factor(monkeypatch):
    """`client.force_login(user)` means "signed in completely": for a user with a confirmed authenticator the
    session is verified with it, as django_otp.login does after a right code (it stores
    the device's persistent id in the session under django_otp.DEVICE_ID_SESSION_KEY). See tests/support/README.md;
    tests of the sign-in itself use tests.support.sign_in."""
    from django.test.client import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first() if user.pk else None
        if device is not None:
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture
def redis_url():
    return _redis_url()


@pytest.fixture
def lawyer(db):
    return UserFactory(role="lawyer", username="lawyer")


@pytest.fixture
def national_staff(db):
    return UserFactory(role="staff", username="staff")


@pytest.fixture
def almaty_staff(db):
    """Staff of the Almaty regional chamber (KZ-75)."""
    return UserFactory(role="staff", username="staff.almaty", region=region("KZ-75"))


@pytest.fixture
def astana_staff(db):
    """Staff of the Astana regional chamber (KZ-71)."""
    return UserFactory(role="staff", username="staff.astana", region=region("KZ-71"))


@pytest.fixture
def bailiffs(db):
    """Three active bailiffs in Almaty, in registry order."""
    return [BailiffFactory(region=region("KZ-75")) for _ in range(3)]


@pytest.fixture
def artifacts_dir():
    path = Path(settings.BASE_DIR) / "test-artifacts"
    path.mkdir(exist_ok=True)
    return path


@pytest.fixture(autouse=True, scope="session")
def _clean_media():
    yield
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


@pytest.fixture(autouse=True)
def _reference_data(request):
    """Transactional tests end with a flush that empties every table, migrated reference data included:
    put the regions, the MRP table and the role groups back before each of them."""
    marker = request.node.get_closest_marker("django_db")
    transactional = (marker is not None and marker.kwargs.get("transaction")) or any(
        name in request.fixturenames for name in ("transactional_db", "live_server")
    )
    if not transactional:
        return
    import importlib

    from django.apps import apps

    from chamber_portal.core.roles import groups_sync

    request.getfixturevalue("transactional_db")
    importlib.import_module("chamber_portal.core.migrations.0002_regions_and_mrp").forwards(apps, None)
    importlib.import_module("intake.migrations.0002_document_kinds").forwards(apps, None)
    importlib.import_module("intake.migrations.0006_presentation_periods_and_one_live_filing").periods(apps, None)
    importlib.import_module("assignment.migrations.0002_region_queues_and_append_only").queues(apps, None)
    groups_sync()
