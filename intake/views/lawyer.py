from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from chamber_portal.core.access import role_required
from chamber_portal.core.chamber_offices import chamber_office
from chamber_portal.core.errors import TransitionError

from ..checks import DOCUMENT_MISSING, REQUIRED, intake_problems
from ..forms import ApplicationFilterForm, ApplicationForm, ReportOriginalLostForm
from ..models import Status
from ..selectors import applications_search, applications_visible_to
from ..services import (
    application_copy,
    application_report_original_lost,
    application_save_draft,
    application_submit,
    document_attach,
)
from ..services.drafts import EDITABLE_FIELDS
from .common import add_problems, refuse
from .rows import LAWYER_COLUMNS, ValuesPaginator, lawyer_rows


def _mistakes(application) -> dict[str, list[str]]:
    """After saving a draft: real mistakes in what was typed, not what is still to be filled in.
    Compared in the request's language, which is the language intake_problems speaks."""
    not_yet = {str(REQUIRED), *map(str, DOCUMENT_MISSING.values())}
    return {field: [m for m in messages_ if m not in not_yet]
            for field, messages_ in intake_problems(application).items()}


def filtered(request, qs):
    """The list filters shared by the lawyer's list and the staff queue."""
    form = ApplicationFilterForm(request.GET or None, user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        qs = applications_search(qs, data["q"])
        if data["status"]:
            qs = qs.filter(status=data["status"])
        if data["category"]:
            qs = qs.filter(category=data["category"])
        if data["region"]:
            qs = qs.filter(region=data["region"])
        if data["submitted_from"]:
            qs = qs.filter(submitted_at__date__gte=data["submitted_from"])
        if data["submitted_to"]:
            qs = qs.filter(submitted_at__date__lte=data["submitted_to"])
        if data["sort"]:
            qs = qs.order_by(data["sort"], "-id")
    return form, qs


def page_of(request, qs, per_page=25, *, columns=None):
    """The requested page of `qs`; of its rows' values when `columns` are named."""
    paginator = Paginator(qs, per_page) if columns is None else ValuesPaginator(qs, per_page, columns=columns)
    return paginator.get_page(request.GET.get("page"))


@role_required("lawyer")
@require_GET
def application_list(request):
    form, qs = filtered(request, applications_visible_to(request.user))
    page = page_of(request, qs, columns=LAWYER_COLUMNS)
    page.object_list = lawyer_rows(page, request.user)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "intake/application_list.html",
                  {"form": form, "page": page, "query": query.urlencode()})


def _attach_uploads(form, application, user) -> dict[str, list[str]]:
    """Attach what was uploaded; the refusals, keyed by field."""
    refused = {}
    for kind, upload in form.uploads().items():
        if not upload:
            continue
        try:
            document_attach(application=application, kind=kind, file=upload, by=user)
        except ValidationError as error:
            refused[kind] = error.message_dict["file"]
    return refused


def _session_key(application) -> str:
    return f"intake-draft-{application.pk}-problems"


def _bound_to(application) -> ApplicationForm:
    """The draft as a bound form, so problems can be shown next to its fields on a plain GET."""
    initial = ApplicationForm(instance=application)
    return ApplicationForm({name: initial[name].value() for name in EDITABLE_FIELDS}, instance=application)


def _show_draft(request, application):
    form = _bound_to(application)
    form.is_valid()
    problems = request.session.pop(_session_key(application), None)
    if problems is None:
        # Not just saved: point out the mistakes in what is there, not what is still to be filled in.
        problems = _mistakes(application)
    add_problems(form, {field: messages_ for field, messages_ in problems.items() if messages_})
    return form


@role_required("lawyer")
@require_http_methods(["GET", "POST"])
def application_edit(request, pk=None):
    """Create or edit a draft; "save" keeps it as a draft, "submit" runs every check and files it.

    Every POST that stores something redirects to the draft's own page (a refresh never files twice);
    the problems to show travel in the session.
    """
    application = get_object_or_404(applications_visible_to(request.user), pk=pk) if pk else None
    if application is not None and application.status != Status.DRAFT:
        messages.info(request, _("A submitted application can no longer be edited."))
        return redirect("intake:application_detail", pk=application.pk)
    if request.method == "GET":
        form = _show_draft(request, application) if application else ApplicationForm()
        return _render_form(request, form, application)

    form = ApplicationForm(request.POST, request.FILES, instance=application)
    if not form.is_valid():  # e.g. a date that is not a date: nothing is stored, what was typed is shown
        return _render_form(request, form, application)
    try:
        # The draft is kept first, so nothing typed or uploaded is lost whatever happens next.
        application = application_save_draft(lawyer=request.user, application=application,
                                             data={k: form.cleaned_data[k] for k in EDITABLE_FIELDS})
        problems = _attach_uploads(form, application, request.user)
        if "submit" in request.POST and problems:
            # A refused upload stops the submission, but the lawyer sees at once every other problem it would
            # meet too (the refusal of a file replaces "missing" for its own field).
            others = {field: found for field, found in intake_problems(application).items()
                      if field.removeprefix("document_") not in problems}
            problems = {**others, **problems}
            messages.error(request, _("The application was not submitted: please correct the marked fields."))
        elif "submit" in request.POST:
            application = application_submit(application=application, by=request.user)
            messages.success(request, _("Application %(reference)s submitted.") % {
                "reference": application.reference})
            return redirect("intake:application_receipt", pk=application.pk)
        else:
            problems = {**_mistakes(application), **problems}
            if any(problems.values()):
                messages.warning(request, _("Draft saved. Some fields need correcting before you submit."))
            else:
                messages.success(request, _("Draft saved."))
    except ValidationError as error:
        problems = {**error.message_dict, **problems}
        messages.error(request, _("The application was not submitted: please correct the marked fields."))
    except TransitionError as error:
        return refuse(request, error, application)
    request.session[_session_key(application)] = problems
    return redirect("intake:application_edit", pk=application.pk)


def _render_form(request, form, application):
    documents = application.documents.all() if application and application.pk else []
    return render(request, "intake/application_form.html",
                  {"form": form, "application": application, "documents": documents})


@role_required("lawyer")
@require_POST
def application_report_lost(request, pk):
    application = get_object_or_404(applications_visible_to(request.user), pk=pk)
    form = ReportOriginalLostForm(request.POST)
    if form.is_valid():
        try:
            application_report_original_lost(application=application, by=request.user, **form.cleaned_data)
            messages.success(request, _(
                "The loss of the original is recorded; the application waits for the duplicate."))
            return redirect("intake:application_detail", pk=application.pk)
        except ValidationError as error:
            add_problems(form, error.message_dict)
        except TransitionError as error:
            return refuse(request, error, application)
    return render(request, "intake/report_lost.html", {"application": application, "form": form})


@role_required("lawyer")
@require_POST
def application_copy_view(request, pk):
    application = get_object_or_404(applications_visible_to(request.user), pk=pk)
    try:
        copy = application_copy(source=application, by=request.user)
    except TransitionError as error:
        return refuse(request, error, application)
    messages.success(request, _("A new draft was made from %(reference)s: check it and submit.") % {
        "reference": application.reference})
    return redirect("intake:application_edit", pk=copy.pk)


@role_required("lawyer", "staff", "admin")
@require_GET
def application_receipt(request, pk):
    application = get_object_or_404(applications_visible_to(request.user).select_related("lawyer"), pk=pk)
    if not application.reference:
        return redirect("intake:application_detail", pk=application.pk)
    return render(request, "intake/receipt.html",
                  {"application": application, "documents": application.documents.all(),
                   "office": chamber_office(application.region.code if application.region_id else None)})
