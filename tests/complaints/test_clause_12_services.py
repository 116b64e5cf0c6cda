"""Clause 12 through the services: the hold, the decision's entry into force, the release by the rotation."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from assignment.models import Reason
from assignment.services import application_redistribute
from chamber_portal.core.errors import TransitionError
from complaints.models import AppealStatus, Complaint, ComplaintStatus, Reassignment, ReassignmentStatus
from complaints.services import (
    breach_decision_appeal,
    breach_decision_appeal_decide,
    breach_decision_register,
    complaint_decide,
    complaint_explain,
    complaint_file,
    complaint_take,
    handover_record,
    reassignment_release,
    reassignments_release_due,
)
from complaints.services.complaints import ALREADY_REQUESTED
from tests.factories import AssignedApplicationFactory, registry_shows

pytestmark = pytest.mark.django_db


def _complain(application, **kwargs):
    return complaint_file(application=application, by=application.lawyer, ground="inaction",
                          description="No action for a month.", request_new_bailiff=True, **kwargs)


def test_a_requested_change_of_bailiff_is_held_until_the_breach_decision_is_in_force(bailiffs, almaty_staff):
    application = AssignedApplicationFactory()
    first = application.assigned_bailiff
    complaint = _complain(application)
    held = Reassignment.objects.get(complaint=complaint)
    assert held.status == ReassignmentStatus.HELD and held.bailiff == first
    today = timezone.localdate()
    complaint_decide(complaint=complaint, by=almaty_staff, outcome="breach_confirmed", decision_date=today,
                     effective_on=today + timedelta(days=10), document_reference="DC-7/2026")
    with pytest.raises(TransitionError) as refused:
        reassignment_release(reassignment=held, by=almaty_staff)
    assert refused.value.code == "breach_decision_not_in_force"
    assert reassignments_release_due() == 0
    application.refresh_from_db()
    assert application.assigned_bailiff == first

    assert reassignments_release_due(today=today + timedelta(days=10)) == 1
    application.refresh_from_db()
    held.refresh_from_db()
    assert held.status == ReassignmentStatus.RELEASED
    assert application.status == "assigned" and application.assigned_bailiff not in (None, first)
    assert held.new_bailiff == application.assigned_bailiff
    decision = application.decisions.first()
    assert decision.reason == Reason.BREACH_CONFIRMED
    assert {"bailiff": first.pk, "name": first.full_name, "reason": "in_breach"} in decision.excluded


def test_no_direct_service_call_gets_around_the_hold(bailiffs, almaty_staff):
    application = AssignedApplicationFactory()
    complaint = _complain(application)
    with pytest.raises(TransitionError) as refused:
        application_redistribute(application=application, reason=Reason.BREACH_CONFIRMED, by=almaty_staff)
    assert refused.value.code == "breach_decision_not_in_force"
    today = timezone.localdate()
    complaint_decide(complaint=complaint, by=almaty_staff, outcome="breach_confirmed", decision_date=today,
                     document_reference="DC-8/2026")  # in force after the appeal period
    with pytest.raises(TransitionError):
        application_redistribute(application=application, reason=Reason.BREACH_CONFIRMED, by=almaty_staff)
    assert application_redistribute(application=application, reason=Reason.BREACH_CONFIRMED, by=almaty_staff,
                                     today=today + timedelta(days=30)) is not None


def test_an_appeal_holds_the_decision_and_its_dismissal_sets_the_date(bailiffs, almaty_staff):
    application = AssignedApplicationFactory()
    complaint = _complain(application)
    Complaint.objects.filter(pk=complaint.pk).update(filed_at=timezone.now() - timedelta(days=45))  # filed earlier
    today = timezone.localdate()
    complaint_decide(complaint=complaint, by=almaty_staff, outcome="breach_confirmed",
                     decision_date=today - timedelta(days=40), effective_on=today - timedelta(days=10),
                     document_reference="DC-9/2026")
    decision = complaint.breach_decision
    breach_decision_appeal(decision=decision, by=almaty_staff, filed_on=today - timedelta(days=20))
    assert reassignments_release_due() == 0
    breach_decision_appeal_decide(decision=decision, by=almaty_staff, upheld=False, decided_on=today)
    decision.refresh_from_db()
    assert (decision.appeal_status, decision.effective_on) == (AppealStatus.DISMISSED, today)
    assert reassignments_release_due() == 1


def test_an_upheld_appeal_or_no_breach_cancels_the_held_reassignment(bailiffs, almaty_staff):
    first, second = AssignedApplicationFactory(), AssignedApplicationFactory()
    today = timezone.localdate()
    c1, c2 = _complain(first), _complain(second)
    complaint_decide(complaint=c1, by=almaty_staff, outcome="no_breach", decision_date=today,
                     document_reference="DC-1")
    complaint_decide(complaint=c2, by=almaty_staff, outcome="breach_confirmed", decision_date=today,
                     effective_on=today, document_reference="DC-2")
    breach_decision_appeal(decision=c2.breach_decision, by=almaty_staff, filed_on=today)
    breach_decision_appeal_decide(decision=c2.breach_decision, by=almaty_staff, upheld=True, decided_on=today)
    assert set(Reassignment.objects.values_list("status", flat=True)) == {ReassignmentStatus.CANCELLED}
    with pytest.raises(TransitionError):
        application_redistribute(application=second, reason=Reason.BREACH_CONFIRMED, by=almaty_staff)


def test_a_court_decision_without_a_complaint_holds_and_releases_the_case(bailiffs, almaty_staff):
    application = AssignedApplicationFactory()
    first = application.assigned_bailiff
    today = timezone.localdate()
    breach_decision_register(application=application, bailiff=first, by=almaty_staff, body="court",
                             decision_date=today - timedelta(days=5), effective_on=today + timedelta(days=3),
                             document_reference="2-1234/2026")
    held = Reassignment.objects.get(application=application)
    assert held.status == ReassignmentStatus.HELD and held.decision is not None
    with time_machine.travel(timezone.now() + timedelta(days=3)):
        assert reassignments_release_due() == 1
    application.refresh_from_db()
    assert application.assigned_bailiff != first


def test_a_court_decision_needs_its_date_of_entry_into_force_and_a_bailiff_who_held_the_case(bailiffs,
                                                                                            almaty_staff):
    application = AssignedApplicationFactory()
    stranger = [b for b in bailiffs if b != application.assigned_bailiff][0]
    with pytest.raises(ValidationError) as error:
        breach_decision_register(application=application, bailiff=stranger, by=almaty_staff, body="court",
                                 decision_date=timezone.localdate(), effective_on=None, document_reference="x")
    assert "effective_on" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        breach_decision_register(application=application, bailiff=stranger, by=almaty_staff, body="court",
                                 decision_date=timezone.localdate(), effective_on=timezone.localdate(),
                                 document_reference="x")
    assert "bailiff" in error.value.message_dict


def test_only_one_change_of_bailiff_is_held_at_a_time_and_staff_of_another_region_cannot_decide(
    bailiffs, almaty_staff, astana_staff,
):
    application = AssignedApplicationFactory()
    complaint = _complain(application)
    with pytest.raises(TransitionError) as refused:
        _complain(application)
    assert refused.value.message == ALREADY_REQUESTED
    with pytest.raises(PermissionDenied):
        complaint_take(complaint=complaint, by=astana_staff)
    complaint_take(complaint=complaint, by=almaty_staff)
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.UNDER_REVIEW and complaint.owner == almaty_staff


def test_the_bailiff_explains_and_the_file_is_handed_over_step_by_step(bailiffs, almaty_staff):
    application = AssignedApplicationFactory()
    complaint = _complain(application)
    complaint_explain(complaint=complaint, by=application.assigned_bailiff.user, explanation="The debtor hid.")
    today = timezone.localdate()
    complaint_decide(complaint=complaint, by=almaty_staff, outcome="breach_confirmed", decision_date=today,
                     effective_on=today, document_reference="DC-3")
    held = Reassignment.objects.get(complaint=complaint)
    reassignment_release(reassignment=held, by=almaty_staff)
    with pytest.raises(ValidationError):
        handover_record(reassignment=held, by=almaty_staff, step="to_new_bailiff", on=today)
    handover_record(reassignment=held, by=almaty_staff, step="to_chamber", on=today)
    handover_record(reassignment=held, by=almaty_staff, step="to_new_bailiff", on=today)
    held.refresh_from_db()
    assert held.file_to_chamber_on == held.file_to_new_bailiff_on == today


def test_a_case_moved_for_another_reason_makes_the_held_request_moot(bailiffs, almaty_staff):
    application = AssignedApplicationFactory()
    complaint = _complain(application)
    registry_shows(application.assigned_bailiff, Reason.LICENCE_SUSPENDED)
    application_redistribute(application=application, reason=Reason.LICENCE_SUSPENDED, by=almaty_staff)
    held = Reassignment.objects.get(complaint=complaint)
    assert held.status == ReassignmentStatus.CANCELLED and held.cancel_reason


def test_the_held_request_says_when_its_decision_is_in_force(bailiffs, almaty_staff):
    from complaints.services import hold_explanation
    from complaints.services.reassignments import IN_FORCE_RELEASING, NOT_IN_FORCE_YET

    application = AssignedApplicationFactory()
    complaint = _complain(application)
    today = timezone.localdate()
    complaint_decide(complaint=complaint, by=almaty_staff, outcome="breach_confirmed", decision_date=today,
                     effective_on=today + timedelta(days=2), document_reference="DC-4")
    held = Reassignment.objects.get(complaint=complaint)
    date = (today + timedelta(days=2)).strftime("%d.%m.%Y")
    assert hold_explanation(held) == str(NOT_IN_FORCE_YET) % {"date": date}
    assert hold_explanation(held, today + timedelta(days=2)) == str(IN_FORCE_RELEASING) % {"date": date}


def test_the_figures_count_complaints_per_bailiff_and_region_and_time_to_decision(bailiffs, almaty_staff,
                                                                                 time_machine):
    from complaints.selectors import complaint_figures, complaints_visible_to

    first, second = AssignedApplicationFactory(), AssignedApplicationFactory()
    c1 = _complain(first)
    complaint_file(application=second, by=second.lawyer, ground="delay", description="Slow")
    time_machine.move_to(timezone.now() + timedelta(days=4))
    complaint_decide(complaint=c1, by=almaty_staff, outcome="breach_confirmed", decision_date=timezone.localdate(),
                     document_reference="DC-5")
    figures = complaint_figures(complaints_visible_to(almaty_staff))
    assert (figures.total, figures.decided, figures.by_outcome) == (2, 1, {"breach_confirmed": 1})
    assert figures.median_days_to_decision == 4.0
    assert figures.per_region == [{"region__code": "KZ-75", "complaints": 2, "breaches": 1}]
    assert {row["bailiff_id"]: row["complaints"] for row in figures.per_bailiff} == {
        first.assigned_bailiff_id: 1, second.assigned_bailiff_id: 1}
