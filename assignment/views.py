"""Staff pages of distribution: the decision log (with the applications waiting for a bailiff) and the
redistribution of a case."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from chamber_portal.core.access import role_required
from chamber_portal.core.errors import TransitionError
from chamber_portal.core.exports import Column, export_format, export_response, page_query
from chamber_portal.core.forms import BootstrapMixin
from chamber_portal.core.models import Region
from intake.models import Status
from intake.selectors import applications_visible_to

from .api import REDISTRIBUTION_CHOICES, DecisionFilter
from .models import Exclusion, Reason
from .selectors import decisions_visible_to, pending_visible_to
from .services import application_redistribute

STAFF = ("staff", "admin")

# What to do about a refusal, by its code: the service says what is missing, this says where to get it.
NEXT_STEP = {
    "breach_decision_not_in_force": gettext_lazy(
        "Record the disciplinary commission's or the court's decision confirming the breach, with the date it "
        "enters into force. The case can be redistributed under clause 12 from that date."
    ),
    "not_assigned": gettext_lazy("Only an application in the status “assigned” or “in enforcement” can move."),
    "ground_not_established": gettext_lazy(
        "Record the ground in the bailiff's registry first, with the day it takes effect: the licensor's order "
        "suspending or terminating the licence, the exclusion, the pauses of leave or illness, or the transfer. "
        "The case can be redistributed once the registry shows it."
    ),
}


class RedistributeForm(BootstrapMixin, forms.Form):
    reason = forms.ChoiceField(label=gettext_lazy("Lawful reason"), choices=[("", "—"), *REDISTRIBUTION_CHOICES])
    region = forms.ModelChoiceField(
        label=gettext_lazy("New enforcement district"), queryset=Region.objects.all(), to_field_name="code",
        required=False, empty_label="—",
        help_text=gettext_lazy("For a territorial transfer only: the case goes to that district's rotation."),
    )
    note = forms.CharField(
        label=gettext_lazy("Note"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("The order, decision or circumstance, with its number and date."),
    )


def _label(choices, value) -> str:
    return str(choices(value).label) if value in choices.values else value


def _excluded(decision) -> str:
    return "; ".join(f"{entry.get('name', '')}: {_label(Exclusion, entry.get('reason', ''))}"
                     for entry in decision.excluded or [])


# The log's columns: the decision as the page shows it, the exclusions spelled out.
LOG_COLUMNS = [
    Column(gettext_lazy("Time"), lambda d: d.at, width=17),
    Column(gettext_lazy("Application"), lambda d: d.application.reference),
    Column(gettext_lazy("Region"), lambda d: d.region.code, width=10),
    Column(gettext_lazy("Reason"), lambda d: _label(Reason, d.reason), width=40),
    Column(gettext_lazy("Chosen bailiff"), lambda d: d.chosen.full_name, width=30),
    Column(gettext_lazy("Previous bailiff"), lambda d: d.previous_bailiff.full_name if d.previous_bailiff else "",
           width=30),
    Column(gettext_lazy("Turn"), lambda d: d.turn, width=8),
    Column(gettext_lazy("Candidates"), lambda d: len(d.candidates or [])),
    Column(gettext_lazy("Excluded"), _excluded, width=50),
    Column(gettext_lazy("Rule"), lambda d: f"{d.rule} v{d.rule_version}", width=28),
]


@role_required(*STAFF)
@require_GET
def log(request):
    decisions = DecisionFilter(request.GET or None, queryset=decisions_visible_to(request.user), request=request)
    if fmt := export_format(request):
        return export_response(decisions.qs.select_related("previous_bailiff"), LOG_COLUMNS,
                               base_name="distribution-log", fmt=fmt, title=_("Distribution log"))
    page = Paginator(decisions.qs, 50).get_page(request.GET.get("page"))
    return render(request, "assignment/log.html", {
        "filter": decisions,
        "form": decisions.form,
        "page": page,
        "query": page_query(request),
        "pending": pending_visible_to(request.user),
    })


@role_required(*STAFF)
@require_http_methods(["GET", "POST"])
def redistribute(request, pk):
    application = get_object_or_404(applications_visible_to(request.user), pk=pk)
    form = RedistributeForm(request.POST or None)
    refusal = None
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            decision = application_redistribute(application=application, by=request.user, **form.cleaned_data)
        except TransitionError as error:
            refusal = {"message": error.message, "code": error.code, "next_step": NEXT_STEP.get(error.code, "")}
            status = 409
        except ValidationError as error:
            for field, problems in (error.message_dict if hasattr(error, "error_dict") else
                                    {None: error.messages}).items():
                for problem in problems:
                    form.add_error(field if field in form.fields else None, problem)
            status = 400
        else:
            if decision is None:
                messages.warning(request, _(
                    "The case was taken from the bailiff, but no other bailiff of the region is eligible now: it "
                    "waits in the distribution log until one is."))
            else:
                messages.success(request, _("The case is redistributed to %(name)s.") % {
                    "name": decision.chosen.full_name})
            # A territorial transfer takes the case out of a regional chamber's sight: its log shows the decision.
            if not applications_visible_to(request.user).filter(pk=application.pk).exists():
                return redirect("assignment:log")
            return redirect("intake:application_detail", pk=application.pk)
    elif request.method == "POST":
        status = 400
    return render(request, "assignment/redistribute.html", {
        "application": application,
        "form": form,
        "refusal": refusal,
        "movable": application.status in (Status.ASSIGNED, Status.IN_ENFORCEMENT),
    }, status=status)
