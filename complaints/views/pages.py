"""The complaint list (each role's own), the complaint page and its access-checked downloads."""

from django.core.paginator import Paginator
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from chamber_portal.core.access import acts_for_chamber, role_required
from chamber_portal.core.downloads import protected_file_response
from chamber_portal.core.exports import Column, export_format, export_response, page_query

from ..forms import ANY, OPEN, ComplaintFilterForm
from ..models import ComplaintAttachment, ComplaintStatus
from ..selectors import breach_decisions_visible_to, complaints_visible_to
from .common import ALL_ROLES, complaint_context

OPEN_STATUSES = [ComplaintStatus.FILED, ComplaintStatus.UNDER_REVIEW]


def _filtered(form: ComplaintFilterForm, qs, today):
    if not form.is_valid():
        return qs
    data = form.cleaned_data
    if data["status"] == OPEN:
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif data["status"] and data["status"] != ANY:
        qs = qs.filter(status=data["status"])
    if data["ground"]:
        qs = qs.filter(ground=data["ground"])
    if data.get("bailiff"):
        qs = qs.filter(bailiff=data["bailiff"])
    if data.get("overdue"):
        qs = qs.filter(status__in=OPEN_STATUSES, due_on__lt=today)
    return qs


@role_required(*ALL_ROLES)
@require_GET
def complaint_list(request):
    """Lawyer: the complaints he or she filed; bailiff: those about him or her; staff: the region's queue, the
    open ones by default, overdue first, then the earliest deadline."""
    user = request.user
    staff = acts_for_chamber(user)
    today = timezone.localdate()
    data = request.GET.copy()
    data.setdefault("status", OPEN if staff else ANY)  # also on "?page=2" with no filter chosen
    form = ComplaintFilterForm(data, user=user)
    qs = complaints_visible_to(user).annotate(
        overdue=ExpressionWrapper(Q(status__in=OPEN_STATUSES, due_on__lt=today), output_field=BooleanField()),
    )
    qs = _filtered(form, qs, today)
    qs = qs.order_by("-overdue", "due_on", "id") if staff else qs.order_by("-filed_at", "-id")
    if fmt := export_format(request):
        if not staff:  # the export is the Chamber's queue; a lawyer or a bailiff reads his or her list on the page
            raise Http404
        return export_response(qs, QUEUE_COLUMNS, base_name="complaints", fmt=fmt, title=_("Complaints"))
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(request, "complaints/complaint_list.html",
                  {"form": form, "page": page, "query": page_query(request), "staff": staff})


# The staff queue's columns.
QUEUE_COLUMNS = [
    Column(gettext_lazy("Case"), lambda c: c.application.reference),
    Column(gettext_lazy("Filed"), lambda c: c.filed_at, width=17),
    Column(gettext_lazy("Lawyer"), lambda c: c.filed_by.display_name, width=30),
    Column(gettext_lazy("Bailiff"), lambda c: c.bailiff.full_name, width=30),
    Column(gettext_lazy("Ground"), lambda c: c.get_ground_display(), width=22),
    Column(gettext_lazy("Status"), lambda c: c.get_status_display()),
    Column(gettext_lazy("Decision"), lambda c: c.get_outcome_display(), width=28),
    Column(gettext_lazy("Decision due by"), lambda c: c.due_on),
    Column(gettext_lazy("Overdue"), lambda c: c.overdue),
    Column(gettext_lazy("Decision date"), lambda c: c.decision_date),
    Column(gettext_lazy("Region"), lambda c: c.region.code, width=10),
    Column(gettext_lazy("Handled by"), lambda c: c.owner.display_name if c.owner else "", width=30),
    Column(gettext_lazy("New bailiff requested"), lambda c: c.request_new_bailiff),
]


@role_required(*ALL_ROLES)
@require_GET
def complaint_detail(request, pk):
    complaint = get_object_or_404(complaints_visible_to(request.user), pk=pk)
    return render(request, "complaints/complaint_detail.html", complaint_context(request, complaint))


def _pdf(field, name: str) -> HttpResponse:
    return protected_file_response(field, filename=name or "document.pdf", as_attachment=False)


@role_required(*ALL_ROLES)
@require_GET
def attachment_download(request, pk, attachment_pk):
    """Whoever sees the complaint may read its attachments; uploads are never public media."""
    complaint = get_object_or_404(complaints_visible_to(request.user), pk=pk)
    attachment = get_object_or_404(ComplaintAttachment, complaint=complaint, pk=attachment_pk)
    return _pdf(attachment.file, attachment.original_name)


@role_required(*ALL_ROLES)
@require_GET
def decision_document(request, pk):
    decision = get_object_or_404(breach_decisions_visible_to(request.user).exclude(document=""), pk=pk)
    return _pdf(decision.document, decision.document_name)
