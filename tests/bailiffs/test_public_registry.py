import pytest
from django.urls import reverse
from django.utils import timezone

from bailiffs.services import bailiff_set_status
from tests.factories import registry_staff

pytestmark = pytest.mark.django_db


def test_anyone_sees_active_bailiffs_with_office_contacts_without_login_and_no_iin(client, almaty, astana):
    bailiff_set_status(bailiff=almaty[1], status="terminated", effective_on=timezone.localdate(), reason="Order 1",
                       order_reference="MJ order 1", by=registry_staff())
    response = client.get(reverse("public_registry"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Aigerim Bekova" in page and "Yerlan Omarov" in page
    assert "75-000101" in page and "Almaty, Abai 10" in page and "+7 727 000 01 01" in page
    assert "Mon–Fri 9–18" in page
    assert "Daniyar Seitkali" not in page
    assert "791028302728" not in page  # the IIN is not public


def test_the_public_registry_filters_by_region(client, almaty, astana):
    page = client.get(reverse("public_registry"), {"region": "KZ-71"}).content.decode()
    assert "Yerlan Omarov" in page and "Aigerim Bekova" not in page


def test_the_public_registry_is_at_slash_registry(client, db):
    assert reverse("public_registry") == "/registry/"
