"""The complaint list (each role's own), the complaint page and its access-checked downloads."""

from django.core.paginator import Paginator
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from chamber_portal.core.access import role_required

from ..forms import ANY, OPEN, ComplaintFilterForm
from ..models import ComplaintAttachment, ComplaintStatus
from ..selectors import breach_decisions_visible_to, complaints_visible_to
from .common import ALL_ROLES, complaint_context, is_staff

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
    staff = is_staff(user)
    today = timezone.localdate()
    data = request.GET.copy()
    data.setdefault("status", OPEN if staff else ANY)  # also on "?page=2" with no filter chosen
    form = ComplaintFilterForm(data, user=user)
    qs = complaints_visible_to(user).annotate(
        overdue=ExpressionWrapper(Q(status__in=OPEN_STATUSES, due_on__lt=today), output_field=BooleanField()),
    )
    qs = _filtered(form, qs, today)
    qs = qs.order_by("-overdue", "due_on", "id") if staff else qs.order_by("-filed_at", "-id")
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "complaints/complaint_list.html",
                  {"form": form, "page": page, "query": query.urlencode(), "staff": staff})


@role_required(*ALL_ROLES)
@require_GET
def complaint_detail(request, pk):
    complaint = get_object_or_404(complaints_visible_to(request.user), pk=pk)
    return render(request, "complaints/complaint_detail.html", complaint_context(request, complaint))


def _pdf(field, name: str) -> FileResponse:
    try:
        handle = field.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    return FileResponse(handle, as_attachment=False, filename=name or "document.pdf", content_type="application/pdf")


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
