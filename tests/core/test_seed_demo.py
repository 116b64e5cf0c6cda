import pytest
from django.core.management import call_command

from bailiffs.models import Bailiff
from chamber_portal.core.models import User
from chamber_portal.demo.data import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def test_seed_demo_creates_sixty_bailiffs_over_several_regions_and_prints_the_logins(capsys):
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert Bailiff.objects.count() == 60
    assert Bailiff.objects.values("region").distinct().count() >= 5
    assert {"lawyer", "staff", "staff.almaty", "bailiff", "admin"} <= set(User.objects.values_list("username", flat=True))
    assert DEMO_PASSWORD in out and "staff.almaty" in out
    assert User.objects.get(username="lawyer").check_password(DEMO_PASSWORD)


def test_seed_demo_is_idempotent(capsys):
    call_command("seed_demo")
    counts = User.objects.count(), Bailiff.objects.count()
    call_command("seed_demo")
    assert (User.objects.count(), Bailiff.objects.count()) == counts
    assert "0 users created" in capsys.readouterr().out
