"""The demo journey from filing to the bailiff can be finished with the printed logins: seed_demo prints every
bailiff a new Almaty filing can rotate to, and that login opens the case (the printed `bailiff` is not sent to a
case that is someone else's: the case page names, in the demo only, which login holds it)."""

import re

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from bailiffs.models import Bailiff
from chamber_portal.core.models import User
from intake.services import application_accept, application_register_original, application_submit
from intake.services.decisions import CHECKLIST
from tests.factories import ApplicationFactory, region

pytestmark = pytest.mark.django_db


@pytest.fixture
def printed(capsys):
    call_command("seed_demo")
    return capsys.readouterr().out


def _new_almaty_case(django_capture_on_commit_callbacks):
    lawyer, staff = User.objects.get(username="lawyer"), User.objects.get(username="staff.almaty")
    application = ApplicationFactory(lawyer=lawyer, region=region("KZ-75"))
    with django_capture_on_commit_callbacks(execute=True):
        application = application_submit(application=application, by=lawyer)
        application = application_register_original(application=application, by=staff, registry_number="ВХ-7",
                                                    received_at=timezone.now())
        application_accept(application=application, by=staff, checklist=dict.fromkeys(CHECKLIST, True))
    application.refresh_from_db()
    assert application.assigned_bailiff is not None
    return application


def test_the_demo_prints_every_almaty_bailiff_by_login_and_name(printed):
    lines = printed.splitlines()
    for bailiff in Bailiff.objects.filter(region__code="KZ-75").select_related("user"):
        assert any(re.match(rf"\s+{re.escape(bailiff.user.username)}\s+bailiff\s+KZ-75\s+{bailiff.full_name}", line)
                   for line in lines), bailiff.user.username


def test_the_bailiff_a_new_filing_goes_to_is_printed_and_opens_the_case(printed, client,
                                                                         django_capture_on_commit_callbacks):
    application = _new_almaty_case(django_capture_on_commit_callbacks)
    login = application.assigned_bailiff.user.username
    assert re.search(rf"^\s+{re.escape(login)}\s", printed, re.M)
    client.force_login(application.assigned_bailiff.user)
    response = client.get(reverse("intake:application_detail", args=[application.pk]))
    assert response.status_code == 200


def test_in_the_demo_the_case_page_names_the_login_that_holds_it(printed, client, django_capture_on_commit_callbacks):
    application = _new_almaty_case(django_capture_on_commit_callbacks)
    client.force_login(application.lawyer)
    url = reverse("intake:application_detail", args=[application.pk])
    with override_settings(DEBUG=True):
        page = client.get(url).content.decode()
    assert 'data-testid="demo-bailiff-login"' in page and application.assigned_bailiff.user.username in page
    assert 'data-testid="demo-bailiff-login"' not in client.get(url).content.decode()  # never outside DEBUG
