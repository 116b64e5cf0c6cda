"""Distribution through a real `celery worker` on Redis and the test database (docs/domain.md §5).

Applications are accepted through the intake service, each in its own transaction, so each enqueues
`assignment.tasks.distribute` on commit, as in production; the worker is a separate process that only
sees committed data.
"""

import pytest

from tests.factories import UserFactory

from . import worker_support as support

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

BAILIFFS = {"KZ-75": 5, "KZ-71": 4, "KZ-79": 3}


@pytest.fixture
def stack(transactional_db, tmp_path, request):
    with support.running_stack(request, tmp_path) as stack:
        yield stack


def test_a_real_worker_assigns_200_applications_exactly_once_and_evenly(stack):
    support.bailiffs_create(BAILIFFS)
    staff = UserFactory(role="staff")
    received = support.applications_received(200, list(BAILIFFS))
    ids = [a.pk for a in received]

    # The first ones are accepted before any worker runs: their messages wait in the private Redis, which
    # shows this process really publishes there (not in-process, not to another broker); one per region, since a
    # region's pending message takes every acceptance after it (issue 15).
    support.accept_all(received[:20], staff)
    assert stack.redis.queued() == len(BAILIFFS)
    assert support.assigned(ids) == 0

    worker = stack.worker()
    timings = support.accept_all(received[20:], staff)
    seconds = support.wait_until_assigned(ids, timeout=120, worker=worker)

    per_region = support.assert_assigned_exactly_once(ids)
    cases = {code: len(received[i::len(BAILIFFS)]) for i, code in enumerate(BAILIFFS)}
    assert per_region == {code: support.expected_counts(cases[code], n) for code, n in BAILIFFS.items()}
    # Every message ran (none left behind a region's mark).
    support.wait_for(lambda: stack.redis.queued() == 0, timeout=60,
                     message=lambda: f"{stack.redis.queued()} distribute messages left:\n{worker.log_tail()}")
    assert "Traceback" not in worker.log(), worker.log_tail()
    print(f"200 accepted (accept p50 {sorted(timings)[len(timings) // 2] * 1000:.0f} ms), all assigned "
          f"{seconds:.1f} s after the last accept; per bailiff: {per_region}")


def test_a_burst_in_one_region_is_assigned_by_few_tasks_in_the_order_of_acceptance(stack):
    support.bailiffs_create({"KZ-75": 4})
    staff = UserFactory(role="staff")
    received = support.applications_received(302, ["KZ-75"], prefix="B")
    ids = [a.pk for a in received]
    # The burst arrives faster than any worker: 302 acceptances, one message waiting (issue 15's coalescing:
    # it was one per acceptance).
    support.accept_all(received, staff)
    assert stack.redis.queued() == 1

    worker = stack.worker()
    seconds = support.wait_until_assigned(ids, timeout=120, worker=worker)
    support.wait_for(lambda: stack.redis.queued() == 0 and len(support.distribute_tasks(worker.log())) == 1,
                     timeout=60, message=lambda: f"not every message ran:\n{worker.log_tail()}")

    per_region = support.assert_assigned_exactly_once(ids)
    assert per_region == {"KZ-75": [76, 76, 75, 75]}
    support.assert_in_acceptance_order(ids)
    done = [n for _seconds, n in support.distribute_tasks(worker.log())]
    working = [n for n in done if n]
    # The one task took the region's queue in the drain's batches.
    assert sum(working) == 302 and len(working) == 1, working
    assert "Traceback" not in worker.log(), worker.log_tail()
    print(f"302 accepts in one region assigned {seconds:.1f} s after the worker started, by {len(working)} of "
          f"{len(done)} tasks (batches {working}); per bailiff: {per_region}")


def test_a_burst_with_the_worker_running_publishes_a_few_messages_and_assigns_all_in_order_evenly(stack):
    support.bailiffs_create({"KZ-75": 4})
    staff = UserFactory(role="staff")
    received = support.applications_received(200, ["KZ-75"], prefix="R")
    ids = [a.pk for a in received]
    worker = stack.worker()
    support.accept_all(received, staff)  # as fast as one client can, while the worker assigns
    seconds = support.wait_until_assigned(ids, timeout=120, worker=worker)
    support.wait_for(lambda: stack.redis.queued() == 0, timeout=60,
                     message=lambda: f"distribute_region messages left:\n{worker.log_tail()}")

    per_region = support.assert_assigned_exactly_once(ids)
    assert per_region == {"KZ-75": [50, 50, 50, 50]}
    support.assert_in_acceptance_order(ids)
    done = [n for _seconds, n in support.distribute_tasks(worker.log())]
    # A message is published only when none is pending for the region: while one runs, the acceptances
    # committed meanwhile publish one more between them, not one each (200 messages before issue 15; 70 here on
    # 3 December, each with work: a worker that keeps up runs often, one that falls behind takes bigger batches,
    # as the burst queued before the worker above shows: 302 accepts, 1 message).
    assert sum(done) == 200 and len(done) <= len(ids) // 2, done
    assert "Traceback" not in worker.log(), worker.log_tail()
    print(f"200 accepts in one region with the worker running: {len(done)} distribute_region messages "
          f"(batches {done}), all assigned {seconds:.1f} s after the last accept; per bailiff: {per_region}")


def test_a_run_clears_its_mark_before_its_batch_so_an_acceptance_meanwhile_publishes_again(stack):
    from assignment.tasks import distribute_region

    support.bailiffs_create({"KZ-75": 2, "KZ-71": 2})
    staff = UserFactory(role="staff")
    received = support.applications_received(8, ["KZ-75", "KZ-71"], prefix="M")
    support.accept_all(received[:4], staff)
    assert stack.redis.queued() == 2  # one per region, no worker yet
    region_id = received[0].region_id
    # The region's run, in this process (as a worker would run the queued message): clears the mark, then drains.
    # .result, not .get(): an in-process worker started by an earlier test marks the process as inside a task, so
    # Celery refuses a .get() there even for an eager result.
    run = distribute_region.apply(args=[region_id])
    assert run.successful() and run.result == 2, run.traceback
    support.accept_all(received[4:], staff)  # one more in each region: only the drained region publishes again
    assert stack.redis.queued() == 3
    assert sorted(support.queued_regions(stack.redis)) == sorted({a.region_id for a in received})
