import logging

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from chamber_portal.core.after_commit import task_publish
from chamber_portal.core.notifications import notifications_create, wants_email

logger = logging.getLogger(__name__)


@shared_task
def distribute(application_id: int) -> int:
    """Distribute what the application's region has waiting, this one among them, in acceptance order and in the
    drain's batches. The in-process path of the demo (no Redis), and messages queued before `distribute_region`:
    the first to run takes the region's whole queue, the others find their application assigned already."""
    from .services import application_region_distribute

    return application_region_distribute(application_id=application_id)


@shared_task
def distribute_region(region_id: int) -> int:
    """The live path: what the region has waiting, in acceptance order and the drain's batches. At most one such
    message per region is pending (assignment/receivers.py); it clears its mark before taking the first batch, so
    an acceptance committed during the run publishes the next one."""
    from chamber_portal.core.coalesce import pending_clear

    from .services import region_distribute

    pending_clear(distribute_pending_key(region_id))
    return region_distribute(region_id=region_id)


def distribute_pending_key(region_id: int) -> str:
    return f"assignment.distribute_region:{region_id}"


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
    from chamber_portal.core.coalesce import task_publish_once

    from .models import DecisionToNotify
    from .services import distribution_sweep

    regions = distribution_sweep()
    for region_id in regions:
        task_publish(drain_region, region_id)  # Redis down: logged; the next minute's sweep finds the region
    if DecisionToNotify.objects.exists():  # a notices message lost, or not run yet: at most one more is queued
        task_publish_once(NOTIFY_PENDING_KEY, assignment_notify_due, ttl=settings.ASSIGNMENT_DISTRIBUTE_PENDING_TTL)
    return len(regions)


@shared_task
def redistribute_bailiff_cases(bailiff_id: int, reason: str) -> int:
    from .services import bailiff_cases_redistribute

    return bailiff_cases_redistribute(bailiff_id=bailiff_id, reason=reason)


# At most one `assignment_notify_due` message pending (chamber_portal/core/coalesce.py).
NOTIFY_PENDING_KEY = "assignment.notify_due"
NOTIFY_BATCH = 200
NOTIFY_PER_RUN = 50


@shared_task
def assignment_notify_due() -> int:
    """The `notifications` queue's coalesced run: the notices and e-mails of the decisions waiting for them
    (`DecisionToNotify`, written with the decision), oldest first, 50 a run and the next run queued if more wait.
    Clears its pending mark first, so a decision committed while it runs queues the next run; a redelivery finds
    the rows gone."""
    from chamber_portal.core.coalesce import coalesced, pending_clear, task_publish_once

    from .models import DecisionToNotify

    pending_clear(NOTIFY_PENDING_KEY)
    # With a worker, one short batch a run, then the next run queues behind the rotation's messages: a backlog of
    # notices never holds one of the rotation's processes for seconds. In-process (the demo): all of them now.
    batch, runs = (NOTIFY_PER_RUN, 1) if coalesced() else (NOTIFY_BATCH, 50)
    total = 0
    for _batch in range(runs):
        with transaction.atomic():
            # Locked, and skipped by a run beside this one: each decision is notified by one run.
            ids = list(DecisionToNotify.objects.select_for_update(skip_locked=True).order_by("decision_id")
                       .values_list("decision_id", flat=True)[:batch])
            if ids:
                total += decisions_notify(ids)
        if len(ids) < batch:
            return total
    if coalesced():
        task_publish_once(NOTIFY_PENDING_KEY, assignment_notify_due, ttl=settings.ASSIGNMENT_DISTRIBUTE_PENDING_TTL)
    return total


@shared_task
def assignment_notify(decision_ids: list[int]) -> int:
    """The notices of these decisions (messages queued before `assignment_notify_due`, and redeliveries)."""
    return decisions_notify(decision_ids)


def decisions_notify(decision_ids: list[int]) -> int:
    """In-app notices to the appointed bailiff and the lawyer, and their e-mails (each in his or her own language)
    written to the outbox, for a batch of decisions in one transaction; the `email` queue sends them. Every notice
    and e-mail is keyed by its decision and reader, so a redelivered message writes and sends nothing new."""
    from chamber_portal.core.coalesce import task_after_commit_once
    from chamber_portal.core.outbox import emails_queue
    from chamber_portal.core.tasks import EMAILS_PENDING_KEY, emails_send_fresh_task

    from .models import DecisionToNotify, DistributionDecision

    decisions = list(DistributionDecision.objects.filter(pk__in=decision_ids).select_related(
        "application__lawyer", "application__region", "chosen__user"
    ))
    items, keys, emails = [], [], []
    for d in decisions:
        application = d.application
        url = reverse("intake:application_detail", args=[d.application_id])
        items += [(d.chosen.user, "case_assigned", {"reference": application.reference}, url),
                  (application.lawyer, "bailiff_appointed",
                   {"reference": application.reference, "bailiff": d.chosen.full_name}, url)]
        keys += [f"decision:{d.pk}:bailiff", f"decision:{d.pk}:lawyer"]
        for user, template, kind in ((d.chosen.user, "bailiff", "case_assigned"),
                                     (application.lawyer, "lawyer", "bailiff_appointed")):
            if not wants_email(user, kind):
                continue
            with translation.override(user.language or settings.LANGUAGE_CODE):
                context = {"decision": d, "application": application, "user": user}
                subject = render_to_string(f"assignment/email/{template}_subject.txt", context).strip()
                body = render_to_string(f"assignment/email/{template}_body.txt", context)
            emails.append((f"decision:{d.pk}:{template}", user.email, subject, body))
    with transaction.atomic():
        notifications_create(items=items, keys=keys)  # the bell first, then the e-mail
        if emails_queue(items=emails):  # one e-mail run for what a burst writes (the beat retries if lost)
            task_after_commit_once(EMAILS_PENDING_KEY, emails_send_fresh_task, gather=settings.NOTICES_GATHER_SECONDS)
        DecisionToNotify.objects.filter(decision_id__in=decision_ids).delete()
    return len(decisions)
