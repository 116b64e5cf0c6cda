"""Ordering an inspection: the form (filled in from the candidates page when it links here) and the complaint
choices that follow the chosen bailiff (htmx)."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import ngettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from chamber_portal.core.access import role_required

from ..forms import InspectionOrderForm
from ..services import inspection_order as order_inspection
from .common import NOT_RECORDED, STAFF, show_problems

ORDERED = ngettext_lazy(
    "Inspection № %(number)s is ordered: %(drawn)s case drawn at random (seed %(seed)s), %(added)s added.",
    "Inspection № %(number)s is ordered: %(drawn)s cases drawn at random (seed %(seed)s), %(added)s added.", "drawn")


def _ints(values: list[str]) -> list[int]:
    return [int(v) for v in values if v.strip().isascii() and v.strip().isdigit()]


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def prefill(user, query) -> dict:
    """The defaults, overridden by what a link carries: `bailiff`, `grounds`, `complaints`, `period_from`,
    `period_to`, `grounds_note` (the candidates page builds such links)."""
    initial = InspectionOrderForm.defaults(user)
    if query.get("bailiff", "").isascii() and query.get("bailiff", "").isdigit():
        initial["bailiff"] = int(query["bailiff"])
    if query.getlist("grounds"):
        initial["grounds"] = query.getlist("grounds")
    if query.getlist("complaints"):
        initial["complaints"] = _ints(query.getlist("complaints"))
    for name in ("period_from", "period_to"):
        if _day(query.get(name)):
            initial[name] = _day(query.get(name))
    if query.get("grounds_note"):
        initial["grounds_note"] = query["grounds_note"][:5000]
    return initial


@role_required(*STAFF)
@require_http_methods(["GET", "POST"])
def inspection_order(request):
    user = request.user
    if request.method == "GET":
        form = InspectionOrderForm(user=user, initial=prefill(user, request.GET))
        return render(request, "inspections/order_form.html", {"form": form})
    form = InspectionOrderForm(request.POST, user=user)
    if form.is_valid():
        data = form.cleaned_data
        try:
            inspection = order_inspection(
                bailiff=data["bailiff"], by=user, grounds=data["grounds"], grounds_note=data["grounds_note"],
                complaints=list(data["complaints"]), order_number=data["order_number"],
                ordered_on=data["ordered_on"], inspectors=list(data["inspectors"]), period_from=data["period_from"],
                period_to=data["period_to"], planned_start=data["planned_start"], planned_end=data["planned_end"],
                sample_size=data["sample_size"] or 0, added_cases=data["cases"],
            )
        except PermissionDenied as error:
            raise Http404 from error
        except ValidationError as error:
            show_problems(form, error)
        else:
            sources = [case.source for case in inspection.cases.all()]
            messages.success(request, ORDERED % {
                "number": inspection.order_number, "drawn": sources.count("random"), "added": sources.count("added"),
                "seed": inspection.sample_seed,
            })
            return redirect("inspections:inspection_detail", pk=inspection.pk)
    messages.error(request, NOT_RECORDED)
    return render(request, "inspections/order_form.html", {"form": form}, status=400)


@role_required(*STAFF)
@require_GET
def complaint_choices(request):
    """The complaints about the bailiff just chosen in the order form (htmx swaps them in)."""
    form = InspectionOrderForm(user=request.user, initial={"bailiff": request.GET.get("bailiff")})
    return render(request, "inspections/_complaints_field.html", {"field": form["complaints"]})
