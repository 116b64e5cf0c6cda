"""The API list renders its rows from .values() (issue 15): its body is byte for byte the one ApplicationOutput gave,
nested parties, nulls, amounts, dates and times in Asia/Almaty included (docs/architecture.md §7)."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.utils import translation
from rest_framework import mixins
from rest_framework.test import APIRequestFactory, force_authenticate

from chamber_portal.core.api_lists import PortalPagination
from intake.api import ApplicationOutput, ApplicationViewSet
from intake.models import Application
from tests.factories import ApplicationFactory, BailiffFactory, UserFactory, region

pytestmark = pytest.mark.django_db

API = "/api/v1/applications/"


class SerializerList(ApplicationViewSet):
    """The list as it was before issue 15: ApplicationOutput(many=True) over model rows."""

    list = mixins.ListModelMixin.list
    pagination_class = PortalPagination


def _body(view_class, user, query=None) -> bytes:
    request = APIRequestFactory().get(API, query or {})
    force_authenticate(request, user=user)
    response = view_class.as_view({"get": "list"})(request)
    assert response.status_code == 200
    response.render()
    return response.content


@pytest.fixture
def rows(lawyer):
    """Every shape a row takes: a bare draft (nulls, blanks), a full submitted one with an amount in tiyn and a
    time after 19:00 UTC (the next day in Almaty), an assigned one with its bailiff."""
    ApplicationFactory(
        lawyer=lawyer, with_documents=False, category="", region=None, document_kind=None, amount_kzt=None,
        decision_date=None, decision_effective_date=None, document_issued_at=None, creditor_kind="",
        creditor_name="", creditor_iin_bin="", debtor_name="", debtor_address="", obligation="",
    )
    ApplicationFactory(
        lawyer=lawyer, with_documents=False, status="submitted", reference="75-2026-000001",
        amount_kzt=Decimal("1250000.5"), original_due=date(2026, 3, 27),
        submitted_at=datetime(2026, 3, 20, 19, 30, 5, 123456, tzinfo=UTC), housing_involved=True,
        sole_dwelling=True, minors_present=True, alimony_share="1/4", obligation="Вернуть «имущество»\n& <ключи>",
        previous_enforcement_ended_on=date(2025, 1, 31), period_restored_by="Определение суда № 2",
    )
    bailiff = BailiffFactory(region=region())
    ApplicationFactory(
        lawyer=lawyer, with_documents=False, status="assigned", reference="75-2026-000002",
        amount_kzt=Decimal("0.00"), assigned_bailiff=bailiff, original_due=date(2026, 3, 30),
        submitted_at=datetime(2026, 3, 21, 4, 0, tzinfo=UTC),
    )
    # created_at is set on insert: one of them at a UTC midnight (+00:00 is where DRF writes "Z", but not in Almaty).
    Application.objects.filter(status="assigned").update(created_at=datetime(2026, 3, 21, 0, 0, tzinfo=UTC))
    return lawyer


@pytest.mark.parametrize("language", ["ru", "kk", "en"])
def test_the_lawyers_list_body_is_the_serializers_byte_for_byte(rows, language):
    with translation.override(language):
        new, old = _body(ApplicationViewSet, rows), _body(SerializerList, rows)
    assert new == old
    assert b'"region":null' in new and b'"amount_kzt":"1250000.50"' in new and b"+05:00" in new


def test_a_staff_list_with_filters_and_pages_is_the_serializers_byte_for_byte(rows):
    staff = UserFactory(role="staff", region=region())
    for query in ({}, {"page_size": 1}, {"page_size": 1, "page": 2}, {"status": "assigned"}):
        assert _body(ApplicationViewSet, staff, query) == _body(SerializerList, staff, query)


def test_every_field_of_the_serializer_is_in_a_row_in_its_order(rows, client):
    client.force_login(rows)
    row = client.get(API).json()["results"][0]
    assert list(row) == ApplicationOutput.Meta.fields
    assert list(row["creditor"]) == ["kind", "name", "iin_bin"]
    assert list(row["debtor"]) == ["kind", "name", "iin_bin", "address"]
