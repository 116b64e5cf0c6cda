"""benchmarks/distribution.py empties its database at every run: its two resets must keep working as tables that
refer to the distribution's are added (issue 15: TRUNCATE refused on the enforcement actions' foreign key)."""

from datetime import date

import pytest

from assignment.models import Assignment, DistributionDecision, EnforcementAction, RegionQueue
from assignment.services import application_distribute
from benchmarks import distribution as benchmark
from chamber_portal.core.models import AuditEvent, Notification, Region
from intake.models import Application

from .conftest import accepted

# Committed rows: TRUNCATE refuses tables with foreign-key checks still pending in the same transaction.
pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worked_case(bailiffs):
    """A distributed case the bailiff has worked on: an enforcement action refers to its assignment."""
    decision = application_distribute(application_id=accepted().pk)
    EnforcementAction.objects.create(application=decision.application, assignment=decision.assignment,
                                     kind="notice", date=date(2026, 12, 1), recorded_by=decision.chosen.user)
    return decision


def test_the_reset_before_a_drain_empties_the_log_and_whatever_refers_to_it(worked_case):
    benchmark.reset_distribution()

    assert not DistributionDecision.objects.exists() and not Assignment.objects.exists()
    assert not EnforcementAction.objects.exists() and not AuditEvent.objects.exists()
    assert not Notification.objects.exists()
    assert list(Application.objects.values_list("status", "assigned_bailiff")) == [("accepted", None)]
    assert set(RegionQueue.objects.values_list("turn", flat=True)) == {0}


def test_the_reset_of_a_run_empties_users_and_applications_and_keeps_the_regions(worked_case):
    regions = Region.objects.count()
    benchmark.reset()

    assert not Application.objects.exists() and not EnforcementAction.objects.exists()
    assert Region.objects.count() == regions == RegionQueue.objects.count()
    assert set(RegionQueue.objects.values_list("turn", flat=True)) == {0}
    # And the seed runs on what is left (the next run's first step).
    seeded = benchmark.seed(40)
    assert Application.objects.filter(status="accepted").count() == 40
    assert seeded["bailiffs"] == sum(benchmark.bailiffs_per_region(i) for i in range(regions))
