"""API tokens (issue 13): knox, hashed, expiring (30 days at most), several per user, listed and revoked by their
owner; staff need the code to get one; auth/logout/ revokes the one it carries."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from chamber_portal.core.models import ApiToken, SecurityEvent, SecurityEventKind
from tests.factories import UserFactory
from tests.support import PASSWORD, api_token, totp_code

pytestmark = pytest.mark.django_db
TOKEN = "/api/v1/auth/token/"


def _post(client, body):
    return client.post(TOKEN, body, content_type="application/json")


def test_a_lawyer_gets_a_token_with_its_expiry_and_only_its_digest_is_stored(client):
    UserFactory(username="asel")
    with time_machine.travel(dt.datetime(2026, 6, 1, 9, tzinfo=dt.UTC), tick=False):
        response = _post(client, {"username": "asel", "password": PASSWORD})
        assert response.status_code == 200
        body = response.json()
        assert set(body) == {"token", "expires_at"}
        assert parse_datetime(body["expires_at"]) == dt.datetime(2026, 7, 1, 9, tzinfo=dt.UTC)
        stored = ApiToken.objects.get()
        assert body["token"] not in (stored.digest, stored.token_key) and len(stored.digest) == 128
        assert client.get("/api/v1/applications/", HTTP_AUTHORIZATION=f"Token {body['token']}").status_code == 200


def test_a_token_stops_working_when_it_expires(client):
    UserFactory(username="asel")
    token = _post(client, {"username": "asel", "password": PASSWORD}).json()["token"]
    with time_machine.travel(timezone.now() + dt.timedelta(days=30, minutes=1)):
        response = client.get("/api/v1/applications/", HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 401


def test_staff_need_the_code_for_a_token(client):
    staff = UserFactory(role="staff", username="marat")
    missing = _post(client, {"username": "marat", "password": PASSWORD})
    assert missing.status_code == 400 and missing.json()["otp"]
    wrong = _post(client, {"username": "marat", "password": PASSWORD, "otp": "123456"})
    assert wrong.status_code == 400 and wrong.json()["otp"]
    assert not ApiToken.objects.exists()
    right = _post(client, {"username": "marat", "password": PASSWORD, "otp": totp_code(staff)})
    assert right.status_code == 200
    assert client.get("/api/v1/applications/", HTTP_AUTHORIZATION=f"Token {right.json()['token']}").status_code == 200


def test_a_wrong_password_says_nothing_about_the_code(client):
    UserFactory(role="staff", username="marat")
    response = _post(client, {"username": "marat", "password": "guess"})
    assert response.status_code == 400 and set(response.json()) == {"non_field_errors"}


def test_several_tokens_per_user_and_logout_revokes_only_the_one_it_carries(client):
    lawyer = UserFactory(username="asel")
    first, second = api_token(client, lawyer, name="1C"), api_token(client, lawyer, name="robot")
    assert ApiToken.objects.filter(user=lawyer).count() == 2
    assert client.post("/api/v1/auth/logout/", HTTP_AUTHORIZATION=f"Token {first}").status_code == 204
    assert client.get("/api/v1/applications/", HTTP_AUTHORIZATION=f"Token {first}").status_code == 401
    assert client.get("/api/v1/applications/", HTTP_AUTHORIZATION=f"Token {second}").status_code == 200
    kinds = set(SecurityEvent.objects.filter(user=lawyer).values_list("kind", flat=True))
    assert {SecurityEventKind.TOKEN_CREATED, SecurityEventKind.TOKEN_REVOKED} <= kinds


def test_the_owner_lists_creates_and_revokes_tokens_on_the_security_page(client):
    lawyer = UserFactory(username="asel")
    other = UserFactory(username="dmitry")
    theirs = api_token(client, other)
    client.force_login(lawyer)
    created = client.post(reverse("token_create"), {"name": "Accounting script"})
    token = created.context["token"]
    assert token in created.content.decode()
    page = client.get(reverse("security_settings")).content.decode()
    assert "Accounting script" in page and token not in page  # shown once only
    mine = ApiToken.objects.get(user=lawyer)
    # Someone else's token cannot be revoked from here.
    foreign = ApiToken.objects.get(user=other)
    assert client.post(reverse("token_revoke", args=[foreign.digest])).status_code == 404
    assert client.post(reverse("token_revoke", args=[mine.digest])).status_code == 302
    script = client.__class__()  # a script: no session, the token alone
    assert script.get("/api/v1/applications/", HTTP_AUTHORIZATION=f"Token {token}").status_code == 401
    assert script.get("/api/v1/applications/", HTTP_AUTHORIZATION=f"Token {theirs}").status_code == 200


def test_sign_out_everywhere_ends_every_session_and_token(client):
    staff = UserFactory(role="staff", username="marat")
    token = api_token(client, staff)
    laptop, phone = client.__class__(), client.__class__()
    laptop.force_login(staff)
    phone.force_login(staff)
    assert phone.get("/").status_code == 200
    response = laptop.post(reverse("sign_out_everywhere"))
    assert response.status_code == 302
    assert "home/landing.html" in [t.name for t in phone.get("/").templates]
    assert client.get("/api/v1/applications/", HTTP_AUTHORIZATION=f"Token {token}").status_code == 401
    assert SecurityEvent.objects.filter(user=staff, kind=SecurityEventKind.SIGNED_OUT_EVERYWHERE).exists()


def test_the_token_lifetime_is_at_most_thirty_days(settings):
    from chamber_portal import settings as portal_settings

    assert portal_settings.API_TOKEN_TTL_DAYS <= 30
    assert settings.REST_KNOX["TOKEN_TTL"] <= dt.timedelta(days=30)
