"""A milestone typed in with a past date reopens that day's summary (issue 15): staff register an original with
the time it arrived, a bailiff records the date of the decision to initiate. Until the hourly task rewrites the
day, the figures read it (and the days after it) from the tables, so they stay exact."""

from django.db.models.signals import post_save
from django.utils import timezone


def _reopen(day) -> None:
    from .models import SummarisedDay

    SummarisedDay.objects.filter(day=day, final=True).update(final=False)


def application_saved(sender, instance, **kwargs) -> None:
    # The original is registered (status original_received) with original_received_at, which may be in the past.
    if instance.status == "original_received" and instance.original_received_at is not None:
        _reopen(timezone.localdate(instance.original_received_at))


def assignment_saved(sender, instance, **kwargs) -> None:
    if instance.initiated_on is not None:
        _reopen(instance.initiated_on)


def connect() -> None:
    post_save.connect(application_saved, sender="intake.Application", dispatch_uid="oversight.application_saved")
    post_save.connect(assignment_saved, sender="assignment.Assignment", dispatch_uid="oversight.assignment_saved")
