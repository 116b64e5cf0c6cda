"""The notification centre: every event that concerns a user is an in-app notice (the navbar bell, the list)
and an e-mail in the user's language, unless the user turned that topic's e-mail off.

Services write the notices with their change; the e-mail goes after commit. Intake and distribution events
have their own, fuller e-mails (intake.tasks, assignment.tasks) that ask `wants_email` too.
"""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from chamber_portal.core.after_commit import task_after_commit
from chamber_portal.core.audit import audit_record
from chamber_portal.core.audit_events import CoreEvent

from .models import Notification, User

# The notice kinds are their apps': each registers its own (`<app>/notices.py`, imported by its AppConfig.ready)
# with register_notice_kinds, so the core, which every app depends on, names none of them.
# Topics a user can mute by e-mail: topic -> (label, its kinds), in the order the apps register them.
TOPICS: dict[str, tuple[Promise | str, list[str]]] = {}
TOPIC_OF: dict[str, str] = {}
# Kinds e-mailed by their own task with a fuller text: the generic e-mail skips them.
OWN_EMAIL: set[str] = set()
# kind -> message; rendered in the reader's language when shown.
MESSAGES: dict[str, Promise | str] = {}
UNKNOWN_TOPIC = _("Unknown notification topic.")


def register_notice_kinds(*, topic: str, label: Promise | str, messages: dict[str, Promise | str],
                          own_email: Iterable[str] = ()) -> None:
    """An app's notice kinds: each with its message (`%(name)s` filled from the notice's data), all in the e-mail
    topic `topic` (a topic may gather the kinds of several apps: the first label given names it); `own_email`:
    the kinds the app e-mails itself, with a fuller text. Registering the same kinds again changes nothing."""
    unknown = set(own_email) - set(messages)
    if unknown:
        raise ValueError(f"own_email names kinds without a message: {sorted(unknown)}")
    taken = {kind: TOPIC_OF[kind] for kind in messages if TOPIC_OF.get(kind, topic) != topic}
    if taken:
        raise ValueError(f"notice kinds registered under another topic already: {taken}")
    kinds = TOPICS.setdefault(topic, (label, []))[1]
    for kind, message in messages.items():
        if kind not in kinds:
            kinds.append(kind)
        TOPIC_OF[kind] = topic
        MESSAGES[kind] = message
    OWN_EMAIL.update(own_email)


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
    # A kind no app registered would show as its bare name and escape the e-mail settings: refuse it.
    if unknown := {kind for _user, kind, _data, _url in items} - MESSAGES.keys():
        raise ValueError(f"Notice kinds not registered by any app (<app>/notices.py): {sorted(unknown)}")
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
