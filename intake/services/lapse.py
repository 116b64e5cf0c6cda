from datetime import date

from django.db import transaction
from django.utils import timezone

from ..audit_events import IntakeEvent
from ..models import Application, Status
from .common import transition


def applications_lapse_overdue(*, today: date | None = None) -> int:
    """Submitted applications whose original is past due lapse; one short transaction per application."""
    today = today or timezone.localdate()
    lapsed = 0
    overdue = Application.objects.filter(status=Status.SUBMITTED, original_due__lt=today).values_list("id", flat=True)
    for pk in overdue.iterator(chunk_size=1000):
        with transaction.atomic():
            # Re-read under lock: the original may have been registered since the list was taken.
            application = Application.objects.select_for_update().filter(
                pk=pk, status=Status.SUBMITTED, original_due__lt=today
            ).first()
            if application is None:
                continue
            transition(application, to=Status.LAPSED, by=None, kind=IntakeEvent.LAPSED,
                       data={"original_due": application.original_due})
            lapsed += 1
    return lapsed
