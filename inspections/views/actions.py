"""One POST view per action, each calling one service: a rule's refusal is a message, a field's problem is shown
at the field on the inspection page, with what was typed. "Not yours" is a 404."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from bailiffs.models import Bailiff
from bailiffs.selectors import bailiffs_with_load
from chamber_portal.core.access import role_required
from chamber_portal.core.errors import TransitionError

from ..forms import AddCaseForm, CompleteForm, FindingForm, ObjectionForm, PetitionForm, StartForm
from ..models import Inspection, InspectionStatus, PetitionOutcome
from ..selectors import inspections_visible_to
from ..services import (
    inspection_add_case,
    inspection_complete,
    inspection_object,
    inspection_petition_outcome,
    inspection_record_finding,
    inspection_start,
)
from ..services.lifecycle import ALREADY_CARRIED_OUT, NO_PETITION
from .common import NOT_RECORDED, STAFF, show_again, show_problems

STARTED = _("The inspection is under way: record a finding on each case.")
CASE_ADDED = _("The case %(reference)s is added to the inspection.")
FINDING_RECORDED = _("The finding on %(reference)s is recorded.")
COMPLETED = _("The act is complete; the bailiff is told and may object by %(date)s.")
REFERRED = _("A disciplinary case is opened on the act.")
OBJECTED = _("Your objections are filed with the act.")
SUSPENDED = _("The licensor's suspension of the licence of %(name)s is recorded; the open cases go to the other "
              "bailiffs of the district by the rotation.")
PETITION_REFUSED = _("The licensor's refusal is recorded: the licence of %(name)s stays in force.")


def _visible(request, pk) -> Inspection:
    return get_object_or_404(inspections_visible_to(request.user), pk=pk)


def _act(request, inspection: Inspection, form, *, call: Callable[[dict], object], success, anchor: str = ""):
    """Run `call` with the parsed form. A rule's refusal goes back with a message; field problems are shown at
    the fields of the inspection page."""
    if form.is_valid():
        try:
            result = call(form.cleaned_data)
        except PermissionDenied as error:  # e.g. the bailiff left the user's region between read and write
            raise Http404 from error
        except TransitionError as error:
            messages.error(request, error.message)
            return redirect("inspections:inspection_detail", pk=inspection.pk)
        except ValidationError as error:
            show_problems(form, error)
        else:
            messages.success(request, success(result) if callable(success) else success)
            return redirect(f"{reverse('inspections:inspection_detail', args=[inspection.pk])}{anchor}")
    return show_again(request, inspection, {form.prefix: form})


@role_required(*STAFF)
@require_POST
def start(request, pk):
    inspection = _visible(request, pk)
    form = StartForm(request.POST, prefix="start")
    return _act(request, inspection, form, success=STARTED,
                call=lambda data: inspection_start(inspection=inspection, by=request.user, on=data["on"]))


@role_required(*STAFF)
@require_POST
def add_case(request, pk):
    inspection = _visible(request, pk)
    form = AddCaseForm(request.POST, prefix="add", user=request.user)
    return _act(
        request, inspection, form,
        success=lambda case: CASE_ADDED % {"reference": case.application.reference},
        call=lambda data: inspection_add_case(inspection=inspection, application=data["application"],
                                              by=request.user),
        anchor="#sample",
    )


@role_required(*STAFF)
@require_POST
def record_finding(request, pk, case_pk):
    inspection = _visible(request, pk)
    case = get_object_or_404(inspection.cases.select_related("application"), pk=case_pk)
    form = FindingForm(request.POST, prefix=f"case-{case.pk}")
    return _act(
        request, inspection, form, success=FINDING_RECORDED % {"reference": case.application.reference},
        call=lambda data: inspection_record_finding(case=case, by=request.user, finding=data["finding"],
                                                    violation=data["violation"]),
        anchor=f"#case-{case.pk}",
    )


def _completed_message(inspection: Inspection) -> str:
    message = COMPLETED % {"date": inspection.objection_due.strftime("%d.%m.%Y")}
    return f"{message} {REFERRED}" if inspection.referral_id else message


@role_required(*STAFF)
@require_POST
def complete(request, pk):
    inspection = _visible(request, pk)
    form = CompleteForm(request.POST, prefix="complete")
    return _act(request, inspection, form, success=_completed_message,
                call=lambda data: inspection_complete(inspection=inspection, by=request.user, **data))


@role_required("bailiff")
@require_POST
def object_to_act(request, pk):
    inspection = _visible(request, pk)
    form = ObjectionForm(request.POST, prefix="objection")
    return _act(request, inspection, form, success=OBJECTED, anchor="#objections",
                call=lambda data: inspection_object(inspection=inspection, by=request.user, text=data["text"]))


@role_required(*STAFF)
@require_http_methods(["GET", "POST"])
def petition(request, pk):
    """Record the licensor's decision on the act's petition: a page that says what follows (granted, the registry
    records the suspension on the licensor's order and the open cases are redistributed), then one action."""
    inspection = _visible(request, pk)
    decided = inspection.petition_outcome or inspection.petition_carried_out_on
    refusal = (NO_PETITION if inspection.status != InspectionStatus.COMPLETED or not inspection.petition_suspend
               else ALREADY_CARRIED_OUT if decided else None)
    if refusal is not None:
        messages.error(request, refusal)
        return redirect("inspections:inspection_detail", pk=inspection.pk)
    if request.method == "POST":
        form = PetitionForm(request.POST, prefix="petition")
        if form.is_valid():
            try:
                inspection_petition_outcome(inspection=inspection, by=request.user, **form.cleaned_data)
            except PermissionDenied as error:
                raise Http404 from error
            except TransitionError as error:
                messages.error(request, error.message)
                return redirect("inspections:inspection_detail", pk=inspection.pk)
            except ValidationError as error:
                show_problems(form, error)
            else:
                granted = form.cleaned_data["outcome"] == PetitionOutcome.GRANTED
                messages.success(request, (SUSPENDED if granted else PETITION_REFUSED) % {
                    "name": inspection.bailiff.full_name})
                return redirect("inspections:inspection_detail", pk=inspection.pk)
        messages.error(request, NOT_RECORDED)
        status = 400
    else:
        form = PetitionForm(prefix="petition", initial={"outcome": PetitionOutcome.GRANTED,
                                                        "decided_on": timezone.localdate()})
        status = 200
    bailiff = bailiffs_with_load(Bailiff.objects.select_related("region").filter(pk=inspection.bailiff_id)).get()
    return render(request, "inspections/petition_confirm.html",
                  {"inspection": inspection, "bailiff": bailiff, "form": form}, status=status)
