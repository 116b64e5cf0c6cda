import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from chamber_portal.core.models import AuditEvent
from tests.factories import BailiffFactory, UserFactory

pytestmark = pytest.mark.django_db
PROJECT_APPS = {"core", "bailiffs", "intake", "assignment", "complaints", "inspections"}


def _project_models():
    return [m for m in apps.get_models() if m._meta.app_label in PROJECT_APPS]


@pytest.fixture
def superuser():
    return UserFactory(role="admin", is_staff=True, is_superuser=True)


def test_every_model_of_the_portal_is_in_the_admin():
    missing = [m._meta.label for m in _project_models() if m not in admin.site._registry]
    assert missing == []


def test_an_administrator_opens_every_changelist_and_add_page(client, rf, superuser):
    BailiffFactory()
    client.force_login(superuser)
    request = rf.get("/")
    request.user = superuser
    for model in _project_models():
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        assert client.get(reverse(f"{prefix}_changelist")).status_code == 200, model
        if admin.site._registry[model].has_add_permission(request):
            assert client.get(reverse(f"{prefix}_add")).status_code == 200, model


def test_a_role_change_in_the_admin_goes_through_the_service(client, superuser):
    target = UserFactory(username="moves", role="lawyer", full_name="Moves")
    client.force_login(superuser)
    response = client.post(
        reverse("admin:core_user_change", args=[target.pk]),
        {
            "username": "moves",
            "full_name": "Moves",
            "email": "m@example.kz",
            "role": "staff",
            "region": "",
            "language": "ru",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.role == "staff"
    assert list(target.groups.values_list("name", flat=True)) == ["staff"]
    assert AuditEvent.objects.filter(object_id=str(target.pk), kind="role_changed", to_state="staff").exists()


def test_deactivating_an_account_in_the_admin_and_giving_it_back_are_audited(client, superuser):
    target = UserFactory(username="leaves", role="lawyer", full_name="Leaves", email="l@example.kz")
    client.force_login(superuser)
    url = reverse("admin:core_user_change", args=[target.pk])
    form = {"username": "leaves", "full_name": "Leaves", "email": "l@example.kz", "role": "lawyer", "region": "",
            "language": "ru"}
    assert client.post(url, form).status_code == 302  # the box unticked
    assert client.post(url, {**form, "is_active": "on"}).status_code == 302
    assert client.post(url, {**form, "is_active": "on"}).status_code == 302  # saved unchanged: no event
    events = AuditEvent.objects.filter(object_id=str(target.pk), kind__in=["user_deactivated", "user_activated"])
    assert list(events.order_by("id").values_list("kind", "actor")) == [
        ("user_deactivated", superuser.pk), ("user_activated", superuser.pk)]


def test_an_administrators_edit_of_a_users_name_address_or_language_is_audited_before_and_after(client, superuser):
    target = UserFactory(username="renamed", role="lawyer", full_name="Old Name", email="old@example.kz")
    client.force_login(superuser)
    url = reverse("admin:core_user_change", args=[target.pk])
    form = {"username": "renamed", "full_name": "Old Name", "email": "old@example.kz", "role": "lawyer", "region": "",
            "language": target.language or "ru", "is_active": "on"}
    assert client.post(url, form).status_code == 302  # saved unchanged: no event
    assert client.post(url, {**form, "email": "new@example.kz", "full_name": "New Name"}).status_code == 302
    [event] = AuditEvent.objects.filter(object_id=str(target.pk), kind="admin_changed")
    assert (event.actor_id, event.data["fields"]) == (superuser.pk, ["email", "full_name"])
    assert event.data["before"] == {"email": "old@example.kz", "full_name": "Old Name"}
    assert event.data["after"] == {"email": "new@example.kz", "full_name": "New Name"}


def test_the_admin_refuses_a_region_for_a_lawyer(client, superuser):
    target = UserFactory(username="lw", role="lawyer")
    client.force_login(superuser)
    response = client.post(
        reverse("admin:core_user_change", args=[target.pk]),
        {
            "username": "lw",
            "full_name": "",
            "email": "",
            "role": "lawyer",
            "region": "1",
            "language": "ru",
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert "region" in response.context["adminform"].form.errors


def test_the_audit_log_is_read_only_in_the_admin(client, superuser):
    client.force_login(superuser)
    assert client.get(reverse("admin:core_auditevent_add")).status_code == 403
