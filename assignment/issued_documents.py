"""The distribution decision ("why this bailiff", issue 16), issued as PDF for each decision of the rotation; it
belongs to the application, whose page lists it."""

from django.db.models import CharField, OuterRef, Value
from django.db.models.functions import Cast, Concat

from chamber_portal.documents.models import DocumentKind
from chamber_portal.documents.registry import Content, kind_register, not_issued
from intake.models import Application

from .models import DistributionDecision, Exclusion


def decisions_due(since, limit: int) -> list[tuple[Application, str]]:
    qs = not_issued(
        DistributionDecision.objects.filter(at__gte=since).select_related("application"),
        kind=DocumentKind.DISTRIBUTION_DECISION, owner_model=Application, owner_id=OuterRef("application_id"),
        event=Concat(Value("decision:"), Cast(OuterRef("pk"), CharField()), output_field=CharField()),
    )
    return [(decision.application, f"decision:{decision.pk}") for decision in qs.order_by("at", "id")[:limit]]


@kind_register(DocumentKind.DISTRIBUTION_DECISION, Application, due=decisions_due)
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
