from collections import Counter
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from assignment.models import Assignment, DistributionDecision, Exclusion, PendingDistribution, Reason
from assignment.services import application_distribute, application_redistribute, region_drain
from assignment.tasks import sweep
from bailiffs.models import BailiffPause
from bailiffs.services import bailiff_pause, bailiff_set_status, conflict_declare
from chamber_portal.core.errors import TransitionError
from chamber_portal.core.models import AuditEvent
from intake.models import Status
from intake.services import application_accept, application_register_original, application_submit
from intake.services.decisions import CHECKLIST
from tests.factories import ApplicationFactory, BailiffFactory, UserFactory, region, registry_shows, registry_staff

from .conftest import accepted

pytestmark = pytest.mark.django_db


def _chosen(n, code="KZ-75"):
    return [application_distribute(application_id=accepted(code).pk).chosen_id for _ in range(n)]


def test_accepting_an_application_appoints_a_bailiff_after_commit(bailiffs, django_capture_on_commit_callbacks):
    draft = ApplicationFactory()
    staff = UserFactory(role="staff")
    with django_capture_on_commit_callbacks(execute=True):
        application = application_submit(application=draft, by=draft.lawyer)
        application_register_original(application=application, by=staff, registry_number="1",
                                      received_at=timezone.now())
        application_accept(application=application, by=staff, checklist=dict.fromkeys(CHECKLIST, True))
    application.refresh_from_db()
    assert application.status == Status.ASSIGNED
    assert application.assigned_bailiff == bailiffs[0]
    assert Assignment.objects.get(application=application, is_active=True).bailiff == bailiffs[0]


def test_the_rotation_serves_the_longest_waiting_bailiff_first(bailiffs):
    ids = [b.pk for b in bailiffs]
    assert _chosen(7) == ids + ids + ids[:1]


def test_counts_differ_by_at_most_one(bailiffs):
    counts = Counter(_chosen(20))
    assert max(counts.values()) - min(counts.values()) <= 1 and len(counts) == 3


def test_distributing_twice_is_a_no_op(bailiffs):
    application = accepted()
    assert application_distribute(application_id=application.pk) is not None
    assert application_distribute(application_id=application.pk) is None
    assert DistributionDecision.objects.filter(application=application).count() == 1


def test_the_decision_records_candidates_exclusions_and_the_rule(bailiffs):
    bailiff_pause(bailiff=bailiffs[1], starts_on=timezone.localdate(), ends_on=timezone.localdate(),
                  reason="illness", by=registry_staff())
    decision = application_distribute(application_id=accepted().pk)
    assert [c["bailiff"] for c in decision.candidates] == [bailiffs[0].pk, bailiffs[2].pk]
    assert decision.excluded == [{"bailiff": bailiffs[1].pk, "name": bailiffs[1].full_name, "reason": "paused"}]
    assert (decision.rule, decision.rule_version, decision.reason, decision.turn) == (
        "least_recently_assigned", 1, "new", 1)


def test_paused_suspended_and_conflicted_bailiffs_receive_nothing(bailiffs):
    paused, suspended, conflicted = bailiffs
    extra = BailiffFactory(region=region("KZ-75"))
    today, staff = timezone.localdate(), registry_staff()
    bailiff_pause(bailiff=paused, starts_on=today, ends_on=today + timedelta(days=5), reason="leave", by=staff)
    bailiff_set_status(bailiff=suspended, status="suspended", effective_on=today, reason="Приказ МЮ", by=staff,
                       order_reference="Приказ МЮ № 1")
    conflict_declare(bailiff=conflicted, iin_bin="791028302728", note="Родственник должника", by=registry_staff())
    chosen = [application_distribute(application_id=accepted(debtor_iin_bin="791028302728").pk).chosen_id
              for _ in range(4)]
    assert set(chosen) == {extra.pk}


def test_a_bailiff_back_from_a_pause_rejoins_without_a_burst(bailiffs):
    first, second, third = bailiffs
    today = timezone.localdate()
    bailiff_pause(bailiff=first, starts_on=today, ends_on=today, reason="illness", by=registry_staff())
    for _ in range(6):
        application_distribute(application_id=accepted().pk)
    BailiffPause.objects.all().delete()  # the pause is over
    after = _chosen(6)
    assert after[0] == first.pk  # waited longest: served first …
    assert Counter(after) == {first.pk: 2, second.pk: 2, third.pk: 2}  # … and then only in turn


