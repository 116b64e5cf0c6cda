"""The lawyer's complaint about the bailiff of a case, and the staff's registration of a court's (or the
commission's paper) decision confirming a breach."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from chamber_portal.core.access import role_required
from chamber_portal.core.errors import TransitionError
from intake.models import Status
from intake.selectors import applications_visible_to

from ..forms import ComplaintForm, RegisterDecisionForm
from ..models import Reassignment, ReassignmentStatus
from ..services import breach_decision_register, complaint_file
from ..services.common import REQUIRED
from ..services.complaints import NOT_HELD_BY_A_BAILIFF
from .common import NOT_RECORDED, STAFF, show_problems

FILED = _("Your complaint is filed with the Chamber. The bailiff is told and may explain.")
FILED_WITH_REQUEST = _(
    "Your complaint is filed. Your request for a new bailiff is held until a decision confirming the breach "
    "enters into force (Rules No. 652, clause 12)."
)
NOT_FILED = _("The complaint was not filed: please correct the marked fields.")
ATTACH_AGAIN = _("Attach the files again: a browser does not keep them when a form is shown again.")
NO_SUCH_CASE = _("No case of your region has this reference.")
REGISTERED = _("The decision %(reference)s is recorded; it enters into force on %(date)s.")


def _held(application) -> bool:
    return Reassignment.objects.filter(application=application, status=ReassignmentStatus.HELD).exists()


@role_required("lawyer")
@require_http_methods(["GET", "POST"])
def complaint_create(request, application_pk):
    application = get_object_or_404(applications_visible_to(request.user), pk=application_pk)
    if application.status not in (Status.ASSIGNED, Status.IN_ENFORCEMENT) or application.assigned_bailiff is None:
        messages.error(request, NOT_HELD_BY_A_BAILIFF)
        return redirect("intake:application_detail", pk=application.pk)
    form = ComplaintForm(request.POST or None, request.FILES or None, may_request=not _held(application))
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                complaint = complaint_file(
                    application=application, by=request.user, ground=data["ground"],
                    description=data["description"], request_new_bailiff=data.get("request_new_bailiff", False),
                    attachments=data["attachments"],
                )
            except PermissionDenied as error:
                raise Http404 from error
            except ValidationError as error:
                show_problems(form, error)
            except TransitionError as error:
                field = "request_new_bailiff" if error.code == "already_requested" else None
                form.add_error(field if field in form.fields else None, error.message)
            else:
                messages.success(request, FILED_WITH_REQUEST if complaint.request_new_bailiff else FILED)
                return redirect("complaints:complaint_detail", pk=complaint.pk)
        messages.error(request, NOT_FILED)
    return render(request, "complaints/complaint_form.html", {
        "application": application,
        "form": form,
        "attach_again": ATTACH_AGAIN if request.method == "POST" and request.FILES else "",
    }, status=400 if request.method == "POST" else 200)


@role_required(*STAFF)
@require_http_methods(["GET", "POST"])
def decision_register(request):
    """Two steps on one page: the case by its reference (limited to the staff's region), then the decision,
    with the bailiff chosen among those who held the case."""
    data = request.POST if request.method == "POST" else request.GET
    reference = (data.get("reference") or "").strip()
    application = None
    if reference:
        application = applications_visible_to(request.user).filter(reference=reference).first()
    if request.method == "GET" or application is None:
        if reference and application is None:
            form = RegisterDecisionForm({"reference": reference})
            form.full_clean()
            form.add_error("reference", NO_SUCH_CASE)
        else:
            form = RegisterDecisionForm(initial={"reference": reference, "request_reassignment": True},
                                        application=application)
        return render(request, "complaints/decision_register.html",
                      {"form": form, "application": application},
                      status=400 if request.method == "POST" else 200)
    form = RegisterDecisionForm(request.POST, request.FILES, application=application)
    if form.is_valid():
        cleaned = form.cleaned_data
        try:
            if cleaned["bailiff"] is None:
                raise ValidationError({"bailiff": [REQUIRED]})
            decision = breach_decision_register(
                application=application, bailiff=cleaned["bailiff"], by=request.user, body=cleaned["body"],
                decision_date=cleaned["decision_date"], effective_on=cleaned["effective_on"],
                document_reference=cleaned["document_reference"],
                request_reassignment=cleaned["request_reassignment"], document=cleaned["document"],
            )
        except PermissionDenied as error:
            raise Http404 from error
        except ValidationError as error:
            show_problems(form, error)
        except TransitionError as error:
            messages.error(request, error.message)
            return redirect("intake:application_detail", pk=application.pk)
        else:
            messages.success(request, REGISTERED % {"reference": decision.document_reference,
                                                    "date": decision.effective_on.strftime("%d.%m.%Y")})
            return redirect("intake:application_detail", pk=application.pk)
    messages.error(request, NOT_RECORDED)
    return render(request, "complaints/decision_register.html", {"form": form, "application": application},
                  status=400)
