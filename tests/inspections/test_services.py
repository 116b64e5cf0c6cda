"""Inspections through the services: the order and its reproducible sample, the act, objections, measures."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from bailiffs.models import BailiffStatus
from chamber_portal.core.errors import TransitionError
from complaints.models import DisciplinaryCase
from complaints.services import complaint_decide, complaint_file
from inspections.models import InspectionStatus, SampleSource
from inspections.selectors import inspection_candidates
from inspections.services import (
    inspection_complete,
    inspection_object,
    inspection_order,
    inspection_petition_carry_out,
    inspection_petition_outcome,
    inspection_record_finding,
    inspection_start,
)
from inspections.services.lifecycle import MEASURES_NEED_VIOLATIONS, OBJECTIONS_CLOSED
from inspections.services.sample import draw, sample_candidates
from tests.factories import AssignedApplicationFactory

pytestmark = pytest.mark.django_db


def _order(bailiff, staff, **kwargs):
    today = timezone.localdate()
    values = dict(bailiff=bailiff, by=staff, grounds=["own_initiative"], order_number="INS-1/2026",
                  ordered_on=today, inspectors=[staff], period_from=today - timedelta(days=30), period_to=today,
                  planned_start=today, planned_end=today + timedelta(days=10), sample_size=2)
    values.update(kwargs)
    return inspection_order(**values)


def _completed(inspection, staff, **measures):
    inspection_start(inspection=inspection, by=staff)
    return inspection_complete(inspection=inspection, by=staff, completed_on=timezone.localdate(),
                               outcome="violations_found", findings="Initiation late on 2 of 3 cases.", **measures)


def test_an_order_draws_a_reproducible_random_sample_and_keeps_the_cases_staff_add(bailiffs, almaty_staff):
    cases = [AssignedApplicationFactory() for _ in range(12)]
    bailiff = bailiffs[0]
    mine = [c for c in cases if c.assigned_bailiff == bailiff]
    inspection = _order(bailiff, almaty_staff, sample_size=2, seed=424242, added_cases=[mine[-1]])
    drawn = [c.application_id for c in inspection.cases.filter(source=SampleSource.RANDOM)]
    today = timezone.localdate()
    assert drawn == draw(sample_candidates(bailiff.pk, today - timedelta(days=30), today), 2, 424242)
    assert len(drawn) == 2 and set(drawn) <= {c.pk for c in mine}
    assert inspection.cases.count() == 2 + (mine[-1].pk not in drawn)


def test_an_order_with_bad_dates_or_someone_elses_case_is_refused_at_the_fields(bailiffs, almaty_staff):
    other_case = AssignedApplicationFactory()
    stranger = next(b for b in bailiffs if b != other_case.assigned_bailiff)
    today = timezone.localdate()
    with pytest.raises(ValidationError) as error:
        _order(stranger, almaty_staff, period_from=today, period_to=today - timedelta(days=1),
               inspectors=[], grounds=["gossip"], added_cases=[other_case])
    assert set(error.value.message_dict) == {"period_to", "inspectors", "grounds", "cases"}


def test_staff_of_another_region_cannot_order(bailiffs, astana_staff):
    with pytest.raises(PermissionDenied):
        _order(bailiffs[0], astana_staff, inspectors=[astana_staff])


def test_a_referral_opens_a_disciplinary_case_in_the_complaints_module(bailiffs, almaty_staff):
    inspection = _completed(_order(bailiffs[0], almaty_staff), almaty_staff, warning=True, refer=True)
    case = DisciplinaryCase.objects.get()
    assert inspection.referral == case and case.bailiff == bailiffs[0]
    assert case.source == "inspection" and "INS-1/2026" in case.source_reference
    assert case.status == "open" and case.grounds == "Initiation late on 2 of 3 cases."


def test_the_licensors_order_on_the_petition_suspends_the_licence_and_redistributes_the_open_cases(
    bailiffs, almaty_staff, django_capture_on_commit_callbacks,
):
    cases = [AssignedApplicationFactory() for _ in range(6)]
    target = bailiffs[0]
    held = [c.pk for c in cases if c.assigned_bailiff == target]
    inspection = _completed(_order(target, almaty_staff), almaty_staff, petition_suspend=True)
    with django_capture_on_commit_callbacks(execute=True):
        inspection_petition_outcome(inspection=inspection, by=almaty_staff, outcome="granted",
                                    order_reference="MJ 501 of 02.12")
    target.refresh_from_db()
    assert target.status == BailiffStatus.SUSPENDED
    assert target.status_changes.get().order_reference == "MJ 501 of 02.12"
    from intake.models import Application

    moved = Application.objects.filter(pk__in=held)
    assert held and all(a.assigned_bailiff_id not in (None, target.pk) for a in moved)
    with pytest.raises(TransitionError):
        inspection_petition_carry_out(inspection=inspection, by=almaty_staff, order_reference="MJ 502")


def test_measures_follow_only_violations(bailiffs, almaty_staff):
    inspection = _order(bailiffs[0], almaty_staff)
    inspection_start(inspection=inspection, by=almaty_staff)
    with pytest.raises(ValidationError) as error:
        inspection_complete(inspection=inspection, by=almaty_staff, completed_on=timezone.localdate(),
                            outcome="no_violations", findings="", warning=True)
    assert error.value.message_dict["outcome"] == [str(MEASURES_NEED_VIOLATIONS)]


def test_the_bailiff_objects_within_the_period_only(bailiffs, almaty_staff, time_machine):
    inspection = _completed(_order(bailiffs[0], almaty_staff), almaty_staff)
    assert inspection.status == InspectionStatus.COMPLETED and inspection.objection_due > timezone.localdate()
    with pytest.raises(PermissionDenied):
        inspection_object(inspection=inspection, by=almaty_staff, text="No")
    inspection_object(inspection=inspection, by=bailiffs[0].user, text="The debtor hid his assets.")
    time_machine.move_to(timezone.now() + timedelta(days=30))
    with pytest.raises(TransitionError) as closed:
        inspection_object(inspection=inspection, by=bailiffs[0].user, text="Late")
    assert closed.value.message == OBJECTIONS_CLOSED % {"date": inspection.objection_due.strftime("%d.%m.%Y")}


def test_findings_are_recorded_per_case_while_in_progress(bailiffs, almaty_staff):
    [AssignedApplicationFactory() for _ in range(3)]
    inspection = _order(bailiffs[0], almaty_staff, sample_size=1)
    case = inspection.cases.get()
    with pytest.raises(TransitionError):
        inspection_record_finding(case=case, by=almaty_staff, finding="x", violation=True)
    inspection_start(inspection=inspection, by=almaty_staff)
    inspection_record_finding(case=case, by=almaty_staff, finding="Initiated on day 5", violation=True)
    case.refresh_from_db()
    assert case.violation is True


def test_the_candidate_list_shows_bailiffs_past_a_threshold_with_their_figures(bailiffs, almaty_staff, settings):
    settings.INSPECTION_CANDIDATE_COMPLAINTS = 2
    cases = [AssignedApplicationFactory() for _ in range(6)]
    target = bailiffs[0]
    mine = [c for c in cases if c.assigned_bailiff == target]
    today = timezone.localdate()
    for application in mine:
        complaint_file(application=application, by=application.lawyer, ground="delay", description="Slow")
    complaint = target.complaints.first()
    complaint_decide(complaint=complaint, by=almaty_staff, outcome="breach_confirmed", decision_date=today,
                     document_reference="DC-1")
    rows = list(inspection_candidates(almaty_staff, since=today - timedelta(days=7), until=today))
    assert [r.pk for r in rows] == [target.pk]
    assert (rows[0].complaints_count, rows[0].breaches_count, rows[0].overdue_initiations_count) == (2, 1, 0)


def test_adding_a_case_already_in_the_sample_writes_nothing_and_a_new_one_writes_its_event(bailiffs, almaty_staff):
    from chamber_portal.core.models import AuditEvent
    from inspections.services import inspection_add_case

    cases = [AssignedApplicationFactory() for _ in range(6)]
    bailiff = bailiffs[0]
    mine = [c for c in cases if c.assigned_bailiff == bailiff]
    inspection = _order(bailiff, almaty_staff, sample_size=1, seed=7)
    in_sample = inspection.cases.get().application
    outside = next(c for c in mine if c.pk != in_sample.pk)
    events = AuditEvent.objects.filter(object_id=str(inspection.pk), kind="case_added")

    inspection_add_case(inspection=inspection, application=in_sample, by=almaty_staff)
    assert (inspection.cases.count(), events.count()) == (1, 0)
    inspection_add_case(inspection=inspection, application=outside, by=almaty_staff)
    inspection_add_case(inspection=inspection, application=outside, by=almaty_staff)  # a second click
    assert (inspection.cases.count(), events.count()) == (2, 1)
