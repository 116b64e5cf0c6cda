"""What the inspection pages share: who is staff here, the inspection page's context and how a form that failed
is shown again on it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chamber_portal.core.access import acts_for_chamber
from chamber_portal.core.models import User
from complaints.models import DisciplinaryCase
from intake.views.common import add_problems

from ..forms import AddCaseForm, CompleteForm, FindingForm, ObjectionForm, StartForm
from ..models import Inspection, InspectionStatus, SampleSource

STAFF = ("staff", "admin")
STAFF_AND_BAILIFF = ("staff", "admin", "bailiff")

NOT_RECORDED = _("Nothing was recorded: please correct the marked fields.")



def problems_of(error: ValidationError) -> dict:
    return error.message_dict if hasattr(error, "error_dict") else {None: error.messages}


def show_problems(form, error: ValidationError) -> None:
    add_problems(form, problems_of(error))


def referral_url(user: User, case: DisciplinaryCase | None) -> str:
    """Where the disciplinary case opened on the act is read: the complaints module's page once it has one,
    else the administration for those who may use it."""
    if case is None:
        return ""
    try:
        return reverse("complaints:disciplinary_case_detail", args=[case.pk])
    except NoReverseMatch:
        pass
    if user.is_staff:
        return reverse("admin:complaints_disciplinarycase_change", args=[case.pk])
    return ""


def objections_open(inspection: Inspection) -> bool:
    return (inspection.status == InspectionStatus.COMPLETED and inspection.objection_due is not None
            and timezone.localdate() <= inspection.objection_due)


def detail_context(request, inspection: Inspection, bound: dict | None = None) -> dict:
    """The order, the sample, the findings, the act's outcome and measures, the objections; and the forms the
    user may use now. `bound`: forms (by prefix) a view could not process, shown with what was typed."""
    user, bound = request.user, bound or {}
    staff = acts_for_chamber(user)
    status = inspection.status
    completed = status == InspectionStatus.COMPLETED
    cases = list(inspection.cases.select_related("application"))
    context = {
        "inspection": inspection,
        "staff": staff,
        "cases": cases,
        "drawn_count": sum(1 for c in cases if c.source == SampleSource.RANDOM),
        "added_count": sum(1 for c in cases if c.source == SampleSource.ADDED),
        "inspectors": list(inspection.inspectors.select_related("region").order_by("full_name", "username")),
        "complaints": list(inspection.complaints.select_related("application").order_by("filed_at", "id")),
        "objections": list(inspection.objections.select_related("filed_by")),
        "referral_url": referral_url(user, inspection.referral),
        # The bailiff reads the findings once the act is complete.
        "show_findings": staff or completed,
        "objections_open": objections_open(inspection),
    }
    if staff:
        if status == InspectionStatus.ORDERED:
            context["start_form"] = bound.get("start") or StartForm(prefix="start",
                                                                    initial={"on": timezone.localdate()})
        if status in (InspectionStatus.ORDERED, InspectionStatus.IN_PROGRESS):
            context["add_case_form"] = bound.get("add") or AddCaseForm(prefix="add", user=user)
        if status == InspectionStatus.IN_PROGRESS:
            for case in cases:
                prefix = f"case-{case.pk}"
                case.form = bound.get(prefix) or FindingForm(prefix=prefix, initial=FindingForm.initial_for(case))
            context["complete_form"] = bound.get("complete") or CompleteForm(
                prefix="complete", initial={"completed_on": timezone.localdate()})
        context["may_carry_out"] = (completed and inspection.petition_suspend and not inspection.petition_outcome
                                    and inspection.petition_carried_out_on is None)
    elif user.is_bailiff and context["objections_open"]:
        context["objection_form"] = bound.get("objection") or ObjectionForm(prefix="objection")
    return context


def show_again(request, inspection: Inspection, bound: dict):
    """A form failed: the inspection page again, with the form's errors and what was typed, and a 400."""
    messages.error(request, NOT_RECORDED)
    return render(request, "inspections/inspection_detail.html", detail_context(request, inspection, bound),
                  status=400)
