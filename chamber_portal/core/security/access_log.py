"""The personal-data access log (Law of the RK "On personal data and their protection"; issue 13, ADR 0014).

Every read of an application's details, documents or an export that contains it, by anyone but its lawyer, is
one PersonalDataAccess row: who, the role at the time, when, what. Lists are not reads of the details and write
nothing, so they stay as fast as before. Rows older than ACCESS_LOG_RETENTION_DAYS are purged daily.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from ..models import AccessAction, PersonalDataAccess, User

BATCH = 1000


def _logged(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False)


def personal_data_read(*, user: User, application, action: AccessAction | str, detail: str = "") -> None:
    """Record that `user` read `application`'s personal data (nothing when the user is its lawyer)."""
    if not _logged(user) or application.lawyer_id == user.pk:
        return
    PersonalDataAccess.objects.create(user=user, role=user.role, application_id=application.pk, action=action,
                                      detail=detail[:200])


def personal_data_export(rows: Iterable, *, user: User, detail: str,
                         application_of: Callable = lambda row: row) -> Iterator:
    """Yield the export's rows unchanged, recording each application in it (in batches, as the file is written:
    a download that stops half way records what was sent)."""
    pending: list[PersonalDataAccess] = []
    now = timezone.now()
    for row in rows:
        application = application_of(row)
        if application is not None and _logged(user) and application.lawyer_id != user.pk:
            pending.append(PersonalDataAccess(at=now, user=user, role=user.role, application_id=application.pk,
                                              action=AccessAction.EXPORT, detail=detail[:200]))
            if len(pending) >= BATCH:
                PersonalDataAccess.objects.bulk_create(pending)
                pending = []
        yield row
    if pending:
        PersonalDataAccess.objects.bulk_create(pending)


def may_read_access_log(user) -> bool:
    """Administrators and national staff read who read an application's personal data."""
    return _logged(user) and (user.is_administrator or user.is_national_staff)


def access_log_of(application_id: int):
    return PersonalDataAccess.objects.filter(application_id=application_id).select_related("user") \
        .order_by("-at", "-id")


def access_log_purge() -> int:
    """Delete the rows older than ACCESS_LOG_RETENTION_DAYS (the daily beat task); returns how many."""
    cutoff = timezone.now() - timedelta(days=settings.ACCESS_LOG_RETENTION_DAYS)
    return PersonalDataAccess.objects.filter(at__lt=cutoff).delete()[0]
