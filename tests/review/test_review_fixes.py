"""Defects a review found, each pinned by a test: access to draft findings, measures on a licence that is not
active, decisions dated before the complaint, audit of every cancelled request, actions before initiation,
and bad query strings that used to answer 500."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from assignment.services import case_acknowledge, case_action_record, case_initiate
from assignment.services.workspace import DATE_BEFORE_INITIATION
from bailiffs.models import BailiffStatus
from bailiffs.services import bailiff_set_status
from chamber_portal.core.errors import TransitionError
from chamber_portal.core.models import AuditEvent
from complaints.models import CancelReason, Reassignment
from complaints.services import complaint_decide, complaint_file
from complaints.services.decisions import DECIDED_BEFORE_FILED
from inspections.services import (
    inspection_complete,
    inspection_order,
    inspection_petition_carry_out,
    inspection_record_finding,
    inspection_start,
)
from tests.factories import AssignedApplicationFactory, BailiffFactory, UserFactory, region

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return UserFactory(role="staff", region=region("KZ-75"))


@pytest.fixture
def bailiffs():
    return [BailiffFactory(region=region("KZ-75")) for _ in range(2)]


def _inspection(bailiff, staff, **kwargs):
    today = timezone.localdate()
    return inspection_order(bailiff=bailiff, by=staff, grounds=["media"], order_number="INS-9", ordered_on=today,
                            inspectors=[staff], period_from=today - timedelta(days=5), period_to=today,
                            planned_start=today, planned_end=today, **kwargs)


def test_the_bailiff_reads_no_draft_finding_through_the_api_before_the_act(client, bailiffs, staff):
    case = AssignedApplicationFactory()
    inspection = _inspection(case.assigned_bailiff, staff, added_cases=[case])
    inspection_start(inspection=inspection, by=staff)
    inspection_record_finding(case=inspection.cases.get(), by=staff, finding="Draft: late", violation=True)
    client.force_login(case.assigned_bailiff.user)
    url = f"/api/v1/inspections/{inspection.pk}/"
    row = client.get(url).json()["cases"][0]
    assert (row["finding"], row["violation"]) == (None, None)
    inspection_complete(inspection=inspection, by=staff, completed_on=timezone.localdate(),
                        outcome="violations_found", findings="Late")
    row = client.get(url).json()["cases"][0]
    assert (row["finding"], row["violation"]) == ("Draft: late", True)


def test_a_petition_does_not_downgrade_a_terminated_licence(bailiffs, staff):
    inspection = _inspection(bailiffs[0], staff)
    inspection_start(inspection=inspection, by=staff)
    inspection_complete(inspection=inspection, by=staff, completed_on=timezone.localdate(),
                        outcome="violations_found", findings="Gross", petition_suspend=True)
    bailiff_set_status(bailiff=bailiffs[0], status=BailiffStatus.TERMINATED, effective_on=timezone.localdate(),
                       reason="Licence revoked", order_reference="MJ 9", by=staff)
    with pytest.raises(TransitionError) as refused:
        inspection_petition_carry_out(inspection=inspection, by=staff)
    assert refused.value.code == "not_active"
    bailiffs[0].refresh_from_db()
    assert bailiffs[0].status == BailiffStatus.TERMINATED


def test_a_decision_cannot_predate_the_complaint_and_deciding_at_once_records_the_review(bailiffs, staff):
    case = AssignedApplicationFactory()
    complaint = complaint_file(application=case, by=case.lawyer, ground="delay", description="Slow",
                               request_new_bailiff=True)
    with pytest.raises(ValidationError) as error:
        complaint_decide(complaint=complaint, by=staff, outcome="breach_confirmed",
                         decision_date=timezone.localdate() - timedelta(days=400), document_reference="DC")
    assert error.value.message_dict["decision_date"] == [str(DECIDED_BEFORE_FILED)]
    complaint_decide(complaint=complaint, by=staff, outcome="no_breach", decision_date=timezone.localdate(),
                     document_reference="DC")
    kinds = list(AuditEvent.objects.filter(object_id=str(complaint.pk), content_type__model="complaint")
                 .order_by("id").values_list("kind", "to_state"))
    assert kinds == [("filed", "filed"), ("taken", "under_review"), ("decided", "decided")]
    held = Reassignment.objects.get(complaint=complaint)
    assert held.cancel_reason == CancelReason.NO_BREACH  # a code, shown in each reader's language
    assert AuditEvent.objects.filter(object_id=str(held.pk), content_type__model="reassignment",
                                     kind="cancelled").exists()


def test_an_action_cannot_predate_the_initiation(bailiffs, time_machine):
    case = AssignedApplicationFactory()
    user = case.assigned_bailiff.user
    case_acknowledge(application=case, by=user)
    time_machine.move_to(timezone.now() + timedelta(days=2))
    case_initiate(application=case, by=user, decision_number="1", decision_date=timezone.localdate())
    with pytest.raises(ValidationError) as error:
        case_action_record(application=case, by=user, kind="notice", date=timezone.localdate() - timedelta(days=1))
    initiated = timezone.localdate().strftime("%d.%m.%Y")
    assert error.value.message_dict["date"] == [DATE_BEFORE_INITIATION % {"date": initiated}]


@pytest.mark.parametrize(("method", "url", "data"), [
    ("get", "/inspections/new/?bailiff=%C2%B2&complaints=%C2%B2", None),
    ("post", "/notifications/read/", {"id": "²"}),
    ("get", "/reports/monthly/?month=9999-12", None),
    ("get", "/dashboard/?since=9999-12-31", None),
    ("get", "/api/v1/inspection-candidates/?until=0001-01-01", None),
])
def test_odd_input_is_never_a_500(client, staff, method, url, data):
    client.force_login(staff)
    response = getattr(client, method)(url, data) if data else getattr(client, method)(url)
    assert response.status_code < 500
