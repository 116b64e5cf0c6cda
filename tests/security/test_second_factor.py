"""The second factor (issue 13): staff and administrators pass a TOTP code after the password, enrol at their
first sign-in with a QR code, keep one-time recovery codes; an administrator resets a lost device."""

import base64
import re
from io import StringIO

import pyotp
import pytest
from django.core.management import call_command
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from chamber_portal.core.models import AuditEvent, SecurityEvent, SecurityEventKind, User
from chamber_portal.core.security.second_factor import WRONG_CODE
from tests.factories import UserFactory
from tests.support import PASSWORD, TEST_TOTP_SECRET, sign_in, totp_code

pytestmark = pytest.mark.django_db


def _password(client, user, **extra):
    return client.post(reverse("login"), {"username": user.username, "password": PASSWORD}, **extra)


def test_staff_are_asked_for_the_code_after_the_password_and_nothing_gets_through_before(client):
    staff = UserFactory(role="staff", username="marat")
    response = _password(client, staff)
    assert response.status_code == 302
    # Every page (and the session API) waits for the code.
    step = client.get("/applications/queue/")
    assert step.status_code == 302 and step["Location"].startswith(reverse("second_factor"))
    assert "next=%2Fapplications%2Fqueue%2F" in step["Location"]
    api = client.get("/api/v1/applications/")
    assert api.status_code == 403 and api.json()["code"] == "second_factor_required"
    page = client.get(step["Location"])
    assert 'data-testid="second-factor-form"' in page.content.decode()


def test_a_right_code_opens_the_portal_and_a_wrong_one_is_refused_at_the_field(client):
    staff = UserFactory(role="staff", username="marat")
    _password(client, staff)
    wrong = client.post(reverse("second_factor"), {"code": "000000", "next": "/"})
    assert wrong.status_code == 200
    assert str(WRONG_CODE) in [str(e) for e in wrong.context["form"].errors["code"]]
    assert client.get("/")["Location"].startswith(reverse("second_factor"))
    right = client.post(reverse("second_factor"), {"code": totp_code(staff), "next": "/applications/queue/"})
    assert right.status_code == 302 and right["Location"] == "/applications/queue/"
    assert "home/staff.html" in [t.name for t in client.get("/").templates]
    kinds = list(SecurityEvent.objects.filter(user=staff).values_list("kind", flat=True))
    assert {SecurityEventKind.SIGNED_IN, SecurityEventKind.SECOND_FACTOR_FAILED,
            SecurityEventKind.SECOND_FACTOR_PASSED} <= set(kinds)


def test_a_code_is_accepted_once(client):
    staff = UserFactory(role="staff", username="marat")
    code = totp_code(staff)
    _password(client, staff)
    assert client.post(reverse("second_factor"), {"code": code}).status_code == 302
    client.logout()
    _password(client, staff)
    assert client.post(reverse("second_factor"), {"code": code}).status_code == 200  # replay refused


def test_the_second_step_never_redirects_outside_the_portal(client):
    staff = UserFactory(role="staff", username="marat")
    _password(client, staff)
    response = client.post(reverse("second_factor"), {"code": totp_code(staff), "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_staff_without_a_device_enrol_with_a_qr_code_and_get_recovery_codes(client):
    staff = UserFactory(role="staff", username="new.staff", second_factor=False)
    _password(client, staff)
    page = client.get(reverse("second_factor"))
    html = page.content.decode()
    assert 'data-testid="totp-qr"' in html and 'src="data:image/svg+xml' in html
    secret = re.search(r'data-testid="totp-secret">([A-Z2-7 ]+)<', html).group(1).replace(" ", "")
    assert len(secret) == 32
    done = client.post(reverse("second_factor"), {"code": pyotp.TOTP(secret).now(), "next": "/"})
    assert done.status_code == 200
    codes = done.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert TOTPDevice.objects.get(user=staff).confirmed
    assert "home/staff.html" in [t.name for t in client.get("/").templates]
    assert AuditEvent.objects.filter(kind="second_factor_enrolled", object_id=str(staff.pk)).exists()

    # A recovery code signs in once instead of the app's code.
    client.logout()
    _password(client, staff)
    assert client.post(reverse("second_factor"), {"code": codes[0]}).status_code == 302
    client.logout()
    _password(client, staff)
    assert client.post(reverse("second_factor"), {"code": codes[0]}).status_code == 200
    assert SecurityEvent.objects.filter(user=staff, kind=SecurityEventKind.RECOVERY_CODE_USED).count() == 1


def test_a_lawyer_needs_no_code_until_enrolling(client):
    lawyer = UserFactory(role="lawyer", username="asel")
    assert _password(client, lawyer).status_code == 302
    assert "home/lawyer.html" in [t.name for t in client.get("/").templates]
    enrol = client.get(reverse("second_factor"))
    assert 'data-testid="second-factor-enrol-form"' in enrol.content.decode()
    client.logout()
    UserFactory(username="asel2", role="lawyer", second_factor=True)
    lawyer2 = User.objects.get(username="asel2")
    sign_in(client, lawyer2)
    assert "home/lawyer.html" in [t.name for t in client.get("/").templates]


def test_an_administrator_resets_a_lost_device_audited_and_the_user_enrols_again(client):
    admin_user = UserFactory(role="admin", username="root", is_staff=True, is_superuser=True)
    staff = UserFactory(role="staff", username="lost.phone")
    other = client.__class__()
    other.force_login(staff)
    assert other.get("/").status_code == 200
    client.force_login(admin_user)
    response = client.post(reverse("admin:core_user_changelist"),
                           {"action": "reset_second_factor", "_selected_action": [staff.pk]})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=staff).exists()
    assert AuditEvent.objects.filter(kind="second_factor_reset", object_id=str(staff.pk), actor=admin_user).exists()
    assert SecurityEvent.objects.filter(user=staff, kind=SecurityEventKind.SECOND_FACTOR_RESET).exists()
    # The lost phone's session has ended; the next sign-in enrols again.
    assert "home/landing.html" in [t.name for t in other.get("/").templates]
    _password(other, staff)
    client = other
    assert 'data-testid="second-factor-enrol-form"' in client.get(reverse("second_factor")).content.decode()


def test_create_user_provisions_a_known_totp_secret(client):
    out = StringIO()
    call_command("create_user", role="staff", username="script.staff", password="Very-long-passw0rd",
                 totp_secret=TEST_TOTP_SECRET, stdout=out)
    user = User.objects.get(username="script.staff")
    device = TOTPDevice.objects.get(user=user)
    assert device.confirmed and base64.b32encode(device.bin_key).decode() == TEST_TOTP_SECRET
    assert "Second factor provisioned" in out.getvalue()
    token = client.post("/api/v1/auth/token/", {"username": "script.staff", "password": "Very-long-passw0rd",
                                                "otp": pyotp.TOTP(TEST_TOTP_SECRET).now()},
                        content_type="application/json")
    assert token.status_code == 200


def test_create_user_refuses_a_secret_that_is_not_base32():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="totp_secret"):
        call_command("create_user", role="staff", username="bad", password="Very-long-passw0rd",
                     totp_secret="not base32!!", stdout=StringIO())
    assert not User.objects.filter(username="bad").exists()
