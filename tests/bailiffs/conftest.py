import itertools

import pytest
from django.utils import timezone

from assignment.services import application_distribute
from tests.factories import ApplicationFactory, BailiffFactory, UserFactory, region

_numbers = itertools.count(1)


def distributed(code: str = "KZ-75", **kwargs):
    """An accepted application of the region, given to a bailiff by the rotation; the decision."""
    number = next(_numbers)
    application = ApplicationFactory(status="accepted", region=region(code), accepted_at=timezone.now(),
                                     reference=f"{code[3:]}-{timezone.localdate().year}-{number:06d}",
                              with_documents=False, **kwargs)
    return application_distribute(application_id=application.pk)


@pytest.fixture
def almaty_staff(db):
    return UserFactory(role="staff", username="almaty-staff", region=region("KZ-75"))


@pytest.fixture
def astana_staff(db):
    return UserFactory(role="staff", username="astana-staff", region=region("KZ-71"))


@pytest.fixture
def almaty(db):
    """Two active bailiffs of Almaty, in registry order."""
    return [
        BailiffFactory(region=region("KZ-75"), full_name="Aigerim Bekova", iin="791028302728",
                       licence_number="75-000101", office_address="Almaty, Abai 10", phone="+7 727 000 01 01",
                       office_hours="Mon–Fri 9–18"),
        BailiffFactory(region=region("KZ-75"), full_name="Daniyar Seitkali", licence_number="75-000102"),
    ]


@pytest.fixture
def astana(db):
    return BailiffFactory(region=region("KZ-71"), full_name="Yerlan Omarov", licence_number="71-000201")
