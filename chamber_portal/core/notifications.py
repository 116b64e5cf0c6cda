"""In-app notifications: written by the on-commit tasks that also send the e-mail, read in the navbar bell."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Notification, User

# kind -> message; rendered in the reader's language when shown.
MESSAGES = {
    "case_assigned": _("Case %(reference)s was distributed to you."),
    "bailiff_appointed": _("A bailiff is appointed to your application %(reference)s: %(bailiff)s."),
    "case_initiated": _("Enforcement proceedings on %(reference)s are initiated: decision № %(number)s of %(date)s."),
    "case_closed": _("Enforcement of %(reference)s is finished."),
    "complaint_filed": _("A complaint about your work on case %(reference)s was filed."),
    "complaint_decided": _("The complaint on case %(reference)s is decided."),
    "reassignment_held": _("The change of bailiff on %(reference)s is held until a breach decision is in force."),
    "reassignment_released": _("Case %(reference)s went to another bailiff under clause 12."),
    "inspection_ordered": _("An unscheduled inspection of your activity is ordered: № %(number)s of %(date)s."),
    "inspection_completed": _("The act of inspection № %(number)s is ready; objections may be filed by %(due)s."),
}


def notification_text(notification: Notification) -> str:
    message = MESSAGES.get(notification.kind)
    if message is None:
        return notification.kind
    try:
        return str(message) % notification.data
    except (KeyError, TypeError, ValueError):
        return str(message)


def notifications_create(*, items: list[tuple[User, str, dict, str]]) -> None:
    """(user, kind, data, url) for each notice, in one insert."""
    Notification.objects.bulk_create(
        [Notification(user=user, kind=kind, data=data, url=url) for user, kind, data, url in items]
    )


@transaction.atomic
def notifications_mark_read(*, user: User, ids: list[int] | None = None) -> int:
    """Mark the user's notifications read (all unread ones when `ids` is None); only the user's own."""
    qs = Notification.objects.filter(user=user, read_at=None)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())


def unread_count(user: User) -> int:
    return Notification.objects.filter(user=user, read_at=None).count()
