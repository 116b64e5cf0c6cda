"""Clause 12's audit trail: holding a requested change of bailiff is a state change, written with the hold."""

from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from chamber_portal.core.models import AuditEvent
from complaints.audit_events import ComplaintEvent
from complaints.models import Reassignment, ReassignmentStatus
from complaints.services import breach_decision_register, complaint_file
from tests.factories import AssignedApplicationFactory

pytestmark = pytest.mark.django_db


def _events_of(reassignment: Reassignment) -> list[tuple[str, str, str]]:
    return list(AuditEvent.objects.filter(content_type__model="reassignment", object_id=str(reassignment.pk))
                .order_by("id").values_list("kind", "from_state", "to_state"))


def test_the_hold_is_audited_when_a_lawyer_asks_for_another_bailiff_over_http(client, bailiffs):
    application = AssignedApplicationFactory()
    client.force_login(application.lawyer)
    response = client.post("/api/v1/complaints/", {
        "application": application.pk, "ground": "inaction", "description": "No action for a month.",
        "request_new_bailiff": True,
    }, content_type="application/json")
    assert response.status_code == 201, response.content
    held = Reassignment.objects.get(pk=response.json()["reassignment"])
    assert held.status == ReassignmentStatus.HELD
    assert _events_of(held) == [("held", "", "held")]
    event = AuditEvent.objects.get(content_type__model="reassignment", object_id=str(held.pk))
    assert event.actor == application.lawyer
    assert event.data == {"application": application.pk, "bailiff": held.bailiff_id,
                          "complaint": response.json()["id"]}


def test_a_complaint_without_a_request_for_another_bailiff_holds_nothing_and_audits_no_hold(bailiffs):
    application = AssignedApplicationFactory()
    complaint_file(application=application, by=application.lawyer, ground="inaction", description="Slow.")
    assert not Reassignment.objects.exists()
    assert not AuditEvent.objects.filter(kind=ComplaintEvent.HELD).exists()


def test_the_hold_and_its_event_stand_or_fall_together(bailiffs):
    application = AssignedApplicationFactory()
    with mock.patch("complaints.services.complaints.notifications_create", side_effect=RuntimeError("later step")), \
            pytest.raises(RuntimeError):
        complaint_file(application=application, by=application.lawyer, ground="inaction",
                       description="No action for a month.", request_new_bailiff=True)
    assert not Reassignment.objects.exists()
    assert not AuditEvent.objects.filter(kind=ComplaintEvent.HELD).exists()


def test_the_hold_is_audited_for_a_court_decision_registered_by_staff(bailiffs, almaty_staff):
    application = AssignedApplicationFactory()
    today = timezone.localdate()
    decision = breach_decision_register(
        application=application, bailiff=application.assigned_bailiff, by=almaty_staff, body="court",
        decision_date=today - timedelta(days=40), effective_on=today + timedelta(days=5),
        document_reference="2-1234/2026")
    held = Reassignment.objects.get(application=application, status=ReassignmentStatus.HELD)
    assert _events_of(held) == [("held", "", "held")]
    event = AuditEvent.objects.get(content_type__model="reassignment", object_id=str(held.pk))
    assert (event.actor, event.data["decision"]) == (almaty_staff, decision.pk)


def test_a_court_decision_on_a_case_held_already_is_linked_to_the_hold_on_the_record(bailiffs, almaty_staff):
    application = AssignedApplicationFactory()
    complaint = complaint_file(application=application, by=application.lawyer, ground="inaction",
                               description="No action for a month.", request_new_bailiff=True)
    today = timezone.localdate()
    decision = breach_decision_register(
        application=application, bailiff=application.assigned_bailiff, by=almaty_staff, body="court",
        decision_date=today - timedelta(days=40), effective_on=today + timedelta(days=5),
        document_reference="2-1234/2026")
    held = Reassignment.objects.get(complaint=complaint)
    assert held.decision == decision
    assert _events_of(held) == [("held", "", "held"), ("decision_linked", "", "")]
