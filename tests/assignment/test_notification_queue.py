"""The notices and e-mails of a distribution run on their own queues and go once, however often their message is
delivered (acks_late: a worker that dies before acknowledging gets the message delivered again)."""

import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as MemoryBackend
from django.test import override_settings

from assignment.services import application_distribute
from assignment.tasks import assignment_notify
from chamber_portal.core.models import Notification, OutgoingEmail
from chamber_portal.core.outbox import emails_send
from chamber_portal.core.tasks import emails_send_task
from chamber_portal.settings import CELERY_TASK_ROUTES

from .conftest import accepted

pytestmark = pytest.mark.django_db


def test_the_notices_and_e_mails_go_to_their_own_queues_not_the_rotations():
    assert CELERY_TASK_ROUTES["assignment.tasks.assignment_notify"] == {"queue": "notifications"}
    for task in ("chamber_portal.core.tasks.emails_send_task", "chamber_portal.core.tasks.notifications_email",
                 "intake.tasks.application_notify_lawyer"):
        assert CELERY_TASK_ROUTES[task] == {"queue": "email"}


def test_a_redelivered_notification_task_sends_each_e_mail_once(bailiffs, django_capture_on_commit_callbacks):
    bailiffs[0].user.email = "bailiff@example.kz"
    bailiffs[0].user.save()
    application = accepted()
    with django_capture_on_commit_callbacks(execute=False):  # the worker runs the notification, below
        decision = application_distribute(application_id=application.pk)

    for _delivery in range(2):  # the same message, delivered twice
        with django_capture_on_commit_callbacks(execute=True):
            assignment_notify.apply(args=[[decision.pk]])

    assert sorted(message.to[0] for message in mail.outbox) == sorted(["bailiff@example.kz",
                                                                        application.lawyer.email])
    rows = OutgoingEmail.objects.order_by("key")
    assert [(row.key, row.sent_at is not None) for row in rows] == [(f"decision:{decision.pk}:bailiff", True),
                                                                     (f"decision:{decision.pk}:lawyer", True)]
    assert sorted(Notification.objects.values_list("user_id", "kind")) == sorted(
        [(bailiffs[0].user_id, "case_assigned"), (application.lawyer_id, "bailiff_appointed")])

    # And the e-mail queue's own message, delivered again after it was sent: nothing more goes out.
    emails_send_task.apply(args=[[row.key for row in rows]])
    assert len(mail.outbox) == 2


class RefusingBackend(MemoryBackend):
    """An SMTP server that is away: every session fails as smtplib's would after EMAIL_TIMEOUT."""

    def open(self):
        raise smtplib.SMTPConnectError(421, "timed out")


def test_an_e_mail_the_server_refused_stays_in_the_outbox_for_the_beat_and_goes_once(
        bailiffs, django_capture_on_commit_callbacks):
    application = accepted()
    decision = application_distribute(application_id=application.pk)
    with (override_settings(EMAIL_BACKEND="tests.assignment.test_notification_queue.RefusingBackend"),
          django_capture_on_commit_callbacks(execute=True)):
        assignment_notify.apply(args=[[decision.pk]])  # eager: its e-mail task runs at commit, and fails
    row = OutgoingEmail.objects.get(key=f"decision:{decision.pk}:lawyer")
    assert (row.sent_at, row.attempts, mail.outbox) == (None, 1, [])
    assert "SMTPConnectError" in row.last_error

    # The beat's pass, twice (as a slow beat and a redelivery might): one e-mail.
    assert emails_send(keys=[row.key]) == 1
    assert emails_send(keys=[row.key]) == 0
    assert [message.to for message in mail.outbox] == [[application.lawyer.email]]


def test_the_smtp_timeout_is_ten_seconds_unless_configured(settings):
    from django.core.mail.backends.smtp import EmailBackend

    assert settings.EMAIL_TIMEOUT == 10
    assert EmailBackend().timeout == 10
