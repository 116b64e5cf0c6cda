"""Complaint pages (lawyer, staff, bailiff): built out by the web work of issue 6."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from chamber_portal.core.access import role_required

from .selectors import complaints_visible_to

ALL_ROLES = ("lawyer", "staff", "bailiff", "admin")


@role_required(*ALL_ROLES)
@require_GET
def complaint_list(request):
    complaints = complaints_visible_to(request.user)[:50]
    return render(request, "complaints/complaint_list.html", {"complaints": complaints})


@role_required(*ALL_ROLES)
@require_GET
def complaint_detail(request, pk):
    complaint = get_object_or_404(complaints_visible_to(request.user), pk=pk)
    return render(request, "complaints/complaint_detail.html", {"complaint": complaint})
