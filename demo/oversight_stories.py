"""Demo complaints, a held change of bailiff and inspections, played through the services, so the demo shows
Clause 12, the inspection candidates and an act (idempotent: nothing is played twice)."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from chamber_portal.core.models import User
from complaints.models import Complaint
from complaints.services import complaint_decide, complaint_explain, complaint_file, complaint_take
from inspections.models import Inspection
from inspections.services import inspection_complete, inspection_order, inspection_start
from intake.models import Application, Status

from .applications import notifications_muted

ORDER_NUMBER = "ПР-75/1-2026"


def _open_cases(region_code: str) -> list[Application]:
    return list(
        Application.objects.filter(region__code=region_code, status__in=[Status.ASSIGNED, Status.IN_ENFORCEMENT],
                                   lawyer__username__in=["lawyer", "lawyer2"])
        .select_related("lawyer", "assigned_bailiff__user").order_by("id")
    )


def demo_oversight_seed() -> int:
    """Three complaints in Almaty (one decided with the change of bailiff held until the decision is in force,
    one under review with the bailiff's explanation, one just filed) and two inspections (one completed with
    its act, one in progress). Returns how many records were made."""
    if Complaint.objects.exists() or Inspection.objects.filter(order_number=ORDER_NUMBER).exists():
        return 0
    staff = User.objects.filter(username="staff.almaty").first()
    cases = _open_cases("KZ-75")
    if staff is None or len(cases) < 3:
        return 0
    today = timezone.localdate()
    made = 0
    with notifications_muted(), transaction.atomic():
        held_case, reviewed_case, new_case = cases[:3]
        held = complaint_file(
            application=held_case, by=held_case.lawyer, ground="inaction", request_new_bailiff=True,
            description="За месяц после возбуждения производства не направлено ни одного запроса в банки.",
        )
        complaint_take(complaint=held, by=staff)
        complaint_decide(complaint=held, by=staff, outcome="breach_confirmed", decision_date=today,
                         effective_on=today + timedelta(days=10), document_reference="ДК-75/12-2026",
                         note="Бездействие подтверждено материалами дела.")
        reviewed = complaint_file(application=reviewed_case, by=reviewed_case.lawyer, ground="delay",
                                  description="Постановление о возбуждении не получено в срок.")
        complaint_take(complaint=reviewed, by=staff)
        complaint_explain(complaint=reviewed, by=reviewed_case.assigned_bailiff.user,
                          explanation="Постановление вынесено в срок и направлено взыскателю почтой.")
        complaint_file(application=new_case, by=new_case.lawyer, ground="other",
                       description="Судебный исполнитель не отвечает на звонки и письма.")
        made += 3

        breaching = held_case.assigned_bailiff
        completed = inspection_order(
            bailiff=breaching, by=staff, grounds=["complaints"], complaints=[held], order_number=ORDER_NUMBER,
            ordered_on=today, inspectors=[staff], period_from=today - timedelta(days=60), period_to=today,
            planned_start=today, planned_end=today + timedelta(days=10), sample_size=3, seed=2026,
            grounds_note="Подтверждённое нарушение по жалобе.",
        )
        inspection_start(inspection=completed, by=staff)
        inspection_complete(inspection=completed, by=staff, completed_on=today, outcome="violations_found",
                            findings="Исполнительные действия по делу не совершались более месяца.", warning=True)
        running = inspection_order(
            bailiff=reviewed_case.assigned_bailiff, by=staff, grounds=["own_initiative"],
            order_number="ПР-75/2-2026", ordered_on=today, inspectors=[staff],
            period_from=today - timedelta(days=30), period_to=today, planned_start=today,
            planned_end=today + timedelta(days=5), sample_size=2, seed=7,
        )
        inspection_start(inspection=running, by=staff)
        made += 2
    return made
