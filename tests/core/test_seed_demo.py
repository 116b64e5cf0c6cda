import random
import re
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from assignment.models import ActionKind, Assignment, Outcome
from assignment.verify import decisions_verify
from bailiffs.models import Bailiff
from chamber_portal.core import iin
from chamber_portal.core.models import AuditEvent, User
from demo import people
from demo.applications import stories, story_serial
from demo.bulk import BULK_DOCUMENT_PREFIX, BULK_USERNAME_PREFIX, bulk_count
from demo.data import BAILIFFS_PER_REGION, DEMO_PASSWORD
from intake.models import Application, Category, PartyKind, ReferenceSequence, Status
from intake.selectors import application_timeline
from intake.services import application_submit
from intake.services.documents import pdf_problem
from tests.factories import ApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db

INTAKE_STATES = {
    Status.DRAFT, Status.SUBMITTED, Status.AWAITING_DUPLICATE, Status.ORIGINAL_RECEIVED, Status.ACCEPTED,
    Status.RETURNED, Status.LAPSED,
}
WORKSPACE_STATES = {Status.ASSIGNED, Status.IN_ENFORCEMENT, Status.CLOSED}


@pytest.fixture(autouse=True)
def _mrp_of_this_year(db):
    """The demo files state claims only in a year whose MRP is in the table: these tests give it one, whatever
    the year they run in (the last test below runs the demo in a year without it)."""
    from chamber_portal.core.models import MonthlyCalculationIndex

    latest = MonthlyCalculationIndex.objects.order_by("-year").first()
    MonthlyCalculationIndex.objects.get_or_create(year=timezone.localdate().year,
                                                  defaults={"amount_kzt": latest.amount_kzt})


def test_seed_demo_creates_sixty_bailiffs_over_several_regions_and_prints_the_logins(capsys):
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert Bailiff.objects.count() == 60
    assert Bailiff.objects.values("region").distinct().count() >= 5
    usernames = set(User.objects.values_list("username", flat=True))
    assert {"lawyer", "staff", "staff.almaty", "bailiff", "admin"} <= usernames
    assert DEMO_PASSWORD in out and "staff.almaty" in out
    assert User.objects.get(username="lawyer").check_password(DEMO_PASSWORD)


def test_seed_demo_is_idempotent(capsys):
    call_command("seed_demo")
    counts = User.objects.count(), Bailiff.objects.count(), Application.objects.count(), AuditEvent.objects.count()
    call_command("seed_demo")
    assert (User.objects.count(), Bailiff.objects.count(), Application.objects.count(),
            AuditEvent.objects.count()) == counts
    out = capsys.readouterr().out
    assert "0 users created" in out and "0 made through the services" in out


def test_generated_iins_and_bins_have_a_valid_check_digit():
    rng = random.Random(1)
    for _ in range(300):
        born = date(rng.randint(1950, 2005), rng.randint(1, 12), rng.randint(1, 28))
        number = people.iin_generate(rng, born=born, female=rng.random() < 0.5)
        assert iin.iin_problem(number) is None, number
        assert number[:6] == f"{born:%y%m%d}"
        assert iin.bin_problem(people.bin_generate(rng, registered=date(2010, 5, 1))) is None
    assert people.check_digit("79102830272") == 8  # docs/domain.md §2's example IINs
    assert people.check_digit("90010135200") == 8  # second pass


def test_seed_demo_gives_the_demo_lawyers_applications_in_every_state():
    plan = stories()
    assert len({(story.lawyer, story_serial(story)) for story in plan}) == len(plan)  # the idempotence keys
    call_command("seed_demo")
    applications = Application.objects.filter(lawyer__username__in=["lawyer", "lawyer2"])
    assert 35 <= applications.count() <= 50
    assert set(applications.values_list("status", flat=True)) == INTAKE_STATES | WORKSPACE_STATES
    for lawyer in ("lawyer", "lawyer2"):
        assert applications.filter(lawyer__username=lawyer).count() >= 15
    assert set(applications.values_list("category", flat=True)) == set(Category.values)
    regions = set(applications.values_list("region__code", flat=True))
    assert regions == set(BAILIFFS_PER_REGION)
    # Refiled from a copy after a return (docs/domain.md §4).
    assert applications.filter(copied_from__status=Status.RETURNED).exclude(status=Status.DRAFT).exists()
    # Staff of Almaty and Astana registered their regions' originals; national staff the others.
    assert applications.filter(region__code="KZ-75", original_received_by__username="staff.almaty").exists()
    assert applications.filter(region__code="KZ-35", original_received_by__username="staff").exists()


