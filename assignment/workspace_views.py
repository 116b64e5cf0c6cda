"""The bailiff's workspace on the web: "My cases", one POST view per action on a case (each calling one
service), and the download of an action's document. The case page itself is intake's application detail,
with the workspace panel layered on from the case-page registry (assignment/case_page.py)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from chamber_portal.core.access import role_required
from chamber_portal.core.downloads import protected_file_response
from chamber_portal.core.errors import TransitionError
from chamber_portal.core.models import AccessAction
from chamber_portal.core.security.access_log import personal_data_read
from intake.models import Status
from intake.selectors import applications_search, applications_visible_to
from intake.views.common import ALL_ROLES, add_problems, detail_context

from .models import EnforcementAction
from .selectors import OPEN, case_status_counts, cases_of_bailiff
from .services import case_acknowledge, case_action_record, case_close, case_initiate, case_refuse
from .services.workspace import case_action_reverse
from .workspace_forms import OPEN as OPEN_FILTER
from .workspace_forms import CaseFilterForm, forms_fitting, make_form, reverse_form

NOT_NOW = gettext_lazy("This action does not fit the case's current state.")

SUCCESS = {
    "acknowledge": gettext_lazy("Receipt of the case is acknowledged."),
    "initiate": gettext_lazy("The decision to initiate enforcement proceedings is recorded."),
    "refuse": gettext_lazy("The refusal to initiate is recorded; the case is closed and the lawyer is told."),
    "action": gettext_lazy("The enforcement action is recorded."),
    "close": gettext_lazy("The case is closed; the lawyer is told."),
}
REVERSED = gettext_lazy("The entry is reversed; the totals follow.")


# --- the list -----------------------------------------------------------------------------------------


def _filtered(form: CaseFilterForm, qs):
    if not form.is_valid():
        return qs
    data = form.cleaned_data
    qs = applications_search(qs, data["q"])
    if data["status"] == OPEN_FILTER:
        qs = qs.filter(status__in=OPEN)
    elif data["status"]:
        qs = qs.filter(status=data["status"])
    if data["category"]:
        qs = qs.filter(category=data["category"])
    # `assigned_at` is the active assignment's (an annotation): days in the portal's time zone.
    if data["assigned_from"]:
        qs = qs.filter(assigned_at__date__gte=data["assigned_from"])
    if data["assigned_to"]:
        qs = qs.filter(assigned_at__date__lte=data["assigned_to"])
    if data["unacknowledged"]:
        qs = qs.filter(status__in=OPEN, acknowledged_at__isnull=True)
    if data["overdue"]:
        qs = qs.filter(initiation_overdue=True, status=Status.ASSIGNED)
    return qs


@role_required("bailiff")
@require_GET
def my_cases(request):
    cases = cases_of_bailiff(request.user)
    form = CaseFilterForm(request.GET or None)
    page = Paginator(_filtered(form, cases), 25).get_page(request.GET.get("page"))
    for case in page:
        case.overdue = case.status == Status.ASSIGNED and case.initiation_overdue
    query = request.GET.copy()
    query.pop("page", None)
    counts = case_status_counts(cases)
    counts["open"] = counts[Status.ASSIGNED] + counts[Status.IN_ENFORCEMENT]
    return render(request, "workspace/my_cases.html",
                  {"form": form, "page": page, "query": query.urlencode(), "counts": counts})


# --- actions on a case ------------------------------------------------------------------------------


def _case(request, pk):
    """Only a case the bailiff holds now: another's, or one redistributed away, is a 404."""
    return get_object_or_404(cases_of_bailiff(request.user), pk=pk)


