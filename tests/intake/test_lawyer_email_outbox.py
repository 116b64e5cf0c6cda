"""The lawyer's e-mail about his or her application goes through the outbox (issue 15): written in the change's own
transaction under the audit event's key, sent by the `email` queue, and sent once however often a message is
delivered (acks_late)."""

import pytest
from django.core import mail

from chamber_portal.core.models import OutgoingEmail
from chamber_portal.core.tasks import emails_send_fresh_task
from chamber_portal.settings import CELERY_TASK_ROUTES
from intake.services import application_submit
from intake.tasks import application_notify_lawyer
from tests.factories import ApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _sends(callbacks) -> list:
    """The on-commit callbacks that queue the outbox's send (a submission also queues its PDF)."""
    return [c for c in callbacks if "emails_send_fresh" in c.__qualname__]


def test_the_lawyers_e_mail_is_sent_on_the_email_queue():
    assert CELERY_TASK_ROUTES["chamber_portal.core.tasks.emails_send_fresh_task"] == {"queue": "email"}
    assert CELERY_TASK_ROUTES["intake.tasks.application_notify_lawyer"] == {"queue": "email"}


def test_a_redelivered_message_sends_the_lawyers_e_mail_once(django_capture_on_commit_callbacks):
    lawyer = UserFactory(role="lawyer", email="asel@example.kz")
    application = ApplicationFactory(lawyer=lawyer)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        application = application_submit(application=application, by=lawyer)
    # Written with the change, not yet sent; one send queued for the transaction.
    row = OutgoingEmail.objects.get()
    assert row.key.startswith("audit:") and row.to == "asel@example.kz" and row.sent_at is None
    assert application.reference in row.subject
    assert len(_sends(callbacks)) == 1

    for _delivery in range(2):  # the worker runs the message, then gets it again (acks_late)
        emails_send_fresh_task.apply()
    # And a message of the task queued before the outbox, for the same event: it finds the e-mail sent.
    application_notify_lawyer.apply(args=[application.pk, "submitted"])

    assert [message.to for message in mail.outbox] == [["asel@example.kz"]]
    assert OutgoingEmail.objects.get().sent_at is not None


def test_a_transaction_of_many_e_mails_queues_one_send(django_capture_on_commit_callbacks):
    from django.db import transaction

    lawyer = UserFactory(role="lawyer", email="asel@example.kz")
    applications = [ApplicationFactory(lawyer=lawyer) for _ in range(3)]
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        for application in applications:
            application_submit(application=application, by=lawyer)
    assert len(_sends(callbacks)) == 1  # eager here: it ran at commit and sent them all
    assert len(mail.outbox) == 3
    assert OutgoingEmail.objects.filter(sent_at=None).count() == 0


def test_no_row_for_a_lawyer_without_an_address(django_capture_on_commit_callbacks):
    lawyer = UserFactory(role="lawyer", email="")
    with django_capture_on_commit_callbacks(execute=True):
        application_submit(application=ApplicationFactory(lawyer=lawyer), by=lawyer)
    assert not OutgoingEmail.objects.exists() and not mail.outbox
