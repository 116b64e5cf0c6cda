"""Reads of intake that depend on who asks: every list and detail starts here, so "not yours" is a 404."""

import re
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast
from django.utils import timezone

from chamber_portal.core.models import AuditEvent, User

from .models import INTAKE_QUEUE, Application, PowerOfAttorney, Status

REFERENCE = re.compile(r"\d{2}-\d{4}-\d{6}")

def applications_visible_to(user: User) -> QuerySet[Application]:
    qs = Application.objects.select_related("region", "document_kind", "assigned_bailiff")
    if not user.is_authenticated:
        return qs.none()
    if user.is_lawyer:
        return qs.filter(lawyer=user)
    if user.is_bailiff:
        return qs.filter(assigned_bailiff__user=user)
    if user.is_chamber_staff or user.is_administrator:
        # Staff never see drafts: a draft is the lawyer's own until it is submitted.
        qs = qs.exclude(status=Status.DRAFT)
        return qs if user.region_id is None else qs.filter(region_id=user.region_id)
    return qs.none()


def applications_search(qs: QuerySet[Application], text: str) -> QuerySet[Application]:
    """Reference, debtor name or IIN/BIN."""
    text = (text or "").strip()
    if not text:
        return qs
    if REFERENCE.fullmatch(text):
        return qs.filter(reference=text)
    compact = text.replace(" ", "").replace("-", "")
    if len(compact) == 12 and compact.isdigit():
        return qs.filter(Q(debtor_iin_bin=compact) | Q(creditor_iin_bin=compact))
    return qs.filter(debtor_name__icontains=text)


def staff_intake_queue(user: User) -> QuerySet[Application]:
    """Waiting for the original or for a decision; the earliest due first, so the overdue lead."""
    return (
        applications_visible_to(user)
        .filter(status__in=INTAKE_QUEUE)
        .select_related("lawyer")
        .order_by("original_due", "id")
    )


def application_timeline(application: Application) -> QuerySet[AuditEvent]:
    """Status events (from, to, who, when, note), oldest first, read from the audit log."""
    return (
        AuditEvent.objects.filter(
            content_type=ContentType.objects.get_for_model(Application), object_id=str(application.pk)
        )
        .exclude(to_state="")
        .select_related("actor")
        .order_by("at", "id")
    )


def powers_of_attorney_of(user: User) -> QuerySet[PowerOfAttorney]:
    """A lawyer's own standing powers of attorney; nobody else's."""
    if not user.is_authenticated or not user.is_lawyer:
        return PowerOfAttorney.objects.none()
    return PowerOfAttorney.objects.filter(lawyer=user)


def feed_horizon() -> datetime:
    """The change feed shows events older than this, so that a cursor never passes an event still uncommitted.

    An event's id is taken when it is written, not when its transaction commits: a later id may commit first.
    So the feed holds back what is younger than EVENTS_FEED_SETTLE_SECONDS and, on PostgreSQL, than the start of
    the oldest transaction still writing (less a second), whose events are not visible yet.
    """
    horizon = timezone.now() - timedelta(seconds=settings.EVENTS_FEED_SETTLE_SECONDS)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT min(xact_start) FROM pg_stat_activity WHERE datname = current_database() "
                "AND backend_xid IS NOT NULL AND pid <> pg_backend_pid()"
            )
            oldest = cursor.fetchone()[0]
        if oldest is not None:
            horizon = min(horizon, oldest - timedelta(seconds=1))
    return horizon


def status_events_visible_to(user: User, *, after: int = 0) -> QuerySet[AuditEvent]:
    """Status events of the applications the user sees, by event id (the feed's cursor), oldest first."""
    visible = applications_visible_to(user).order_by().annotate(key=Cast("id", CharField())).values("key")
    return (
        AuditEvent.objects.filter(content_type=ContentType.objects.get_for_model(Application), id__gt=after,
                                  at__lt=feed_horizon(), object_id__in=visible)
        .exclude(to_state="")
        .only("id", "object_id", "from_state", "to_state", "at")
        .order_by("id")
    )
