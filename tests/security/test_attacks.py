"""Attacks that must fail (issue 13): forged cross-site posts, a login `next` that leaves the portal, and stored
markup in the fields a page shows."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import ApplicationFactory, UserFactory
from tests.support import PASSWORD, totp_code

pytestmark = pytest.mark.django_db

XSS = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "<svg/onload=alert(1)>",
       "</textarea><script>alert(1)</script>", "'><a href=javascript:alert(1)>x</a>"]


@pytest.mark.parametrize("name", ["login", "second_factor", "token_create", "recovery_codes_renew",
                                  "sign_out_everywhere", "logout", "notifications_mark_read"])
def test_every_security_form_refuses_a_post_without_the_csrf_token(name):
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory(role="staff"))
    assert client.post(reverse(name), {"code": "123456", "name": "x"}).status_code == 403


def test_the_login_form_refuses_a_forged_post():
    UserFactory(username="asel")
    client = Client(enforce_csrf_checks=True)
    assert client.post(reverse("login"), {"username": "asel", "password": PASSWORD}).status_code == 403


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "https:evil.example",
                                    "\\\\evil.example", "http://testserver.evil.example/"])
def test_the_login_next_never_leaves_the_portal(client, target):
    UserFactory(username="asel")
    response = client.post(f"{reverse('login')}?next={target}", {"username": "asel", "password": PASSWORD,
                                                                 "next": target})
    assert response.status_code == 302 and response["Location"] == "/"
    staff = UserFactory(role="staff", username="marat")
    other = Client()
    other.post(reverse("login"), {"username": "marat", "password": PASSWORD})
    done = other.post(reverse("second_factor"), {"code": totp_code(staff), "next": target})
    assert done["Location"] == "/"


@pytest.mark.parametrize("payload", XSS)
def test_stored_markup_in_an_application_is_shown_as_text(client, payload):
    lawyer = UserFactory(role="lawyer", full_name=payload)
    application = ApplicationFactory(lawyer=lawyer, debtor_name=payload, creditor_name=payload, court_name=payload,
                                     status="submitted", submitted_at=timezone.now(),
                                     original_due=timezone.localdate())
    staff = UserFactory(role="staff")
    client.force_login(staff)
    for url in (reverse("intake:application_detail", args=[application.pk]), reverse("intake:staff_queue")):
        html = client.get(url).content.decode()
        assert payload not in html, url
    client.force_login(lawyer)
    html = client.get(reverse("intake:application_detail", args=[application.pk])).content.decode()
    assert payload not in html
