"""A small Chamber for the access tests: Almaty (the case's region) and Astana (a foreign one), one user of each
role, and a lawyer's case held by one of two Almaty bailiffs. Every record a service acts on is built on first
use, through the services themselves and by the right actor, so a test pays only for what it touches."""

from datetime import timedelta
from functools import cached_property

from django.utils import timezone

from assignment.models import EnforcementAction
from assignment.services import case_acknowledge, case_action_record, case_initiate
from bailiffs.services import chamber_head_appoint
from complaints.models import Reassignment
from complaints.services import (
    breach_decision_appeal,
    breach_decision_register,
    complaint_decide,
    complaint_file,
    disciplinary_case_open,
    reassignment_release,
)
from inspections.services import inspection_complete, inspection_order, inspection_start
from intake.services.decisions import CHECKLIST
from tests.factories import ApplicationFactory, AssignedApplicationFactory, BailiffFactory, UserFactory, region

# Who may be the caller: the lawyer of the case and another lawyer, the bailiff holding it and another bailiff of
# the region, staff of the case's region and of a foreign one, national staff (no region), an administrator.
ROLES = ["lawyer", "other_lawyer", "bailiff", "other_bailiff", "staff", "foreign_staff", "national_staff", "admin"]
SYSTEM = "system"  # by=None: a task or a management command (chamber_portal.core.access)


class World:
    def __init__(self):
        self.today = timezone.localdate()
        self.almaty, self.astana = region("KZ-75"), region("KZ-71")
        lawyer = UserFactory(role="lawyer", username="w.lawyer")
        bailiffs = [BailiffFactory(region=self.almaty) for _ in range(2)]
        self.case = AssignedApplicationFactory(lawyer=lawyer)
        self.holder = self.case.assigned_bailiff
        self.other = next(b for b in bailiffs if b.pk != self.holder.pk)
        self.users = {
            "lawyer": lawyer,
            "other_lawyer": UserFactory(role="lawyer", username="w.other.lawyer"),
            "bailiff": self.holder.user,
            "other_bailiff": self.other.user,
            "staff": UserFactory(role="staff", region=self.almaty, username="w.staff.almaty"),
            "foreign_staff": UserFactory(role="staff", region=self.astana, username="w.staff.astana"),
            "national_staff": UserFactory(role="staff", username="w.staff.national"),
            "admin": UserFactory(role="admin", username="w.admin", is_staff=True),
        }

    def actor(self, role: str):
        return None if role == SYSTEM else self.users[role]

    @property
    def lawyer(self):
        return self.users["lawyer"]

    @property
    def staff(self):
        return self.users["staff"]

    # --- intake ---------------------------------------------------------------------------------------

    def _application(self, status: str, **kwargs):
        minutes_ago = timezone.now() - timedelta(hours=1)
        return ApplicationFactory(lawyer=self.lawyer, region=self.almaty, status=status, submitted_at=minutes_ago,
                                  original_due=self.today + timedelta(days=10), **kwargs)

    @cached_property
    def draft(self):
        return ApplicationFactory(lawyer=self.lawyer, region=self.almaty)

    @cached_property
    def submitted(self):
        return self._application("submitted", reference="75-0000-900001")

    @cached_property
    def original_received(self):
        return self._application("original_received", reference="75-0000-900002", registry_number="ВХ-1",
                                 original_received_at=timezone.now() - timedelta(minutes=30))

    @cached_property
    def returned(self):
        return self._application("returned", reference="75-0000-900003", return_reason="incomplete",
                                 return_message="Нет доверенности")

    checklist = dict.fromkeys(CHECKLIST, True)

    # --- the bailiff's work ---------------------------------------------------------------------------

    @cached_property
    def acknowledged(self):
        case_acknowledge(application=self.case, by=self.holder.user)
        return self.case

    @cached_property
    def initiated(self):
        case_initiate(application=self.acknowledged, by=self.holder.user, decision_number="ПВ-1",
                      decision_date=self.today)
        return self.case

    @cached_property
    def entry(self) -> EnforcementAction:
        return case_action_record(application=self.initiated, by=self.holder.user, kind="notice", date=self.today,
                                  note="Извещение должнику")

    # --- registry -------------------------------------------------------------------------------------

    @cached_property
    def head(self):
        return chamber_head_appoint(region=self.almaty, bailiff=self.holder, from_date=self.today, by=self.staff)

    @cached_property
    def new_bailiff_user(self):
        return UserFactory(role="bailiff", username="w.new.bailiff")

    # --- complaints -----------------------------------------------------------------------------------

    @cached_property
    def complaint(self):
        return complaint_file(application=self.case, by=self.lawyer, ground="inaction", description="Бездействие",
                              request_new_bailiff=True)

    @cached_property
    def breach_decision(self):
        return breach_decision_register(application=self.case, bailiff=self.holder, by=self.staff, body="court",
                                        decision_date=self.today, effective_on=self.today + timedelta(days=30),
                                        document_reference="2-101/2026", request_reassignment=False)

    @cached_property
    def appealed_decision(self):
        return breach_decision_appeal(decision=self.breach_decision, by=self.staff, filed_on=self.today)

    @cached_property
    def releasable(self) -> Reassignment:
        """The complaint's request for another bailiff, its breach decision in force today (clause 12)."""
        complaint_decide(complaint=self.complaint, by=self.staff, outcome="breach_confirmed",
                         decision_date=self.today, effective_on=self.today, document_reference="ДК-1/2026")
        return Reassignment.objects.get(complaint=self.complaint)

    @cached_property
    def released(self) -> Reassignment:
        reassignment_release(reassignment=self.releasable, by=self.staff)
        return Reassignment.objects.get(pk=self.releasable.pk)

    @cached_property
    def disciplinary_case(self):
        return disciplinary_case_open(bailiff=self.holder, by=self.staff, source="other",
                                      source_reference="Письмо № 5", grounds="Нарушение сроков")

    # --- inspections ----------------------------------------------------------------------------------

    @cached_property
    def inspection(self):
        return inspection_order(bailiff=self.holder, by=self.staff, grounds=["media"], order_number="ПР-1",
                                ordered_on=self.today, inspectors=[self.staff],
                                period_from=self.today - timedelta(days=5), period_to=self.today,
                                planned_start=self.today, planned_end=self.today, added_cases=[self.case])

    @cached_property
    def inspection_in_progress(self):
        return inspection_start(inspection=self.inspection, by=self.staff)

    @cached_property
    def inspection_completed(self):
        return inspection_complete(inspection=self.inspection_in_progress, by=self.staff, completed_on=self.today,
                                   outcome="violations_found", findings="Пропущен срок", petition_suspend=True)