def test_demo_applications_are_valid_realistic_and_dated_in_the_past():
    call_command("seed_demo")
    today = timezone.localdate()
    submitted = Application.objects.exclude(status=Status.DRAFT)
    references = list(submitted.values_list("reference", flat=True))
    assert len(references) == len(set(references)) and all(re.fullmatch(r"\d\d-20\d\d-\d{6}", r) for r in references)
    for application in submitted:
        for role in ("creditor", "debtor"):
            number, kind = getattr(application, f"{role}_iin_bin"), getattr(application, f"{role}_kind")
            problem = iin.iin_problem(number) if kind == PartyKind.INDIVIDUAL else iin.bin_problem(number)
            assert problem is None, (application.pk, role, number)
        assert re.fullmatch(r"\d{4}-\d\d-00-2а?/\d+", application.court_case_number)
        for day in (application.decision_date, application.decision_effective_date, application.document_issued_at):
            assert date(2025, 1, 1) <= day <= today
        assert application.submitted_at.date() <= today
        assert set(application.documents.values_list("kind", flat=True)) == {"power_of_attorney", "decision_scan"}
    document = submitted.first().documents.first()
    with document.file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
        assert pdf_problem(handle) is None  # a real PDF, as an upload would be checked


def test_service_made_demo_applications_have_a_real_timeline():
    call_command("seed_demo")
    expected = {
        Status.DRAFT: [Status.DRAFT],
        Status.SUBMITTED: [Status.DRAFT, Status.SUBMITTED],
        Status.AWAITING_DUPLICATE: [Status.DRAFT, Status.SUBMITTED, Status.AWAITING_DUPLICATE],
        Status.ORIGINAL_RECEIVED: [Status.DRAFT, Status.SUBMITTED, Status.ORIGINAL_RECEIVED],
        Status.ACCEPTED: [Status.DRAFT, Status.SUBMITTED, Status.ORIGINAL_RECEIVED, Status.ACCEPTED],
        Status.LAPSED: [Status.DRAFT, Status.SUBMITTED, Status.LAPSED],
    }
    for application in Application.objects.filter(lawyer__username__in=["lawyer", "lawyer2"]):
        states = [event.to_state for event in application_timeline(application)]
        assert states[0] == Status.DRAFT and states[-1] == application.status, (application.pk, states)
        if application.status in expected:
            assert states == expected[application.status], (application.pk, states)
        if application.status == Status.RETURNED:
            assert states[:2] == [Status.DRAFT, Status.SUBMITTED]
    lapsed = Application.objects.filter(status=Status.LAPSED).first()
    assert application_timeline(lapsed).last().actor is None  # the sweep, not a person
    accepted = Application.objects.filter(status=Status.ACCEPTED).first()
    assert application_timeline(accepted).last().actor.role == "staff"


def test_bulk_applications_have_unique_references_and_advance_the_sequences(capsys):
    call_command("seed_demo", applications=500)
    assert "500 added" in capsys.readouterr().out
    bulk = Application.objects.filter(document_number__startswith=BULK_DOCUMENT_PREFIX)
    assert bulk.count() == bulk_count() == 500
    assert User.objects.filter(username__startswith=BULK_USERNAME_PREFIX, role="lawyer").count() == 3
    assert not bulk.exclude(lawyer__username__startswith=BULK_USERNAME_PREFIX).exists()
    assert bulk.values("region").distinct().count() >= 10
    statuses = dict(bulk.values_list("status").annotate(n=Count("id")))
    # Accepted rows of the regions with bailiffs are distributed (demo/bulk_distribution.py).
    assert set(statuses) <= INTAKE_STATES | WORKSPACE_STATES
    assert {Status.ACCEPTED, Status.RETURNED, Status.LAPSED, Status.IN_ENFORCEMENT} <= set(statuses)
    assert statuses[Status.ACCEPTED] == max(statuses.values())
    # Bulk demo data is not a history: no audit events, no documents.
    assert not AuditEvent.objects.filter(
        object_id__in=[str(pk) for pk in bulk.values_list("pk", flat=True)], content_type__model="application"
    ).exists()
    assert not bulk.filter(documents__isnull=False).exists()

    references = list(Application.objects.exclude(reference=None).values_list("reference", flat=True))
    assert len(references) == len(set(references))
    highest = {}
    for reference in references:
        number, year, serial = reference.split("-")
        highest[(number, int(year))] = max(highest.get((number, int(year)), 0), int(serial))
    for sequence in ReferenceSequence.objects.select_related("region"):
        assert sequence.last == highest.get((sequence.region.number, sequence.year), 0)

    now = timezone.now()
    for row in bulk:
        # Within the year up to today, never before 2026 (the year the Rules apply): demo/bulk.py.
        assert now - timedelta(days=366) <= row.created_at <= now and row.created_at.year >= 2026
        if row.status != Status.DRAFT:
            assert row.created_at <= row.submitted_at <= now and row.original_due is not None
            assert row.reference.startswith(f"{row.region.number}-{timezone.localdate(row.submitted_at).year}-")
        if row.status == Status.SUBMITTED:
            assert row.original_due >= timezone.localdate()
        if row.status == Status.ACCEPTED:
            assert row.submitted_at <= row.original_received_at <= row.accepted_at <= now

    # A real submission afterwards carries on from the last bulk number of its region.
    almaty = ReferenceSequence.objects.get(region__code="KZ-75", year=timezone.localdate().year)
    application = ApplicationFactory(lawyer=UserFactory(role="lawyer"))
    application = application_submit(application=application, by=application.lawyer)
    assert application.reference == f"75-{almaty.year}-{almaty.last + 1:06d}"


