"""Assignment listens to intake and the registry; they never import it (dependencies point one way)."""

import logging

from django.conf import settings
from django.dispatch import receiver

from bailiffs.signals import bailiff_joined_rotation, bailiff_left_rotation
from chamber_portal.core.after_commit import task_publish
from chamber_portal.core.coalesce import coalesced, task_publish_once
from intake.signals import application_accepted

from .tasks import distribute, distribute_pending_key, distribute_region, drain_region, redistribute_bailiff_cases

logger = logging.getLogger(__name__)


def _enqueue(task, *args) -> None:
    # A broker outage must not fail the user's request: the sweep finds what was not queued.
    try:
        task.delay(*args)
    except Exception:
        logger.exception("Could not queue %s%s; the sweep will pick it up", task.name, args)


@receiver(application_accepted, dispatch_uid="assignment.distribute_on_accept")
def distribute_on_accept(sender, application_id: int, region_id: int | None = None, **kwargs) -> None:
    """Sent on the acceptance's commit. With a Redis broker: at most one `distribute_region` message pending per
    region (a burst of acceptances is one task run, not one message each); a message already waiting takes this
    application too. In-process (the demo, no Redis): distribute it now, as before."""
    if not coalesced():
        task_publish(distribute, application_id)
        return
    if region_id is None:
        from intake.models import Application

        region_id = Application.objects.filter(pk=application_id).values_list("region_id", flat=True).first()
        if region_id is None:
            return
    # Redis down: nothing is published and the sweep (every minute) drains the region.
    task_publish_once(distribute_pending_key(region_id), distribute_region, region_id,
                      ttl=settings.ASSIGNMENT_DISTRIBUTE_PENDING_TTL)


@receiver(bailiff_left_rotation, dispatch_uid="assignment.redistribute_open_cases")
def redistribute_open_cases(sender, bailiff_id: int, reason: str, **kwargs) -> None:
    _enqueue(redistribute_bailiff_cases, bailiff_id, reason)


@receiver(bailiff_joined_rotation, dispatch_uid="assignment.drain_on_join")
def drain_on_join(sender, region_id: int, **kwargs) -> None:
    _enqueue(drain_region, region_id)
