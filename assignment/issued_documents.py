"""The distribution decision ("why this bailiff", issue 16), issued as PDF for each decision of the rotation; it
belongs to the application, whose page lists it."""

from chamber_portal.documents.models import DocumentKind
from chamber_portal.documents.registry import Content, kind_register
from intake.models import Application

from .models import DistributionDecision, Exclusion


@kind_register(DocumentKind.DISTRIBUTION_DECISION, Application)
def distribution_decision(application: Application, event: str) -> Content:
    """`event` is `decision:<id>` (assignment.services.distribute): one document per decision."""
    decision = DistributionDecision.objects.select_related(
        "application__lawyer", "region", "from_region", "chosen", "previous_bailiff"
    ).get(pk=int(event.removeprefix("decision:")), application_id=application.pk)
    labels = dict(Exclusion.choices)
    excluded = [{"name": row.get("name", ""), "reason_label": labels.get(row.get("reason"), row.get("reason", ""))}
                for row in decision.excluded]
    return Content("distribution_decision.html", {
        "application": decision.application, "decision": decision, "excluded": excluded,
    }, language=decision.application.lawyer.language)
