"""The filing receipt (issue 16), issued as PDF when an application is submitted; and who sees an application's
documents (its own selector: the lawyer, the region's staff, the assigned bailiff)."""

from chamber_portal.core.chamber_offices import chamber_office
from chamber_portal.documents.models import DocumentKind
from chamber_portal.documents.registry import Content, kind_register, not_issued, owner_register

from .models import Application
from .selectors import applications_visible_to

owner_register(Application, visible_to=applications_visible_to, application_of=lambda application: application)


def receipts_due(since, limit: int) -> list[tuple[Application, str]]:
    qs = not_issued(Application.objects.filter(submitted_at__gte=since), kind=DocumentKind.FILING_RECEIPT,
                    owner_model=Application)
    return [(application, "") for application in qs.order_by("submitted_at", "id")[:limit]]


@kind_register(DocumentKind.FILING_RECEIPT, Application, due=receipts_due)
def filing_receipt(application: Application, event: str) -> Content:
    application = Application.objects.select_related("region", "lawyer", "document_kind").get(pk=application.pk)
    return Content("filing_receipt.html", {
        "application": application,
        "lawyer": application.lawyer.display_name,
        "attached": list(application.documents.order_by("id")),
        "office": chamber_office(application.region.code if application.region_id else None),
    }, language=application.lawyer.language)
