"""Assignment listens to intake and the registry; they never import it (dependencies point one way)."""

import logging

from django.dispatch import receiver

from bailiffs.signals import bailiff_joined_rotation, bailiff_left_rotation
from intake.signals import application_accepted

from .tasks import distribute, drain_region, redistribute_bailiff_cases

logger = logging.getLogger(__name__)


def _enqueue(task, *args) -> None:
    # A broker outage must not fail the user's request: the sweep finds what was not queued.
    try:
        task.delay(*args)
    except Exception:
        logger.exception("Could not queue %s%s; the sweep will pick it up", task.name, args)


@receiver(application_accepted, dispatch_uid="assignment.distribute_on_accept")
def distribute_on_accept(sender, application_id: int, **kwargs) -> None:
    _enqueue(distribute, application_id)


@receiver(bailiff_left_rotation, dispatch_uid="assignment.redistribute_open_cases")
def redistribute_open_cases(sender, bailiff_id: int, reason: str, **kwargs) -> None:
    _enqueue(redistribute_bailiff_cases, bailiff_id, reason)


@receiver(bailiff_joined_rotation, dispatch_uid="assignment.drain_on_join")
def drain_on_join(sender, region_id: int, **kwargs) -> None:
    _enqueue(drain_region, region_id)
