from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from chamber_portal.core.access import role_required
from chamber_portal.core.downloads import protected_file_response
from chamber_portal.core.errors import TransitionError
from chamber_portal.core.models import AccessAction
from chamber_portal.core.security.access_log import may_read_access_log, personal_data_read

from ..forms import AcceptForm, RegisterOriginalForm, ReportOriginalLostForm, ReturnForm
from ..models import ApplicationDocument, Status
from ..next_steps import next_step
from ..selectors import application_timeline, applications_visible_to

ALL_ROLES = ("lawyer", "staff", "bailiff", "admin")
ACCEPT_NEEDS_ORIGINAL = _("The application can be accepted once its paper original is registered: register it above "
                          "when it arrives.")


def add_problems(form, problems: dict[str, list[str]]) -> None:
    """Put a service's problems next to the form's fields; what has no field goes on top."""
    for field, messages_ in problems.items():
        name = field.removeprefix("document_") if field.startswith("document_") and field != "document_kind" \
            and field not in form.fields else field
        for message in messages_:
            form.add_error(name if name in form.fields else None, message)


def refuse(request, error: Exception, application):
    """A rule forbade the action: say so and go back to the application."""
    messages.error(request, error.message if isinstance(error, TransitionError) else str(error))
    return redirect("intake:application_detail", pk=application.pk)


@role_required(*ALL_ROLES)
@require_GET
def application_detail(request, pk):
    application = get_object_or_404(applications_visible_to(request.user), pk=pk)
    personal_data_read(user=request.user, application=application, action=AccessAction.DETAILS)
    return render(request, "intake/application_detail.html", detail_context(request, application))


def detail_context(request, application) -> dict:
    """The case page's context; other apps' views re-render the page with it when their form has errors."""
    user = request.user
    context = {
        "application": application,
        "documents": application.documents.all(),
        "timeline": application_timeline(application),
        "next_step": next_step(application, user),
        "may_read_access_log": may_read_access_log(user),
    }
    if settings.DEBUG and application.assigned_bailiff_id and not user.is_bailiff:
        # The demo only (DEBUG is never on in production): which login to use to follow the case to its bailiff.
        context["demo_bailiff_login"] = application.assigned_bailiff.user.username
    if user.is_lawyer and application.status == Status.SUBMITTED:
        context["lost_form"] = ReportOriginalLostForm()
    if user.is_chamber_staff or user.is_administrator:
        if application.status in (Status.SUBMITTED, Status.AWAITING_DUPLICATE):
            context["register_form"] = RegisterOriginalForm()
        if application.status == Status.ORIGINAL_RECEIVED:
            context["accept_form"] = AcceptForm()
        elif application.status in (Status.SUBMITTED, Status.AWAITING_DUPLICATE):
            # Acceptance cannot succeed yet: say what is missing instead of offering the form.
            context["accept_missing"] = ACCEPT_NEEDS_ORIGINAL
        if application.status in (Status.SUBMITTED, Status.AWAITING_DUPLICATE, Status.ORIGINAL_RECEIVED):
            context["return_form"] = ReturnForm()
    return context


@role_required(*ALL_ROLES)
@require_GET
def document_download(request, pk, document_pk):
    application = get_object_or_404(applications_visible_to(request.user), pk=pk)
    document = get_object_or_404(ApplicationDocument, application=application, pk=document_pk)
    # Always a download, never shown in the portal's origin, and never sniffed into another type (issue 13);
    # behind nginx the bytes come by X-Accel-Redirect once this check has passed (core.downloads).
    response = protected_file_response(document.file, filename=document.original_name, as_attachment=True)
    personal_data_read(user=request.user, application=application, action=AccessAction.DOCUMENT_DOWNLOAD,
                       detail=f"{document.kind}: {document.original_name}")
    return response

