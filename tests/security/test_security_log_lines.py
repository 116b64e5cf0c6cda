"""The security log's lines name the event and the account by id, never what was typed as a username: a failed
sign-in's "username" is often a password typed in the wrong field, and log lines travel further than the table."""

import logging

import pytest
from django.urls import reverse

from chamber_portal.core.models import SecurityEvent
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


class Lines(logging.Handler):
    def __init__(self):
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(record.getMessage())


@pytest.fixture
def security_lines():
    handler, logger = Lines(), logging.getLogger("chamber_portal.security")
    logger.addHandler(handler)
    level, logger.level = logger.level, logging.INFO
    yield handler.lines
    logger.removeHandler(handler)
    logger.setLevel(level)


def test_a_failed_sign_in_logs_the_events_id_and_never_the_typed_username(client, security_lines):
    typed = "Secret-Password-In-The-Wrong-Field-42"
    client.post(reverse("login"), {"username": typed, "password": "whatever"})

    event = SecurityEvent.objects.get(username=typed)  # the table keeps it, for staff and the purge
    assert security_lines and all(typed not in line for line in security_lines), security_lines
    assert any(f"id={event.pk}" in line for line in security_lines), security_lines


def test_a_sign_in_logs_the_accounts_id_not_its_username(client, security_lines):
    user = UserFactory(role="lawyer", username="aigerim.lawyer")
    user.set_password("a-long-enough-password-1")
    user.save()
    client.post(reverse("login"), {"username": "aigerim.lawyer", "password": "a-long-enough-password-1"})

    assert any(f"user_id={user.pk}" in line for line in security_lines), security_lines
    assert all("aigerim.lawyer" not in line for line in security_lines), security_lines
