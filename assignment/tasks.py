import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from chamber_portal.core.notifications import notifications_create, wants_email

logger = logging.getLogger(__name__)


@shared_task
def distribute(application_id: int) -> None:
    """Appoint a bailiff to one accepted application; a no-op unless it is still accepted."""
    from .services import application_distribute

    application_distribute(application_id=application_id)


@shared_task
def drain_region(region_id: int) -> int:
    """Distribute a region's backlog in batches until nothing is left."""
    from .services import region_drain

    total = 0
    while done := region_drain(region_id=region_id):
        total += done
    return total


@shared_task
def sweep() -> int:
    """Every minute (beat): re-queue what waits too long, so nothing accepted is ever lost."""
    from .services import distribution_sweep

    regions = distribution_sweep()
    for region_id in regions:
        drain_region.delay(region_id)
    return len(regions)


@shared_task
def redistribute_bailiff_cases(bailiff_id: int, reason: str) -> int:
    from .services import bailiff_cases_redistribute

    return bailiff_cases_redistribute(bailiff_id=bailiff_id, reason=reason)


@shared_task
def assignment_notify(decision_ids: list[int]) -> None:
    """E-mail the appointed bailiff and the lawyer, each in his or her own language."""
    from .models import DistributionDecision

    decisions = list(DistributionDecision.objects.filter(pk__in=decision_ids).select_related(
        "application__lawyer", "application__region", "chosen__user"
    ))
    # In-app first (the bell), then e-mail; both after the decision's commit.
    notifications_create(items=[
        item
        for d in decisions
        for item in (
            (d.chosen.user, "case_assigned", {"reference": d.application.reference},
             reverse("intake:application_detail", args=[d.application_id])),
            (d.application.lawyer, "bailiff_appointed",
             {"reference": d.application.reference, "bailiff": d.chosen.full_name},
             reverse("intake:application_detail", args=[d.application_id])),
        )
    ])
    for decision in decisions:
        application = decision.application
        for user, template, kind in ((decision.chosen.user, "bailiff", "case_assigned"),
                                     (application.lawyer, "lawyer", "bailiff_appointed")):
            if not wants_email(user, kind):
                continue
            with translation.override(user.language or settings.LANGUAGE_CODE):
                context = {"decision": decision, "application": application, "user": user}
                subject = render_to_string(f"assignment/email/{template}_subject.txt", context).strip()
                body = render_to_string(f"assignment/email/{template}_body.txt", context)
            send_mail(subject, body, None, [user.email])
