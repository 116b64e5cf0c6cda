"""The notices of the rotation's decisions are one coalesced message, not one per batch (issue 15): each decision
is listed for its notices in its own transaction, and at most one `assignment_notify_due` message waits in the
notifications queue, however many batches commit; its run writes every listed decision's notices once."""

import json

import pytest

from assignment.models import DecisionToNotify, DistributionDecision
from chamber_portal.core.models import Notification
from tests.factories import UserFactory

from . import worker_support as support

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

NOTIFY_DUE = "assignment.tasks.assignment_notify_due"


@pytest.fixture
def stack(transactional_db, tmp_path, request):
    with support.running_stack(request, tmp_path) as stack:
        yield stack


def _run(task, *args):
    # .result, not .get(): after an in-process worker Celery refuses .get() in this process.
    run = task.apply(args=list(args))
    assert run.successful(), run.traceback
    return run.result


def test_batches_in_two_regions_queue_one_notices_message_whose_run_notifies_each_decision_once(stack):
    from assignment.tasks import assignment_notify_due, distribute_region

    support.bailiffs_create({"KZ-75": 2, "KZ-71": 2})
    received = support.applications_received(6, ["KZ-75", "KZ-71"], prefix="N")
    support.accept_all(received, UserFactory(role="staff"))
    for region_id in {a.region_id for a in received}:
        assert _run(distribute_region, region_id) == 3  # two regions' runs: two transactions of decisions

    assert DecisionToNotify.objects.count() == 6
    assert stack.redis.queued(NOTIFY_DUE, queue="notifications") == 1
    # It waits NOTICES_GATHER_SECONDS before it runs, so one run takes what a burst brings meanwhile.
    [raw] = stack.redis.client().lrange("notifications", 0, -1)
    assert json.loads(raw)["headers"]["eta"] is not None
    assert Notification.objects.filter(kind__in=["case_assigned", "bailiff_appointed"]).count() == 0

    assert _run(assignment_notify_due) == 6
    for _redelivery in range(2):  # the same message delivered again, and the sweep's: nothing is written twice
        assert _run(assignment_notify_due) == 0
    assert DecisionToNotify.objects.count() == 0
    decisions = DistributionDecision.objects.select_related("application", "chosen")
    expected = sorted([(d.chosen.user_id, "case_assigned") for d in decisions]
                      + [(d.application.lawyer_id, "bailiff_appointed") for d in decisions])
    assert sorted(Notification.objects.filter(kind__in=["case_assigned", "bailiff_appointed"])
                  .values_list("user_id", "kind")) == expected


def test_a_lost_notices_message_is_queued_again_by_the_minutes_sweep(stack):
    from assignment.tasks import assignment_notify_due, distribute_region, sweep
    from chamber_portal.core.coalesce import pending_clear

    support.bailiffs_create({"KZ-75": 2})
    received = support.applications_received(2, ["KZ-75"], prefix="L")
    support.accept_all(received, UserFactory(role="staff"))
    _run(distribute_region, received[0].region_id)
    # The message is lost with Redis's list (its pending mark expired): only the rows remain.
    stack.redis.client().delete("notifications")
    pending_clear("assignment.notify_due")
    assert stack.redis.queued(NOTIFY_DUE, queue="notifications") == 0

    _run(sweep)
    assert stack.redis.queued(NOTIFY_DUE, queue="notifications") == 1
    _run(sweep)  # one is pending already: the next minute's sweep queues no second one
    assert stack.redis.queued(NOTIFY_DUE, queue="notifications") == 1
    assert _run(assignment_notify_due) == 2
    assert DecisionToNotify.objects.count() == 0


def test_a_free_worker_process_takes_the_rotations_queue_before_a_backlog_of_notices(stack):
    from django.conf import settings

    from assignment.tasks import assignment_notify

    assert sorted(["notifications", "email", "documents", settings.CELERY_TASK_DEFAULT_QUEUE])[0] == "chamber"
    support.bailiffs_create({"KZ-75": 1, "KZ-71": 1, "KZ-79": 1})
    for _message in range(20):  # a backlog of notices messages, queued first
        assignment_notify.delay([])
    received = support.applications_received(3, ["KZ-75", "KZ-71", "KZ-79"], prefix="Q")
    support.accept_all(received, UserFactory(role="staff"))  # then one rotation message per region
    assert stack.redis.queued() == 3

    worker = stack.worker()
    support.wait_for(lambda: worker.log().count(" received") >= 6, timeout=60, message=worker.log_tail)
    order = [line.split("Task ", 1)[1].split("[", 1)[0] for line in worker.log().splitlines()
             if "] received" in line][:6]
    # Round robin would alternate the queues; the rotation's three come first.
    assert order[:3] == ["assignment.tasks.distribute_region"] * 3, order


def test_a_backlog_of_notices_is_written_fifty_a_run_each_run_queueing_the_next(stack):
    from assignment.tasks import NOTIFY_PER_RUN, assignment_notify_due, distribute_region
    from chamber_portal.core.coalesce import pending_clear

    support.bailiffs_create({"KZ-75": 3})
    received = support.applications_received(NOTIFY_PER_RUN + 10, ["KZ-75"], prefix="B")
    support.accept_all(received, UserFactory(role="staff"))
    assert _run(distribute_region, received[0].region_id) == NOTIFY_PER_RUN + 10
    stack.redis.client().delete("notifications")  # the message the batch queued; the runs below stand for it
    pending_clear("assignment.notify_due")

    assert _run(assignment_notify_due) == NOTIFY_PER_RUN  # a short run, so the rotation's messages go between
    assert DecisionToNotify.objects.count() == 10
    assert stack.redis.queued(NOTIFY_DUE, queue="notifications") == 1  # it queued the next
    assert _run(assignment_notify_due) == 10
    assert DecisionToNotify.objects.count() == 0
    assert stack.redis.queued(NOTIFY_DUE, queue="notifications") == 1  # and the last queued nothing more


def test_a_backlog_of_e_mails_is_sent_fifty_a_run_each_run_queueing_the_next(stack, mailoutbox):
    from django.db import transaction

    from chamber_portal.core.outbox import emails_queue
    from chamber_portal.core.tasks import EMAILS_PER_RUN, emails_send_fresh_task

    with transaction.atomic():
        emails_queue(items=[(f"bench:{n}", f"r{n}@example.kz", "S", "B") for n in range(EMAILS_PER_RUN + 5)])

    assert _run(emails_send_fresh_task) == EMAILS_PER_RUN
    assert stack.redis.queued("chamber_portal.core.tasks.emails_send_fresh_task", queue="email") == 1
    assert _run(emails_send_fresh_task) == 5
    assert len(mailoutbox) == EMAILS_PER_RUN + 5
    assert stack.redis.queued("chamber_portal.core.tasks.emails_send_fresh_task", queue="email") == 1
