"""What complaints does when the rotation moves a case (assignment.signals)."""

from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone

from assignment.models import Reason
from assignment.signals import case_redistributed
from chamber_portal.core.audit import audit_record
from chamber_portal.core.notifications import notifications_create

from .audit_events import ComplaintEvent
from .models import CancelReason, Reassignment, ReassignmentStatus


@receiver(case_redistributed, dispatch_uid="complaints.settle_held_reassignment")
def settle_held_reassignment(sender, application, previous_bailiff_id, reason, decision, by=None, **kwargs
                             ) -> None:
    """A case moved for breach releases the held request (whichever path moved it); moved for another reason,
    the request is moot: the bailiff complained about no longer holds the case."""
    held = Reassignment.objects.select_for_update().filter(
        application=application, bailiff_id=previous_bailiff_id, status=ReassignmentStatus.HELD).first()
    if held is None:
        return
    if reason == Reason.BREACH_CONFIRMED:
        held.status, held.released_at = ReassignmentStatus.RELEASED, timezone.now()
        held.new_bailiff_id = decision.chosen_id if decision else None
        fields, kind = ["status", "released_at", "new_bailiff"], ComplaintEvent.RELEASED
    else:
        held.status, held.cancel_reason = ReassignmentStatus.CANCELLED, CancelReason.MOVED_ON
        fields, kind = ["status", "cancel_reason"], ComplaintEvent.CANCELLED
    held.save(update_fields=fields)
    audit_record(actor=by, obj=held, kind=kind, before=ReassignmentStatus.HELD, after=held.status,
                 data={"reason": reason, "distribution": decision.pk if decision else None,
                       "new_bailiff": held.new_bailiff_id})
    if held.status == ReassignmentStatus.RELEASED:
        url = reverse("intake:application_detail", args=[application.pk])
        data = {"reference": application.reference}
        notifications_create(items=[
            (application.lawyer, "reassignment_released", data, url),
            (held.bailiff.user, "reassignment_released", data, ""),
        ])
