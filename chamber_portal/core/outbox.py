"""E-mail through an outbox: one row per message, written first, sent once (docs/domain.md §5, docs/architecture.md §8:
with acks_late a task
can be delivered twice, so the row, not the message, says whether an e-mail went).

The rows are written by whoever decides to e-mail (a notification task, in its transaction); the `email` queue's
task sends them: it locks the unsent rows of its batch (`SKIP LOCKED`: a second delivery running at the same time
leaves them to the first), sends them over one SMTP connection whose every call gives up after EMAIL_TIMEOUT
seconds, and marks them sent in the same transaction. A redelivered message finds them sent and does nothing.
What could not be sent stays unsent and beat's `emails_send_due` tries it again.

The one window left is the SMTP protocol's own: a worker killed after the server accepted a message and before
the commit sends that message again (at least once; never twice for a redelivery of a task that finished).
"""

import logging
import smtplib
from datetime import timedelta

from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone

from .models import OutgoingEmail

logger = logging.getLogger(__name__)

# A batch: what one task sends over one connection.
BATCH = 200
# The beat gives up on an address after this many failed attempts (the row stays, with its last error).
MAX_ATTEMPTS = 10


def emails_queue(*, items: list[tuple[str, str, str, str]]) -> list[str]:
    """(key, to, subject, body) for each e-mail, in one insert; a key that exists already keeps its row (a task
    delivered again writes nothing new). Returns the keys, for the caller to send after commit."""
    if not items:
        return []
    OutgoingEmail.objects.bulk_create(
        [OutgoingEmail(key=key, to=to, subject=subject, body=body) for key, to, subject, body in items],
        ignore_conflicts=True,
    )
    return [key for key, _to, _subject, _body in items]


def emails_send(*, keys: list[str] | None = None, older_than: timedelta | None = None, fresh: bool = False,
                limit: int = BATCH) -> int:
    """Send the unsent e-mails named by `keys` (or, for beat, those waiting longer than `older_than`; or, `fresh`,
    those never tried, oldest first), each at most once; returns how many were sent."""
    with transaction.atomic():
        rows = OutgoingEmail.objects.select_for_update(skip_locked=True).filter(sent_at=None)
        if keys is not None:
            rows = rows.filter(key__in=keys)
        if older_than is not None:
            rows = rows.filter(created_at__lt=timezone.now() - older_than, attempts__lt=MAX_ATTEMPTS)
        if fresh:
            rows = rows.filter(attempts=0)
        rows = list(rows.order_by("created_at", "id")[:limit] if fresh else rows.order_by("id")[:limit])
        if not rows:
            return 0
        sent, failed = [], []
        try:
            with get_connection() as connection:  # one SMTP session for the batch; EMAIL_TIMEOUT on every call
                for row in rows:
                    try:
                        EmailMessage(row.subject, row.body, None, [row.to], connection=connection).send()
                    except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError, smtplib.SMTPSenderRefused) as error:
                        failed.append((row, error))  # this message only: the session goes on
                    else:
                        sent.append(row.pk)
        except (OSError, smtplib.SMTPException) as error:  # the server is away or slow: the rest waits for beat
            failed += [(row, error) for row in rows if row.pk not in sent and all(row is not f for f, _e in failed)]
        now = timezone.now()
        if sent:
            OutgoingEmail.objects.filter(pk__in=sent).update(sent_at=now)
        for row, error in failed:
            row.attempts += 1
            row.last_error = f"{type(error).__name__}: {error}"[:300]
            row.save(update_fields=["attempts", "last_error"])
        if failed:
            logger.warning("%d of %d e-mails not sent (%s); beat tries them again", len(failed), len(rows),
                           failed[0][1])
    return len(sent)
