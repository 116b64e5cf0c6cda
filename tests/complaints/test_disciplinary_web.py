"""The disciplinary commission's docket: cases opened on an inspection's referral, decided by staff."""

import pytest
from django.urls import reverse
from django.utils import timezone

from complaints.models import DisciplinaryCase
from complaints.services import disciplinary_case_open
from complaints.services.common import REQUIRED
from tests.factories import BailiffFactory, UserFactory, region

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(almaty_staff):
    bailiff = BailiffFactory(region=region("KZ-75"))
    return disciplinary_case_open(bailiff=bailiff, by=almaty_staff, source="inspection",
                                  source_reference="№ INS-1/2026 (01.11.2026)", grounds="Late initiations")


def test_staff_of_the_region_decide_a_referred_case(client, almaty_staff, case):
    client.force_login(almaty_staff)
    assert "INS-1/2026" in client.get(reverse("complaints:disciplinary_case_list")).content.decode()
    url = reverse("complaints:disciplinary_case_detail", args=[case.pk])
    response = client.post(url, {"outcome": "", "decision_date": "", "note": "Confirmed"})
    assert response.status_code == 400
    assert str(REQUIRED) in response.content.decode() and "Confirmed" in response.content.decode()
    today = timezone.localdate().isoformat()
    assert client.post(url, {"outcome": "breach_confirmed", "decision_date": today}).status_code == 302
    case.refresh_from_db()
    assert (case.status, case.outcome) == ("decided", "breach_confirmed")


def test_only_the_region_and_the_bailiff_concerned_see_it(client, case, astana_staff):
    url = reverse("complaints:disciplinary_case_detail", args=[case.pk])
    client.force_login(astana_staff)
    assert client.get(url).status_code == 404
    client.force_login(UserFactory(role="lawyer"))
    assert client.get(url).status_code == 404
    client.force_login(BailiffFactory(region=region("KZ-75")).user)
    assert client.get(url).status_code == 404
    client.force_login(case.bailiff.user)
    assert client.get(url).status_code == 200
    assert client.post(url, {"outcome": "no_breach", "decision_date": "2026-11-01"}).status_code == 404
    assert DisciplinaryCase.objects.get().status == "open"
