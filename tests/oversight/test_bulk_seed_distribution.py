"""`seed_demo --applications N` puts bulk cases in bailiffs' hands, as the rotation would have, so the dashboard's
distribution and initiation figures are not empty at scale (demo/bulk_distribution.py)."""

from collections import Counter

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from assignment.models import Assignment, DistributionDecision, Outcome
from assignment.verify import decisions_verify
from bailiffs.models import Bailiff
from chamber_portal.core.models import User
from demo.bulk import BULK_DOCUMENT_PREFIX
from intake.models import Application, Status

pytestmark = pytest.mark.django_db

HELD = [Status.ASSIGNED, Status.IN_ENFORCEMENT, Status.CLOSED]


def test_accepted_bulk_rows_of_regions_with_bailiffs_are_distributed_by_the_rule(capsys):
    call_command("seed_demo", applications=600)
    assert "Bulk distribution ready:" in capsys.readouterr().out
    bulk = Application.objects.filter(document_number__startswith=BULK_DOCUMENT_PREFIX)
    with_bailiffs = set(Bailiff.objects.values_list("region_id", flat=True))
    assert not bulk.filter(region_id__in=with_bailiffs, status=Status.ACCEPTED).exists()
    assert bulk.exclude(region_id__in=with_bailiffs).filter(status=Status.ACCEPTED).exists()  # nobody to take them
    held = bulk.filter(status__in=HELD)
    assert set(held.values_list("status", flat=True)) >= {Status.IN_ENFORCEMENT, Status.CLOSED}

    assert decisions_verify()[1] == []  # the log replays: same rule, turns in sequence
    today = timezone.localdate()
    for application in held.select_related("region"):
        assignment = Assignment.objects.select_related("decision").get(application=application, is_active=True)
        decision = assignment.decision
        assert application.assigned_bailiff_id == assignment.bailiff_id == decision.chosen_id
        assert decision.region_id == application.region_id and decision.reason == "new"
        assert application.accepted_at <= decision.at == assignment.assigned_at <= timezone.now()
        assert assignment.initiation_due > timezone.localdate(assignment.assigned_at)
        if application.status == Status.ASSIGNED:
            assert assignment.initiated_on is None and assignment.outcome == ""
        elif application.status == Status.IN_ENFORCEMENT:
            assert assignment.acknowledged_at and timezone.localdate(assignment.assigned_at) <= assignment.initiated_on
            assert assignment.initiated_on < today and assignment.outcome == ""
        else:
            assert assignment.outcome and assignment.closed_at and assignment.acknowledged_at
            assert (assignment.outcome == Outcome.REFUSED_TO_INITIATE) == (assignment.initiated_on is None)
    # Within each region the bulk run is a round robin over the same bailiffs: counts differ by at most one.
    bulk_decisions = DistributionDecision.objects.filter(application__document_number__startswith=BULK_DOCUMENT_PREFIX)
    for region_id in with_bailiffs:
        counts = Counter(bulk_decisions.filter(region_id=region_id).values_list("chosen_id", flat=True))
        if counts:
            bailiffs = Bailiff.objects.filter(region_id=region_id).count()
            values = list(counts.values()) + [0] * (bailiffs - len(counts))
            assert max(values) - min(values) <= 1, (region_id, counts)


def test_seeding_again_distributes_nothing_more(client):
    call_command("seed_demo", applications=300)
    decisions = DistributionDecision.objects.count()
    call_command("seed_demo", applications=300)
    assert DistributionDecision.objects.count() == decisions
    client.force_login(User.objects.get(username="staff"))
    response = client.get(reverse("oversight:dashboard"), {"region": "KZ-75"})
    assert response.status_code == 200
    assert response.context["d"].region_cases.decisions > 0
