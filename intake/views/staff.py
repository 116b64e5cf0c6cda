from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from chamber_portal.core.access import role_required
from chamber_portal.core.errors import TransitionError
from chamber_portal.core.exports import CHUNK_SIZE, Column, export_format, export_response, page_query
from chamber_portal.core.security.access_log import personal_data_export
from chamber_portal.core.working_days import working_days_since

from ..forms import AcceptForm, RegisterOriginalForm, ReturnForm
from ..selectors import applications_visible_to, staff_intake_queue
from ..services import application_accept, application_register_original, application_return
from .common import add_problems, detail_context, refuse
from .lawyer import filtered, page_of
from .rows import QUEUE_COLUMNS, queue_rows


def _queue_columns(today) -> list[Column]:
    return [
        Column(gettext_lazy("Reference"), lambda a: a.reference),
        Column(gettext_lazy("Status"), lambda a: a.get_status_display(), width=30),
        Column(gettext_lazy("Category"), lambda a: a.get_category_display(), width=30),
        Column(gettext_lazy("Claimant"), lambda a: a.creditor_name, width=30),
        Column(gettext_lazy("Debtor"), lambda a: a.debtor_name, width=30),
        Column(gettext_lazy("Debtor's IIN/BIN"), lambda a: a.debtor_iin_bin),
        Column(gettext_lazy("Region"), lambda a: a.region.name if a.region else "", width=22),
        Column(gettext_lazy("Submitted"), lambda a: a.submitted_at, width=17),
        Column(gettext_lazy("Original due"), lambda a: a.original_due),
        Column(gettext_lazy("Original overdue"),
               lambda a: bool(a.status == "submitted" and a.original_due and a.original_due < today)),
        Column(gettext_lazy("Registry number of the original"), lambda a: a.registry_number),
        Column(gettext_lazy("Amount, tenge"), lambda a: a.amount_kzt, width=16),
        Column(gettext_lazy("Lawyer"), lambda a: a.lawyer.display_name, width=30),
    ]


@role_required("staff", "admin")
@require_GET
def staff_queue(request):
    form, qs = filtered(request, staff_intake_queue(request.user))
    if fmt := export_format(request):
        # Each application in the file is a read of its personal data (the access log; issue 13).
        rows = personal_data_export(qs.iterator(chunk_size=CHUNK_SIZE), user=request.user,
                                    detail=f"intake-queue.{fmt}")
        return export_response(rows, _queue_columns(timezone.localdate()), base_name="intake-queue", fmt=fmt,
                               title=_("Intake queue"))
    page = page_of(request, qs, per_page=50, columns=QUEUE_COLUMNS)
    today = timezone.localdate()
    ages = working_days_since([timezone.localdate(row["submitted_at"]) for row in page], today)
    rows = queue_rows(page, request.user, ages=ages, today=today)
    return render(
        request,
        "intake/staff_queue.html",
        {"form": form, "page": page, "rows": rows, "query": page_query(request), "today": today},
    )


def _staff_action(request, pk, form_class, action, success):
    application = get_object_or_404(applications_visible_to(request.user), pk=pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            action(application, form)
            messages.success(request, success)
            return redirect("intake:application_detail", pk=application.pk)
        except ValidationError as error:
            add_problems(form, error.message_dict)
        except TransitionError as error:
            return refuse(request, error, application)
    # Re-show the detail page with this form's errors and what was typed; the other panels as the status allows.
    context = detail_context(request, application)
    context[
        {RegisterOriginalForm: "register_form", AcceptForm: "accept_form", ReturnForm: "return_form"}[form_class]
    ] = form
    messages.error(request, _("Please correct the marked fields."))
    return render(request, "intake/application_detail.html", context, status=400)


@role_required("staff", "admin")
@require_POST
def register_original(request, pk):
    return _staff_action(
        request,
        pk,
        RegisterOriginalForm,
        lambda application, form: application_register_original(
            application=application, by=request.user, **form.cleaned_data
        ),
        _("The paper original is registered."),
    )


@role_required("staff", "admin")
@require_POST
def accept(request, pk):
    return _staff_action(
        request,
        pk,
        AcceptForm,
        lambda application, form: application_accept(
            application=application, by=request.user, checklist=form.checklist()
        ),
        _("The application is accepted and queued for distribution."),
    )


@role_required("staff", "admin")
@require_POST
def return_application(request, pk):
    return _staff_action(
        request,
        pk,
        ReturnForm,
        lambda application, form: application_return(application=application, by=request.user, **form.cleaned_data),
        _("The application is returned to the lawyer."),
    )
