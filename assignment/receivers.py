"""Assignment listens to intake and the registry; they never import it (dependencies point one way)."""

from django.conf import settings
from django.dispatch import receiver

from bailiffs.signals import bailiff_joined_rotation, bailiff_left_rotation
from chamber_portal.core.after_commit import task_after_commit
from chamber_portal.core.coalesce import coalesced, task_after_commit_once
from intake.signals import application_accepted

from .tasks import distribute, distribute_pending_key, distribute_region, drain_region, redistribute_bailiff_cases

# The signals are sent inside the sender's transaction; every task here is queued for its commit, and a broker
# outage then is logged, not raised: the sweep finds what was not queued (chamber_portal/core/after_commit.py).


@receiver(application_accepted, dispatch_uid="assignment.distribute_on_accept")
def distribute_on_accept(sender, application_id: int, region_id: int | None = None, **kwargs) -> None:
    """Sent inside the acceptance's transaction; the distribution is queued for its commit. With a Redis broker:
    at most one `distribute_region` message pending per region (a burst of acceptances is one task run, not one
    message each); a message already waiting takes this application too. In-process (the demo, no Redis):
    distribute it on commit, as before."""
    if not coalesced():
        task_after_commit(distribute, application_id)
        return
    if region_id is None:
        from intake.models import Application

        region_id = Application.objects.filter(pk=application_id).values_list("region_id", flat=True).first()
        if region_id is None:
            return
    # Redis down: nothing is published and the sweep (every minute) drains the region.
    task_after_commit_once(distribute_pending_key(region_id), distribute_region, region_id,
                           ttl=settings.ASSIGNMENT_DISTRIBUTE_PENDING_TTL)


@receiver(bailiff_left_rotation, dispatch_uid="assignment.redistribute_open_cases")
def redistribute_open_cases(sender, bailiff_id: int, reason: str, **kwargs) -> None:
    task_after_commit(redistribute_bailiff_cases, bailiff_id, reason)


@receiver(bailiff_joined_rotation, dispatch_uid="assignment.drain_on_join")
def drain_on_join(sender, region_id: int, **kwargs) -> None:
    task_after_commit(drain_region, region_id)
