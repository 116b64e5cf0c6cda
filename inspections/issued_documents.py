"""The inspection act, issued as PDF when the inspection is completed (issue 16): the same text as the printable
act page (templates/inspections/_act.html); who sees the inspection sees it."""

from django.conf import settings

from chamber_portal.documents.models import DocumentKind
from chamber_portal.documents.registry import Content, kind_register, not_issued, owner_register

from .models import Inspection, InspectionStatus, SampleSource
from .selectors import inspections_visible_to

# An inspection is about the bailiff's activity; the cases it names are references only.
owner_register(Inspection, visible_to=inspections_visible_to)


def acts_due(since, limit: int) -> list[tuple[Inspection, str]]:
    qs = not_issued(Inspection.objects.filter(status=InspectionStatus.COMPLETED, updated_at__gte=since),
                    kind=DocumentKind.INSPECTION_ACT, owner_model=Inspection)
    return [(inspection, "") for inspection in qs.order_by("id")[:limit]]


@kind_register(DocumentKind.INSPECTION_ACT, Inspection, due=acts_due)
def inspection_act(inspection: Inspection, event: str) -> Content:
    inspection = Inspection.objects.select_related("bailiff__user", "region", "referral").get(pk=inspection.pk)
    cases = list(inspection.cases.select_related("application"))
    return Content("inspection_act.html", {
        "inspection": inspection, "cases": cases, "draft": False, "show_findings": True,
        "drawn_count": sum(1 for case in cases if case.source == SampleSource.RANDOM),
        "added_count": sum(1 for case in cases if case.source == SampleSource.ADDED),
        "inspectors": list(inspection.inspectors.select_related("region").order_by("full_name", "username")),
        "complaints": list(inspection.complaints.select_related("application").order_by("filed_at", "id")),
        "objections": [], "objection_days": settings.INSPECTION_OBJECTION_WORKING_DAYS,
    }, language=inspection.bailiff.user.language if inspection.bailiff.user_id else "ru")