def test_with_no_eligible_bailiff_the_application_waits_flagged_then_goes_out(bailiffs):
    today = timezone.localdate()
    for bailiff in bailiffs:
        bailiff_pause(bailiff=bailiff, starts_on=today, ends_on=today, reason="leave", by=registry_staff())
    application = accepted()
    assert application_distribute(application_id=application.pk) is None
    application.refresh_from_db()
    assert application.status == Status.ACCEPTED
    assert PendingDistribution.objects.get(application=application).excluded
    assert application_distribute(application_id=application.pk) is None  # a retry: counted, not audited again
    assert PendingDistribution.objects.get(application=application).attempts == 2
    [flagged] = AuditEvent.objects.filter(object_id=str(application.pk), kind="no_eligible_bailiff")
    assert sorted(flagged.data["excluded"]) == sorted(b.pk for b in bailiffs) and flagged.to_state == ""
    BailiffPause.objects.all().delete()
    assert region_drain(region_id=application.region_id) == 1
    assert not PendingDistribution.objects.exists()


def test_the_sweep_requeues_what_waits_too_long(bailiffs, settings):
    stale = accepted()
    stale.accepted_at = timezone.now() - timedelta(minutes=5)
    stale.save(update_fields=["accepted_at"])
    fresh = accepted()
    assert sweep() == 1  # tasks run in-process in tests: the region is drained
    stale.refresh_from_db()
    fresh.refresh_from_db()
    assert stale.status == fresh.status == Status.ASSIGNED  # the drain takes the region's whole backlog


def test_a_suspended_bailiffs_open_cases_go_to_others(bailiffs, django_capture_on_commit_callbacks):
    cases = [accepted() for _ in range(6)]
    for case in cases:
        application_distribute(application_id=case.pk)
    leaving = bailiffs[0]
    theirs = [c.pk for c in cases if Assignment.objects.get(application=c, is_active=True).bailiff == leaving]
    with django_capture_on_commit_callbacks(execute=True):
        bailiff_set_status(bailiff=leaving, status="suspended", effective_on=timezone.localdate(),
                           reason="Приостановление лицензии", order_reference="Приказ МЮ № 2",
                           by=registry_staff())
    for pk in theirs:
        active = Assignment.objects.get(application_id=pk, is_active=True)
        assert active.bailiff != leaving
        assert active.decision.reason == Reason.LICENCE_SUSPENDED
        assert active.decision.previous_bailiff == leaving


def test_redistribution_never_returns_the_case_to_the_same_bailiff(bailiffs):
    case = accepted()
    first = application_distribute(application_id=case.pk).chosen
    registry_shows(first, "absent_over_month")
    decision = application_redistribute(application=case, reason="absent_over_month", by=None)
    assert decision.chosen != first
    assert {"bailiff": first.pk, "name": first.full_name, "reason": Exclusion.BEING_REPLACED} in decision.excluded


def test_clause_12_refuses_a_breach_redistribution_without_a_decision_in_force(bailiffs):
    case = accepted()
    application_distribute(application_id=case.pk)
    with pytest.raises(TransitionError) as error:
        application_redistribute(application=case, reason="breach_confirmed", by=None)
    assert error.value.code == "breach_decision_not_in_force"
    case.refresh_from_db()
    assert case.status == Status.ASSIGNED


def test_the_bailiff_and_the_lawyer_are_emailed(bailiffs, django_capture_on_commit_callbacks):
    bailiffs[0].user.email = "b@example.kz"
    bailiffs[0].user.save()
    with django_capture_on_commit_callbacks(execute=True):
        application_distribute(application_id=accepted().pk)
    assert len(mail.outbox) == 2


def test_regions_rotate_independently(bailiffs):
    astana = [BailiffFactory(region=region("KZ-71")) for _ in range(2)]
    assert _chosen(2, "KZ-71") == [b.pk for b in astana]
    assert _chosen(1) == [bailiffs[0].pk]
