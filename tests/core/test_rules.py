"""chamber_portal/core/access.py: "staff of the region or national", its predicate and its queryset twin give the
same answer on the same users (real PostgreSQL rows)."""

import pytest
from django.core.exceptions import PermissionDenied

from chamber_portal.core.access import require_region_staff, staff_of_region, staff_of_region_q
from chamber_portal.core.models import User
from tests.factories import UserFactory, region

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    almaty, astana = region("KZ-75"), region("KZ-71")
    return {
        "almaty_staff": UserFactory(role="staff", region=almaty, username="rules.staff.almaty"),
        "astana_staff": UserFactory(role="staff", region=astana, username="rules.staff.astana"),
        "national_staff": UserFactory(role="staff", username="rules.staff.national"),
        "administrator": UserFactory(role="admin", username="rules.admin"),
        "almaty_bailiff": UserFactory(role="bailiff", region=almaty, username="rules.bailiff.almaty"),
        "lawyer": UserFactory(role="lawyer", username="rules.lawyer"),
    }


def _both(region_id: int) -> set[str]:
    """Who is staff of the region, asserting first that the predicate and the query agree on every user."""
    by_predicate = {u.username for u in User.objects.all() if staff_of_region(u, region_id)}
    by_query = set(User.objects.filter(staff_of_region_q(region_id)).values_list("username", flat=True))
    assert by_predicate == by_query
    return by_query


def test_the_staff_of_almaty_are_its_own_staff_and_the_national_staff_and_no_one_else(people):
    assert _both(region("KZ-75").pk) == {"rules.staff.almaty", "rules.staff.national"}


def test_an_administrator_a_bailiff_of_the_region_and_a_lawyer_are_not_its_staff(people):
    almaty = region("KZ-75").pk
    for name in ("administrator", "almaty_bailiff", "lawyer"):
        assert not staff_of_region(people[name], almaty)


def test_acting_on_a_region_refuses_staff_of_another_region_and_lets_an_administrator_act(people):
    almaty = region("KZ-75").pk
    for name in ("almaty_staff", "national_staff", "administrator"):
        require_region_staff(almaty, people[name], "no")
    with pytest.raises(PermissionDenied):
        require_region_staff(almaty, people["astana_staff"], "no")