def _act(request, pk, name: str, call):
    """Run the action's service with the parsed form; a rule's refusal is a message, a field's problem is
    shown at the field on the case page again, with what was typed."""
    application = _case(request, pk)
    form = make_form(name, request.POST, request.FILES)
    if not form.is_valid() and name not in forms_fitting(application.status, application.acknowledged_at is not None):
        # Typing mistakes in a form the case no longer shows (e.g. a second tab): say why nothing can be done.
        messages.error(request, NOT_NOW)
        return redirect("intake:application_detail", pk=application.pk)
    if form.is_valid():
        try:
            call(application, form.cleaned_data)
        except PermissionDenied as error:  # the case left the bailiff between the read and the write
            raise Http404 from error
        except TransitionError as error:
            messages.error(request, error.message)
            return redirect("intake:application_detail", pk=application.pk)
        except ValidationError as error:
            add_problems(form, error.message_dict if hasattr(error, "error_dict") else {None: error.messages})
        else:
            messages.success(request, SUCCESS[name])
            return redirect("intake:application_detail", pk=application.pk)
    messages.error(request, _("Nothing was recorded: please correct the marked fields."))
    context = detail_context(request, application)
    context["workspace_forms"] = {name: form}
    return render(request, "intake/application_detail.html", context, status=400)


@role_required("bailiff")
@require_POST
def acknowledge(request, pk):
    return _act(request, pk, "acknowledge",
                lambda application, data: case_acknowledge(application=application, by=request.user))


@role_required("bailiff")
@require_POST
def initiate(request, pk):
    return _act(request, pk, "initiate",
                lambda application, data: case_initiate(application=application, by=request.user, **data))


@role_required("bailiff")
@require_POST
def refuse(request, pk):
    return _act(request, pk, "refuse", lambda application, data: case_refuse(
        application=application, by=request.user, ground=data["refusal_ground"], note=data["note"]))


@role_required("bailiff")
@require_POST
def action(request, pk):
    return _act(request, pk, "action",
                lambda application, data: case_action_record(application=application, by=request.user, **data))


@role_required("bailiff")
@require_POST
def close(request, pk):
    return _act(request, pk, "close",
                lambda application, data: case_close(application=application, by=request.user, **data))


@role_required("bailiff")
@require_POST
def reverse_action(request, pk, action_pk):
    """Correct a mistaken entry by a reversing one; a missing reason is shown at that entry's field."""
    application = _case(request, pk)
    entry = get_object_or_404(EnforcementAction.objects.filter(application=application), pk=action_pk)
    form = reverse_form(entry.pk, request.POST)
    if form.is_valid():
        try:
            case_action_reverse(application=application, action=entry, by=request.user,
                                reason=form.cleaned_data["reason"])
        except PermissionDenied as error:
            raise Http404 from error
        except TransitionError as error:
            messages.error(request, error.message)
            return redirect("intake:application_detail", pk=application.pk)
        except ValidationError as error:
            add_problems(form, error.message_dict if hasattr(error, "error_dict") else {None: error.messages})
        else:
            messages.success(request, REVERSED)
            return redirect("intake:application_detail", pk=application.pk)
    messages.error(request, _("Nothing was recorded: please correct the marked fields."))
    context = detail_context(request, application)
    context["reverse_form"] = (entry.pk, form)
    return render(request, "intake/application_detail.html", context, status=400)


# --- an action's document -----------------------------------------------------------------------------


@role_required(*ALL_ROLES)
@require_GET
def action_document(request, pk, action_pk):
    """Anyone who sees the case may read the documents of its actions; uploads are never public media."""
    application = get_object_or_404(applications_visible_to(request.user), pk=pk)
    entry = get_object_or_404(EnforcementAction.objects.exclude(document=""), application=application, pk=action_pk)
    # A download, never shown in the portal's origin (issue 13), and a personal-data read like the case's documents.
    response = protected_file_response(entry.document, filename=entry.document_name or "document.pdf",
                                       as_attachment=True)
    personal_data_read(user=request.user, application=application, action=AccessAction.DOCUMENT_DOWNLOAD,
                       detail=f"action {entry.pk}: {entry.document_name}")
    return response
