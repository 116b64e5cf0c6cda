"""Before the second factor passes, its page shows nothing of what lies behind it: no menu, no bell, no account
links; only the step itself and Log out. Once it passes, the staff menu appears."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory
from tests.support import PASSWORD, totp_code

pytestmark = pytest.mark.django_db

BEHIND = [reverse("intake:staff_queue"), reverse("notifications"), reverse("security_settings")]


@pytest.mark.parametrize("enrolled", [True, False], ids=["code", "enrolment"])
def test_the_second_factor_page_shows_no_menu_bell_or_account_links_until_it_passes(client, enrolled):
    staff = UserFactory(role="staff", username="dana.staff", second_factor=enrolled)
    client.post(reverse("login"), {"username": staff.username, "password": PASSWORD})

    html = client.get(reverse("second_factor")).content.decode()
    assert 'data-testid="second-factor-form"' in html or 'data-testid="totp-qr"' in html
    assert all(f'href="{url}' not in html for url in BEHIND), [url for url in BEHIND if f'href="{url}' in html]
    assert 'data-testid="bell"' not in html and 'data-testid="current-user"' not in html
    assert f'action="{reverse("logout")}"' in html


def test_the_staff_menu_appears_once_the_code_has_passed(client):
    staff = UserFactory(role="staff", username="dana.staff")
    client.post(reverse("login"), {"username": staff.username, "password": PASSWORD})
    client.post(reverse("second_factor"), {"code": totp_code(staff), "next": "/"})

    html = client.get("/").content.decode()
    assert f'href="{reverse("intake:staff_queue")}' in html and 'data-testid="bell"' in html
