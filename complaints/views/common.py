"""What the complaint pages share: who is staff here, the complaint page's context, and how a form that failed
is shown again on the page it came from (the complaint page or the case page)."""

import re

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chamber_portal.core.access import acts_for_chamber
from intake.views.common import add_problems, detail_context

from ..clause12 import attach_staff_forms, hold_of
from ..forms import DecideForm, ExplanationForm, TakeForm
from ..models import Complaint
from ..selectors import (
    breach_decisions_visible_to,
    complaint_overdue,
    complaints_visible_to,
    reassignments_visible_to,
)

ALL_ROLES = ("lawyer", "staff", "bailiff", "admin")
STAFF = ("staff", "admin")

NOT_RECORDED = _("Nothing was recorded: please correct the marked fields.")

# Where a form was posted from: the complaint page ("complaint-<id>") or the case page ("case").
ORIGIN = re.compile(r"complaint-(\d+)")



def problems_of(error: ValidationError) -> dict:
    return error.message_dict if hasattr(error, "error_dict") else {None: error.messages}


def show_problems(form, error: ValidationError) -> None:
    add_problems(form, problems_of(error))


def complaint_context(request, complaint: Complaint, bound: dict | None = None) -> dict:
    """Everything filed, the explanation, the decision and the held reassignment; the forms the user may use.
    `bound`: forms (by prefix) a view could not process, shown with their errors and what was typed."""
    user, bound = request.user, bound or {}
    staff = acts_for_chamber(user)
    decisions = list(breach_decisions_visible_to(user).filter(application_id=complaint.application_id,
                                                               bailiff_id=complaint.bailiff_id))
    reassignment = reassignments_visible_to(user).filter(complaint=complaint).first()
    if staff:
        attach_staff_forms(decisions, [reassignment] if reassignment else [], bound)
    context = {
        "complaint": complaint,
        "application": complaint.application,
        "attachments": complaint.attachments.all(),
        "decisions": decisions,
        "reassignment": reassignment,
        "hold": hold_of(reassignment, decisions) if reassignment else None,
        "overdue": complaint_overdue(complaint),
        "staff": staff,
        "origin": f"complaint-{complaint.pk}",
        # The old bailiff no longer sees the case once it went to another.
        "sees_case": not user.is_bailiff or (complaint.application.assigned_bailiff_id is not None
                                             and complaint.application.assigned_bailiff.user_id == user.pk),
    }
    if complaint.is_open and staff:
        context["take_form"] = bound.get("take") or TakeForm(prefix="take", complaint=complaint,
                                                             initial={"owner": complaint.owner_id or user.pk})
        context["decide_form"] = bound.get("decide") or DecideForm(
            prefix="decide", initial={"decision_date": timezone.localdate()})
    if complaint.is_open and user.is_bailiff and complaint.bailiff.user_id == user.pk:
        context["explain_form"] = bound.get("explain") or ExplanationForm(
            prefix="explain", initial={"explanation": complaint.explanation})
    return context


def back(origin: str, application):
    """After an action: to the page the form was on."""
    match = ORIGIN.fullmatch(origin or "")
    if match:
        return redirect("complaints:complaint_detail", pk=int(match[1]))
    return redirect("intake:application_detail", pk=application.pk)


def show_again(request, origin: str, application, bound: dict):
    """A form failed: the page it was on again, with the form's errors and what was typed, and a 400."""
    messages.error(request, NOT_RECORDED)
    match = ORIGIN.fullmatch(origin or "")
    if match:
        complaint = get_object_or_404(complaints_visible_to(request.user), pk=int(match[1]))
        return render(request, "complaints/complaint_detail.html", complaint_context(request, complaint, bound),
                      status=400)
    context = detail_context(request, application)
    context["clause12_forms"] = bound
    return render(request, "intake/application_detail.html", context, status=400)