def test_bulk_seeding_ensures_at_least_n_and_does_not_double(capsys):
    call_command("seed_demo", applications=500)
    call_command("seed_demo", applications=500)
    assert bulk_count() == 500
    assert "500 existed, 0 added" in capsys.readouterr().out
    call_command("seed_demo", applications=700)
    assert bulk_count() == 700
    references = list(Application.objects.exclude(reference=None).values_list("reference", flat=True))
    assert len(references) == len(set(references))
    assert User.objects.filter(username__startswith=BULK_USERNAME_PREFIX).count() == 4


def test_seed_demo_gives_the_demo_bailiff_cases_in_every_state_of_the_workspace():
    call_command("seed_demo")
    today = timezone.localdate()
    assignments = Assignment.objects.filter(bailiff__user__username="bailiff", is_active=True)
    assert set(assignments.values_list("application__status", flat=True)) == WORKSPACE_STATES
    overdue = assignments.get(acknowledged_at=None)
    assert overdue.initiation_due < today and overdue.application.status == Status.ASSIGNED
    assert assignments.filter(application__status=Status.ASSIGNED).exclude(acknowledged_at=None).exists()
    assert assignments.filter(outcome=Outcome.REFUSED_TO_INITIATE).exclude(refusal_ground="").exists()
    closed = assignments.get(outcome=Outcome.EXECUTED_IN_PART)
    assert closed.actions.filter(kind=ActionKind.PAYMENT).exists() and closed.close_note
    working = assignments.get(application__status=Status.IN_ENFORCEMENT)
    assert working.initiation_number and working.initiated_on == today
    assert {a.kind for a in working.actions.all()} >= {ActionKind.NOTICE, ActionKind.PAYMENT}
    assert working.actions.exclude(document="").exists()
    assert decisions_verify()[1] == []  # the rotation's log still replays


def test_seed_demo_shows_clause_12_and_the_inspection_candidates(capsys):
    from complaints.models import Complaint, ReassignmentStatus
    from inspections.models import Inspection
    from inspections.selectors import inspection_candidates

    call_command("seed_demo")
    assert "Demo complaints and inspections ready: 5 made" in capsys.readouterr().out
    assert set(Complaint.objects.values_list("status", flat=True)) == {"filed", "under_review", "decided"}
    held = Complaint.objects.get(status="decided").reassignment
    assert held.status == ReassignmentStatus.HELD and held.decision.effective_on > timezone.localdate()
    assert set(Inspection.objects.values_list("status", flat=True)) == {"completed", "in_progress"}
    staff = User.objects.get(username="staff.almaty")
    today = timezone.localdate()
    candidates = list(inspection_candidates(staff, since=today - timedelta(days=90), until=today))
    assert [c.pk for c in candidates] == [held.bailiff_id] and candidates[0].breaches_count == 1
    call_command("seed_demo")
    assert "Demo complaints and inspections ready: 0 made" in capsys.readouterr().out


@pytest.mark.parametrize("years_after_the_table", [1, 5])
def test_seed_demo_runs_in_a_year_the_mrp_table_does_not_hold_yet_and_files_no_state_claim(capsys,
                                                                                          years_after_the_table):
    import time_machine

    from chamber_portal.core.models import MonthlyCalculationIndex

    year = MonthlyCalculationIndex.objects.order_by("-year").first().year + years_after_the_table
    with time_machine.travel(f"{year}-01-04 10:00 +0500", tick=True):  # the first working days of that year
        call_command("seed_demo")
    out = capsys.readouterr().out
    assert f"The MRP for {year} is not in the table" in out
    filed = Application.objects.exclude(status=Status.DRAFT)
    assert filed.filter(category=Category.PRIVATE_CLAIM).exists()
    assert not filed.filter(category=Category.STATE_CLAIM).exists()
    assert User.objects.filter(username="bailiff").exists()
