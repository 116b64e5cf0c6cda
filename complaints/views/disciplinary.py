"""The disciplinary commission's cases opened on a referral (an inspection's act): the docket and the decision."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from chamber_portal.core.access import acts_for_chamber, role_required
from chamber_portal.core.errors import TransitionError
from chamber_portal.core.forms import BootstrapMixin
from intake.views.common import add_problems

from ..models import DecisionOutcome, DisciplinaryCaseStatus
from ..selectors import disciplinary_cases_visible_to
from ..services import disciplinary_case_decide

DECIDED = _("The commission's decision is recorded.")


class DisciplinaryDecideForm(BootstrapMixin, forms.Form):
    outcome = forms.ChoiceField(label=_("Decision"), required=False,
                                choices=[("", "—"), *DecisionOutcome.choices])
    decision_date = forms.DateField(label=_("Decision date"), required=False,
                                    widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    note = forms.CharField(label=_("Reasons of the decision"), required=False, max_length=10000,
                           widget=forms.Textarea(attrs={"rows": 3}))


@role_required("staff", "admin", "bailiff")
@require_GET
def disciplinary_case_list(request):
    qs = disciplinary_cases_visible_to(request.user)
    status = request.GET.get("status", "")
    if status in DisciplinaryCaseStatus.values:
        qs = qs.filter(status=status)
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(request, "complaints/disciplinary_list.html", {
        "page": page, "status": status, "statuses": DisciplinaryCaseStatus.choices,
        "query": f"status={status}" if status else "",
    })


@role_required("staff", "admin", "bailiff")
@require_http_methods(["GET", "POST"])
def disciplinary_case_detail(request, pk):
    case = get_object_or_404(disciplinary_cases_visible_to(request.user), pk=pk)
    form = None
    if acts_for_chamber(request.user) and case.status == DisciplinaryCaseStatus.OPEN:
        form = DisciplinaryDecideForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                disciplinary_case_decide(case=case, by=request.user, **form.cleaned_data)
            except PermissionDenied as error:
                raise Http404 from error
            except TransitionError as error:
                messages.error(request, error.message)
                return redirect("complaints:disciplinary_case_detail", pk=case.pk)
            except ValidationError as error:
                add_problems(form, error.message_dict)
            else:
                messages.success(request, DECIDED)
                return redirect("complaints:disciplinary_case_detail", pk=case.pk)
    elif request.method == "POST":
        raise Http404
    status = 400 if form is not None and form.errors else 200
    return render(request, "complaints/disciplinary_detail.html", {"case": case, "form": form}, status=status)

