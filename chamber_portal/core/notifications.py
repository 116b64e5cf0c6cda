"""The notification centre: every event that concerns a user is an in-app notice (the navbar bell, the list)
and an e-mail in the user's language, unless the user turned that topic's e-mail off.

Services write the notices with their change; the e-mail goes after commit. Intake and distribution events
have their own, fuller e-mails (intake.tasks, assignment.tasks) that ask `wants_email` too.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chamber_portal.core.after_commit import task_after_commit
from chamber_portal.core.audit import audit_record
from chamber_portal.core.audit_events import CoreEvent

from .models import Notification, User

# Topics a user can mute by e-mail, and the kinds in each.
TOPICS = {
    "applications": (_("My applications: original registered, accepted, returned, lapsed"),
                     ["application_original_registered", "application_accepted", "application_returned",
                      "application_lapsed", "power_of_attorney_expiring"]),
    "cases": (_("Cases: appointment of a bailiff, initiation, closing"),
              ["case_assigned", "bailiff_appointed", "case_initiated", "case_closed", "case_region_changed"]),
    "complaints": (_("Complaints and changes of bailiff under clause 12"),
                   ["complaint_filed", "complaint_decided", "reassignment_released"]),
    "inspections": (_("Inspections"), ["inspection_ordered", "inspection_completed"]),
}
TOPIC_OF = {kind: topic for topic, (_label, kinds) in TOPICS.items() for kind in kinds}
# Kinds e-mailed by their own task with a fuller text: the generic e-mail skips them.
OWN_EMAIL = {"case_assigned", "bailiff_appointed", "case_initiated", "case_closed",
             "application_original_registered", "application_accepted", "application_returned",
             "application_lapsed"}
UNKNOWN_TOPIC = _("Unknown notification topic.")

# kind -> message; rendered in the reader's language when shown.
MESSAGES = {
    "case_assigned": _("Case %(reference)s was distributed to you."),
    "bailiff_appointed": _("A bailiff is appointed to your application %(reference)s: %(bailiff)s."),
    "application_original_registered": _("The Chamber registered the paper original of %(reference)s."),
    "application_accepted": _("Application %(reference)s is accepted; a bailiff is being appointed."),
    "application_returned": _("Application %(reference)s is returned to you: see the reason."),
    "application_lapsed": _("Application %(reference)s lapsed: the paper original did not arrive in time."),
    "power_of_attorney_expiring": _("Your standing power of attorney for the claimant %(creditor)s is valid until "
                                    "%(date)s: upload a new one, or that claimant's applications will need one each."),
    "case_initiated": _("Enforcement proceedings on %(reference)s are initiated: decision № %(number)s of %(date)s."),
    "case_closed": _("Enforcement of %(reference)s is finished."),
    "case_region_changed": _("Case %(reference)s is transferred from %(from)s to the enforcement district %(to)s: "
                             "a bailiff there is appointed by its rotation."),
    "complaint_filed": _("A complaint about your work on case %(reference)s was filed."),
    "complaint_decided": _("The complaint on case %(reference)s is decided."),
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


def wants_email(user: User, kind: str) -> bool:
    return bool(user.email) and TOPIC_OF.get(kind) not in (user.email_muted or [])


def notifications_create(*, items: list[tuple[User, str, dict, str]], keys: list[str] | None = None) -> None:
    """(user, kind, data, url) for each notice, in one insert; the e-mail copies go after commit.

    A task that may be delivered twice gives each notice a `key` (what it is about): a notice whose key exists
    already is not written again, and neither is its e-mail."""
    notices = [Notification(user=user, kind=kind, data=data, url=url) for user, kind, data, url in items]
    if keys is None:
        created = Notification.objects.bulk_create(notices)
    else:
        for notice, key in zip(notices, keys, strict=True):
            notice.key = key
        existing = set(Notification.objects.filter(key__in=keys).values_list("key", flat=True))
        Notification.objects.bulk_create([n for n in notices if n.key not in existing], ignore_conflicts=True)
        by_key = dict(Notification.objects.filter(key__in=set(keys) - existing).values_list("key", "pk"))
        created = []
        for notice in notices:
            notice.pk = by_key.get(notice.key)
            created.append(notice)
    ids = [n.pk for n, (user, kind, _d, _u) in zip(created, items, strict=True)
           if n.pk is not None and kind not in OWN_EMAIL and wants_email(user, kind)]
    if ids:
        from .tasks import notifications_email

        # A broker outage after commit is logged; the in-app notice is there regardless.
        task_after_commit(notifications_email, ids)


@transaction.atomic
def notification_preferences_set(*, user: User, muted: list[str]) -> User:
    """Which topics the user does not want by e-mail."""
    if any(topic not in TOPICS for topic in muted):
        raise ValidationError({"muted": [UNKNOWN_TOPIC]})
    user = User.objects.select_for_update().get(pk=user.pk)
    before = sorted(user.email_muted or [])
    user.email_muted = sorted(set(muted))
    user.save(update_fields=["email_muted"])
    audit_record(actor=user, obj=user, kind=CoreEvent.EMAIL_PREFERENCES,
                 data={"before": before, "after": user.email_muted})
    return user


@transaction.atomic
def notifications_mark_read(*, user: User, ids: list[int] | None = None) -> int:
    """Mark the user's notifications read (all unread ones when `ids` is None); only the user's own."""
    qs = Notification.objects.filter(user=user, read_at=None)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())


def unread_count(user: User) -> int:
    return Notification.objects.filter(user=user, read_at=None).count()
