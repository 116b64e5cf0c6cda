import pytest
from django.urls import reverse

from tests.factories import BailiffFactory, UserFactory, region

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery"


def _login(client, username, password=PASSWORD):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR="10.0.0.1")


def test_a_visitor_sees_the_public_landing_page_with_a_login_link(client):
    response = client.get("/")
    assert response.status_code == 200
    assert reverse("login") in response.content.decode()
    assert "home/landing.html" in [t.name for t in response.templates]


def test_a_lawyer_logs_in_and_lands_on_the_lawyer_home(client):
    UserFactory(username="asel", role="lawyer", full_name="Асель Жумабекова")
    response = _login(client, "asel")
    assert response.status_code == 302 and response["Location"] == "/"
    page = client.get("/")
    assert "home/lawyer.html" in [t.name for t in page.templates]
    assert "Асель Жумабекова" in page.content.decode()


@pytest.mark.parametrize(("role", "template"), [
    ("lawyer", "home/lawyer.html"), ("staff", "home/staff.html"), ("admin", "home/admin.html"),
])
def test_each_role_has_its_home(client, role, template):
    client.force_login(UserFactory(role=role))
    assert template in [t.name for t in client.get("/").templates]


def test_a_bailiff_home_shows_the_registry_record(client):
    bailiff = BailiffFactory(licence_number="LIC-777", region=region("KZ-79"))
    client.force_login(bailiff.user)
    page = client.get("/").content.decode()
    assert "LIC-777" in page and "Шымкент" in page


def test_regional_staff_see_their_region_and_national_staff_are_told_they_act_everywhere(client):
    client.force_login(UserFactory(role="staff", region=region("KZ-75")))
    assert "Алматы" in client.get("/").content.decode()
    client.force_login(UserFactory(role="staff"))
    assert 'data-testid="staff-scope"' in client.get("/").content.decode()


def test_only_administrators_see_the_administration_link(client):
    client.force_login(UserFactory(role="lawyer"))
    assert reverse("admin:index") not in client.get("/").content.decode()
    client.force_login(UserFactory(role="admin", is_staff=True))
    assert reverse("admin:index") in client.get("/").content.decode()


def test_a_failed_login_gives_one_message_whether_or_not_the_user_exists(client):
    UserFactory(username="asel")
    wrong_password = _login(client, "asel", "nope")
    unknown_user = _login(client, "nobody", "nope")
    assert wrong_password.status_code == unknown_user.status_code == 200
    errors = [list(r.context["form"].non_field_errors()) for r in (wrong_password, unknown_user)]
    assert errors[0] == errors[1] and errors[0]
    assert 'value="asel"' in wrong_password.content.decode()  # what was typed is kept


def test_repeated_failures_lock_the_login_even_with_the_right_password(client, settings):
    UserFactory(username="asel")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "asel", "guess")
    wrong = _login(client, "asel", "guess")
    response = _login(client, "asel")
    # Locked out, the right password gets the very answer of a wrong one (no lockout oracle; issue 13).
    assert response.status_code == wrong.status_code == 200
    assert list(response.context["form"].non_field_errors()) == list(wrong.context["form"].non_field_errors())
    assert "_auth_user_id" not in client.session


def test_logout_is_a_post_and_ends_the_session(client):
    client.force_login(UserFactory())
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
