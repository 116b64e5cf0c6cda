"""Beat (issue 16): one scheduler (celery-redbeat), every periodic task hourly, catching up on a missed day."""

from datetime import date

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.utils import timezone

from bailiffs.services import bailiff_pause
from bailiffs.tasks import long_pauses_begin_task
from intake.models import Application, Status
from intake.tasks import applications_lapse_overdue_task
from tests.bailiffs.conftest import almaty  # noqa: F401 (a fixture)
from tests.factories import ApplicationFactory, AssignedApplicationFactory, region


def _held_by(bailiff) -> list[int]:
    return list(Application.objects.filter(assigned_bailiff=bailiff).values_list("pk", flat=True))


def test_one_scheduler_whatever_the_replicas():
    from chamber_portal.celery import app

    assert settings.CELERY_BEAT_SCHEDULER == "redbeat.RedBeatScheduler"
    assert app.conf.beat_scheduler == "redbeat.RedBeatScheduler"


@pytest.mark.parametrize("name", sorted(settings.CELERY_BEAT_SCHEDULE))
def test_every_periodic_task_runs_at_least_hourly(name):
    schedule = settings.CELERY_BEAT_SCHEDULE[name]["schedule"]
    if isinstance(schedule, crontab):
        assert schedule.hour == set(range(24)), f"{name} runs only at {sorted(schedule.hour)}"
    else:
        assert float(schedule) <= 3600


def test_tasks_have_time_limits():
    from chamber_portal.celery import app

    assert 0 < app.conf.task_soft_time_limit < app.conf.task_time_limit
    app.loader.import_default_modules()
    heavy = app.tasks["intake.tasks.spreadsheet_check_task"]
    assert (heavy.soft_time_limit, heavy.time_limit) == (900, 960)


@pytest.mark.django_db
def test_a_long_leave_starting_on_a_day_beat_was_down_still_moves_the_cases(
        almaty_staff, almaty, django_capture_on_commit_callbacks, time_machine):  # noqa: F811
    time_machine.move_to(date(2026, 11, 2), tick=False)
    AssignedApplicationFactory()
    bailiff_pause(bailiff=almaty[0], starts_on=date(2026, 11, 16), ends_on=date(2026, 12, 16), reason="leave",
                  by=almaty_staff)
    assert _held_by(almaty[0])
    # Beat was down on the 16th: the first run is on the 17th.
    time_machine.move_to(date(2026, 11, 17), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert long_pauses_begin_task.delay().get() == 1
    assert _held_by(almaty[0]) == []
    # Running again (the next hour) moves nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        assert long_pauses_begin_task.delay().get() == 0
    assert _held_by(almaty[0]) == []


@pytest.mark.django_db
def test_originals_overdue_during_a_missed_day_lapse_on_the_next_run(time_machine):
    time_machine.move_to(date(2026, 11, 2), tick=False)
    late = [ApplicationFactory(status=Status.SUBMITTED, region=region("KZ-75"), original_due=day,
                               with_documents=False) for day in (date(2026, 11, 3), date(2026, 11, 4))]
    not_yet = ApplicationFactory(status=Status.SUBMITTED, region=region("KZ-75"), original_due=date(2026, 11, 9),
                                 with_documents=False)
    # Two days skipped: one run lapses both.
    time_machine.move_to(date(2026, 11, 6), tick=False)
    assert timezone.localdate() == date(2026, 11, 6)
    assert applications_lapse_overdue_task.delay().get() == 2
    assert applications_lapse_overdue_task.delay().get() == 0
    statuses = dict(Application.objects.values_list("pk", "status"))
    assert [statuses[a.pk] for a in late] == [Status.LAPSED, Status.LAPSED]
    assert statuses[not_yet.pk] == Status.SUBMITTED
