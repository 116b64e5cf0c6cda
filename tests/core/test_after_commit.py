"""The one way to act after commit (chamber_portal/core/after_commit.py): real transactions, real commits, the
task's apply_async mocked (what `.delay()` publishes through)."""

import logging
import re
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from assignment.tasks import distribute
from chamber_portal.core.after_commit import task_after_commit, task_publish
from chamber_portal.core.tasks import emails_send_task
from intake.models import Application, Status
from intake.services import application_register_original, application_submit
from tests.factories import ApplicationFactory, UserFactory, region

pytestmark = pytest.mark.django_db(transaction=True)

BROKER_DOWN = OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")


@pytest.fixture
def published():
    with mock.patch.object(emails_send_task, "apply_async") as apply_async:
        yield apply_async


def _queue_and_roll_back(keys: list[str]) -> None:
    with transaction.atomic():
        task_after_commit(emails_send_task, keys)
        raise RuntimeError("the service refused")


def test_a_task_is_queued_once_after_the_commit_and_not_before(published):
    with transaction.atomic():
        task_after_commit(emails_send_task, ["audit:1:lawyer"])
        assert not published.called
    published.assert_called_once_with((["audit:1:lawyer"],), {})


def test_a_rolled_back_transaction_queues_nothing(published):
    with pytest.raises(RuntimeError):
        _queue_and_roll_back(["audit:1:lawyer"])
    assert not published.called


def test_a_rolled_back_savepoint_drops_its_task_and_keeps_the_outer_ones(published):
    with transaction.atomic():
        task_after_commit(emails_send_task, ["outer"])
        with pytest.raises(RuntimeError):
            _queue_and_roll_back(["inner, rolled back"])
        with transaction.atomic():
            task_after_commit(emails_send_task, ["inner, kept"])
        assert not published.called
    assert [c.args for c in published.call_args_list] == [((["outer"],), {}), ((["inner, kept"],), {})]


def test_outside_a_transaction_the_task_is_queued_at_once(published):
    task_after_commit(emails_send_task, ["now"])
    published.assert_called_once_with((["now"],), {})


def test_a_broker_outage_after_the_commit_is_logged_not_raised(published, caplog):
    published.side_effect = BROKER_DOWN
    with caplog.at_level(logging.ERROR, logger="chamber_portal.core.after_commit"), transaction.atomic():
        task_after_commit(emails_send_task, ["audit:1:lawyer"])
    assert published.call_count == 1
    assert any("Could not queue" in r.getMessage() and emails_send_task.name in r.getMessage()
               for r in caplog.records)
    assert task_publish(emails_send_task, ["again"]) is False


def test_the_callback_is_named_for_the_task_since_django_logs_a_failed_one_by_its_qualname():
    with transaction.atomic():
        task_after_commit(emails_send_task, [])
        _sids, callback, robust = transaction.get_connection().run_on_commit[-1]
        assert robust and callback.__qualname__ == f"task_after_commit({emails_send_task.name})"
        transaction.set_rollback(True)


def test_an_accept_answers_302_while_the_broker_is_down_and_the_case_waits_for_the_sweep(client, caplog):
    application = application_submit(application=(draft := ApplicationFactory()), by=draft.lawyer)
    staff = UserFactory(role="staff", region=region("KZ-75"))
    application_register_original(application=application, by=staff, registry_number="ВХ-1",
                                  received_at=timezone.now())
    client.force_login(staff)
    seen = []

    def broker_down(*args, **kwargs):
        seen.append((transaction.get_connection().in_atomic_block,
                     Application.objects.values_list("status", flat=True).get(pk=application.pk)))
        raise BROKER_DOWN

    with mock.patch.object(distribute, "apply_async", side_effect=broker_down) as apply_async, \
            caplog.at_level(logging.ERROR, logger="chamber_portal.core.after_commit"):
        response = client.post(reverse("intake:accept", args=[application.pk]),
                               {"court": "on", "parties": "on", "amount": "on", "document": "on"})
    assert response.status_code == 302
    apply_async.assert_called_once_with((application.pk,), {})
    assert seen == [(False, Status.ACCEPTED)]  # published once, after the acceptance was committed
    assert Application.objects.get(pk=application.pk).status == Status.ACCEPTED  # not assigned: the sweep's
    assert any("Could not queue" in r.getMessage() for r in caplog.records)


# The helpers themselves (after_commit.py, coalesce.py) are the only code that may call these.
ANOTHER_WAY = re.compile(r"\btransaction\.on_commit\(|\.delay\(|\.apply_async\(|\bon_commit\(")
HELPERS = {"chamber_portal/core/after_commit.py", "chamber_portal/core/coalesce.py"}
APPS = ["assignment", "bailiffs", "chamber_portal", "complaints", "demo", "inspections", "intake", "oversight",
        "webhooks"]


@pytest.mark.django_db(transaction=False)
def test_no_app_queues_a_task_or_defers_work_any_other_way():
    root = Path(settings.BASE_DIR)
    found = [f"{path.relative_to(root)}:{number}: {line.strip()}"
             for app in APPS for path in sorted((root / app).rglob("*.py"))
             if str(path.relative_to(root)) not in HELPERS and "/migrations/" not in str(path)
             for number, line in enumerate(path.read_text().splitlines(), start=1) if ANOTHER_WAY.search(line)]
    assert found == []
