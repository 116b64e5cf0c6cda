"""The complaint decision and the notice of a held reassignment (Rules No. 652, clause 12), issued as PDF
(issue 16); who sees them is who sees the complaint or the reassignment (their own selectors)."""

from chamber_portal.documents.models import DocumentKind
from chamber_portal.documents.registry import Content, kind_register, not_issued, owner_register

from .models import BreachDecision, Complaint, ComplaintStatus, Reassignment, ReassignmentStatus
from .selectors import complaints_visible_to, reassignments_visible_to

owner_register(Complaint, visible_to=complaints_visible_to, application_of=lambda complaint: complaint.application)
owner_register(Reassignment, visible_to=reassignments_visible_to,
               application_of=lambda reassignment: reassignment.application)


def decisions_due(since, limit: int) -> list[tuple[Complaint, str]]:
    qs = not_issued(Complaint.objects.filter(status=ComplaintStatus.DECIDED, decided_at__gte=since),
                    kind=DocumentKind.COMPLAINT_DECISION, owner_model=Complaint)
    return [(complaint, "") for complaint in qs.order_by("decided_at", "id")[:limit]]


def notices_due(since, limit: int) -> list[tuple[Reassignment, str]]:
    qs = not_issued(Reassignment.objects.filter(status=ReassignmentStatus.HELD, requested_at__gte=since),
                    kind=DocumentKind.HELD_REASSIGNMENT_NOTICE, owner_model=Reassignment)
    return [(reassignment, "") for reassignment in qs.order_by("requested_at", "id")[:limit]]


@kind_register(DocumentKind.COMPLAINT_DECISION, Complaint, due=decisions_due)
def complaint_decision(complaint: Complaint, event: str) -> Content:
    complaint = Complaint.objects.select_related("application", "bailiff", "region", "filed_by").get(pk=complaint.pk)
    return Content("complaint_decision.html", {
        "complaint": complaint, "breach": BreachDecision.objects.filter(complaint=complaint).first(),
    }, language=complaint.filed_by.language)


@kind_register(DocumentKind.HELD_REASSIGNMENT_NOTICE, Reassignment, due=notices_due)
def held_reassignment_notice(reassignment: Reassignment, event: str) -> Content:
    reassignment = Reassignment.objects.select_related(
        "application__region", "application__lawyer", "bailiff", "decision").get(pk=reassignment.pk)
    return Content("held_reassignment_notice.html", {"reassignment": reassignment},
                   language=reassignment.application.lawyer.language)
