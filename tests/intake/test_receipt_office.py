"""The receipt (page and e-mail) says where the regional chamber's office is: the lawyer brings the original there."""

import json

import pytest
from django.core import mail
from django.urls import reverse

from chamber_portal.core.chamber_offices import DATA, chamber_office
from chamber_portal.core.models import Region
from intake.services import application_submit
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def test_every_region_has_an_office_address():
    codes = set(Region.objects.values_list("code", flat=True))
    assert len(codes) == 20
    assert {code for code in json.loads(DATA.read_text(encoding="utf-8")) if not code.startswith("_")} == codes
    assert all(chamber_office(code).address and chamber_office(code).phone for code in codes)


def test_the_receipt_gives_the_address_of_the_regional_chambers_office(client):
    application = ApplicationFactory()
    application_submit(application=application, by=application.lawyer)
    client.force_login(application.lawyer)
    page = client.get(reverse("intake:application_receipt", args=[application.pk])).content.decode()
    office = chamber_office("KZ-75")
    assert 'data-testid="chamber-office"' in page
    assert office.address in page and office.phone in page


def test_the_receipts_email_gives_the_address_too(django_capture_on_commit_callbacks):
    application = ApplicationFactory()
    with django_capture_on_commit_callbacks(execute=True):
        application_submit(application=application, by=application.lawyer)
    assert any(chamber_office("KZ-75").address in message.body for message in mail.outbox)
