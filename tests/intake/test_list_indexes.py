"""The lawyer's list and the staff intake queue are served by their indexes (PostgreSQL's planner decides).

A few thousand applications are enough for the planner to prefer the indexes over reading the table: the
test seeds them with bulk_create, refreshes the statistics with ANALYZE (as autovacuum would) and reads
the plan of the very querysets the views run, without forcing anything (no `enable_seqscan = off`).
benchmarks/lists.py measures the same queries at a million rows.
"""

import random
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chamber_portal.core.models import Region
from intake.models import Application, Status
from intake.selectors import applications_visible_to, staff_intake_queue
from tests.factories import UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

LAWYERS = 40
ROWS = 4_000
REGIONS = ["KZ-75", "KZ-71", "KZ-79", "KZ-35", "KZ-19"]
# Mostly finished applications; about one in seven still waits in the intake queue, as in real life.
STATUSES = [Status.ACCEPTED] * 60 + [Status.RETURNED] * 10 + [Status.LAPSED] * 8 + [Status.DRAFT] * 7 + [
    Status.SUBMITTED] * 8 + [Status.ORIGINAL_RECEIVED] * 5 + [Status.AWAITING_DUPLICATE] * 2


@pytest.fixture
def seeded():
    rng = random.Random(652)
    lawyers = [UserFactory(role="lawyer", username=f"index.lawyer{n}") for n in range(LAWYERS)]
    regions = list(Region.objects.filter(code__in=REGIONS))
    start = date(2026, 1, 5)
    rows = []
    for n in range(ROWS):
        status = rng.choice(STATUSES)
        submitted = status != Status.DRAFT
        rows.append(Application(
            lawyer=rng.choice(lawyers), region=rng.choice(regions), status=status, category="private_claim",
            debtor_name=f"Должник {n}", debtor_iin_bin=f"{rng.randrange(10**11, 10**12)}",
            document_number=f"IDX-{n:06d}", reference=f"IX-2026-{n:06d}" if submitted else None,
            original_due=start + timedelta(days=n * 300 // ROWS + rng.randint(0, 14)) if submitted else None,
        ))
    Application.objects.bulk_create(rows, batch_size=1_000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE intake_application, core_user")
    return lawyers


def plan(queryset) -> str:
    return queryset.explain()


def test_the_lawyers_list_reads_app_lawyer_created(seeded):
    lawyer = seeded[0]
    # As the list view runs it: the lawyer's rows, newest first, one page.
    queryset = applications_visible_to(lawyer).order_by("-created_at", "-id")[:25]
    text = plan(queryset)
    assert "app_lawyer_created" in text, text
    assert "Seq Scan on intake_application" not in text, text


def test_the_regional_staff_queue_reads_app_intake_queue(seeded):
    staff = UserFactory(role="staff", username="index.staff", region=Region.objects.get(code="KZ-75"))
    queryset = staff_intake_queue(staff)[:50]
    text = plan(queryset)
    assert "app_intake_queue" in text, text
    assert "Seq Scan on intake_application" not in text, text
    # The paginator's COUNT(*), exactly as Django sends it, is served by the same partial index.
    with CaptureQueriesContext(connection) as captured:
        staff_intake_queue(staff).count()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {captured.captured_queries[-1]['sql']}")
        count_plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "COUNT(*)" in captured.captured_queries[-1]["sql"]
    assert "app_intake_queue" in count_plan, count_plan


def test_a_name_search_across_the_national_queue_reads_the_trigram_index(seeded):
    """`debtor_name__icontains` is UPPER(debtor_name) LIKE UPPER('%…%'): the trigram GIN index of intake migration
    0009 serves it (and the paginator's COUNT), rather than filtering every waiting row (benchmarks/README.md)."""
    from intake.selectors import applications_search

    national = UserFactory(role="staff", username="index.national")
    queryset = applications_search(staff_intake_queue(national), "должник 1234")
    # At a test's few hundred waiting rows the planner may rightly prefer the small status index and filter; at a
    # million (46,000 waiting) it reads the trigram index (benchmarks/README.md). What this pins is that the
    # query's shape is one the trigram index serves: with the indexes that merely list the waiting rows dropped
    # and reading the whole table priced out, inside this test's transaction (rolled back after), the plan reads
    # the trigram index (a LIKE the index could not serve would leave only the table to read).
    with connection.cursor() as cursor:
        for index in ("app_status_due", "app_intake_queue", "app_intake_queue_due"):
            cursor.execute(f"DROP INDEX {index}")
        cursor.execute("SET LOCAL enable_seqscan = off")
    with CaptureQueriesContext(connection) as captured:
        assert queryset.count() <= 1
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {captured.captured_queries[-1]['sql']}")
        count_plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "app_queue_debtor_trgm" in count_plan, count_plan
    assert "app_queue_debtor_trgm" in plan(queryset[:50]), plan(queryset[:50])


def test_an_iin_search_across_the_national_queue_reads_the_debtor_and_claimant_indexes(seeded):
    """An IIN/BIN is the debtor's or the claimant's: both are read from an index (BitmapOr), never by filtering
    every waiting row (benchmarks/README.md: p95 106 ms before the claimant's index at a million rows, 18 after)."""
    from intake.selectors import applications_search

    national = UserFactory(role="staff", username="index.national")
    iin = Application.objects.filter(status=Status.SUBMITTED).values_list("debtor_iin_bin", flat=True).first()
    queryset = applications_search(staff_intake_queue(national), iin)
    assert queryset.count() >= 1
    found = plan(queryset[:50])
    assert "app_debtor_iin_bin" in found and "app_creditor_iin_bin" in found, found
