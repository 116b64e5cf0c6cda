"""Disciplinary cases opened on a referral (an inspection's act): the commission's docket beside complaints."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bailiffs.models import Bailiff
from chamber_portal.core.audit import audit_record
from chamber_portal.core.errors import TransitionError
from chamber_portal.core.models import User

from ..audit_events import ComplaintEvent
from ..models import CaseSource, DecisionOutcome, DisciplinaryCase, DisciplinaryCaseStatus
from .common import REQUIRED, UNKNOWN_CHOICE, require_region_staff

ALREADY_DECIDED = _("The disciplinary case is already decided.")
DATE_IN_FUTURE = _("The date cannot be in the future.")


@transaction.atomic
def disciplinary_case_open(*, bailiff: Bailiff, by: User, source: str, source_reference: str, grounds: str
                           ) -> DisciplinaryCase:
    require_region_staff(bailiff.region_id, by)
    problems = {}
    if source not in CaseSource.values:
        problems["source"] = [UNKNOWN_CHOICE if source else REQUIRED]
    if not (source_reference or "").strip():
        problems["source_reference"] = [REQUIRED]
    if not (grounds or "").strip():
        problems["grounds"] = [REQUIRED]
    if problems:
        raise ValidationError(problems)
    case = DisciplinaryCase.objects.create(bailiff=bailiff, region_id=bailiff.region_id, source=source,
                                           source_reference=source_reference.strip(), grounds=grounds.strip(),
                                           opened_by=by)
    audit_record(actor=by, obj=case, kind=ComplaintEvent.OPENED, after=case.status,
                 data={"bailiff": bailiff.pk, "source": source, "source_reference": case.source_reference})
    return case


@transaction.atomic
def disciplinary_case_decide(*, case: DisciplinaryCase, by: User, outcome: str, decision_date: date | None,
                             note: str = "") -> DisciplinaryCase:
    case = DisciplinaryCase.objects.select_for_update().get(pk=case.pk)
    require_region_staff(case.region_id, by)
    if case.status == DisciplinaryCaseStatus.DECIDED:
        raise TransitionError(ALREADY_DECIDED, code="already_decided")
    if outcome not in DecisionOutcome.values:
        raise ValidationError({"outcome": [UNKNOWN_CHOICE if outcome else REQUIRED]})
    if decision_date is None:
        raise ValidationError({"decision_date": [REQUIRED]})
    if decision_date > timezone.localdate():
        raise ValidationError({"decision_date": [DATE_IN_FUTURE]})
    before = case.status
    case.status, case.outcome, case.decision_date, case.decision_note = (
        DisciplinaryCaseStatus.DECIDED, outcome, decision_date, (note or "").strip())
    case.save(update_fields=["status", "outcome", "decision_date", "decision_note"])
    audit_record(actor=by, obj=case, kind=ComplaintEvent.DECIDED, before=before, after=case.status,
                 data={"outcome": outcome, "decision_date": decision_date.isoformat()})
    return case
