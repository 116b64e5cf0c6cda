import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from bailiffs.models import Bailiff, BailiffStatus
from chamber_portal.core.models import AuditEvent, Region, User
from chamber_portal.core.services import REGION_ONLY_FOR_STAFF, USERNAME_TAKEN, user_create, user_set_role

pytestmark = pytest.mark.django_db


def test_every_role_has_its_group_after_migrate():
    assert set(Group.objects.values_list("name", flat=True)) >= {"lawyer", "staff", "bailiff", "admin"}


def test_the_administrator_group_may_edit_reference_data_but_not_the_audit_log():
    codenames = set(Group.objects.get(name="admin").permissions.values_list("codename", flat=True))
    assert {"change_monthlycalculationindex", "add_calendarexception", "change_user", "view_auditevent"} <= codenames
    assert not {"change_auditevent", "delete_auditevent", "add_auditevent"} & codenames


def test_a_regional_staff_member_is_created_with_group_and_audit_event():
    almaty = Region.objects.get(code="KZ-75")
    user = user_create(username="aigerim", password="Str0ng-pass-2026", role="staff", region=almaty)
    assert user.is_chamber_staff and not user.is_national_staff
    assert list(user.groups.values_list("name", flat=True)) == ["staff"]
    assert not user.is_staff  # Chamber staff work in the portal, not the admin site
    assert AuditEvent.objects.filter(object_id=str(user.pk), kind="user_created", to_state="staff").exists()


def test_an_administrator_gets_the_admin_site():
    user = user_create(username="root2", password="Str0ng-pass-2026", role="admin")
    assert user.is_staff and user.is_administrator


def test_a_taken_username_is_refused_whatever_its_case():
    user_create(username="Lawyer", password="Str0ng-pass-2026", role="lawyer")
    with pytest.raises(ValidationError) as error:
        user_create(username="lawyer", password="Str0ng-pass-2026", role="lawyer")
    assert str(USERNAME_TAKEN) in error.value.message_dict["username"]


def test_only_staff_may_have_a_region():
    with pytest.raises(ValidationError) as error:
        user_create(username="l1", password="Str0ng-pass-2026", role="lawyer", region=Region.objects.first())
    assert str(REGION_ONLY_FOR_STAFF) in error.value.message_dict["region"]


def test_a_weak_password_is_refused():
    with pytest.raises(ValidationError) as error:
        user_create(username="weak", password="123", role="lawyer")
    assert "password" in error.value.message_dict


def test_changing_a_role_moves_the_user_to_the_new_group():
    user = user_create(username="moves", password="Str0ng-pass-2026", role="lawyer")
    user_set_role(user=user, role="staff", region=Region.objects.get(code="KZ-71"), by=None)
    user.refresh_from_db()
    assert (user.role, user.region.code) == ("staff", "KZ-71")
    assert list(user.groups.values_list("name", flat=True)) == ["staff"]


def test_create_user_registers_a_bailiff_in_the_registry(capsys):
    call_command("create_user", "--role", "bailiff", "--username", "b1", "--password", "Str0ng-pass-2026",
                 "--region", "kz-79", "--full-name", "Ерлан Абенов")
    bailiff = Bailiff.objects.get(user__username="b1")
    assert (bailiff.region.code, bailiff.status, bailiff.full_name) == ("KZ-79", BailiffStatus.ACTIVE, "Ерлан Абенов")
    assert bailiff.licence_number
    out = capsys.readouterr().out
    assert "Created bailiff 'b1'" in out and bailiff.licence_number in out


def test_create_user_makes_staff_without_region_national(capsys):
    call_command("create_user", "--role", "staff", "--username", "nat", "--password", "Str0ng-pass-2026")
    assert User.objects.get(username="nat").is_national_staff
    assert "region national" in capsys.readouterr().out


def test_create_user_names_what_is_wrong():
    with pytest.raises(CommandError, match="Unknown region"):
        call_command("create_user", "--role", "staff", "--username", "x", "--password", "p", "--region", "KZ-00")
    with pytest.raises(CommandError, match="needs --region"):
        call_command("create_user", "--role", "bailiff", "--username", "x", "--password", "Str0ng-pass-2026")
    with pytest.raises(CommandError, match="password"):
        call_command("create_user", "--role", "lawyer", "--username", "x", "--password", "123")
    assert not User.objects.filter(username="x").exists()


def test_a_bailiff_with_a_taken_licence_leaves_no_user_behind():
    call_command("create_user", "--role", "bailiff", "--username", "b1", "--password", "Str0ng-pass-2026",
                 "--region", "KZ-75", "--licence", "LIC-1")
    with pytest.raises(CommandError, match="licence"):
        call_command("create_user", "--role", "bailiff", "--username", "b2", "--password", "Str0ng-pass-2026",
                     "--region", "KZ-75", "--licence", "LIC-1")
    assert not User.objects.filter(username="b2").exists()
