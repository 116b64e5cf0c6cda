"""The batch of the live path and the drain reads a region's waiting applications from their own index, in
acceptance order: no sort and no bitmap of every accepted row (issue 15, intake migration 0011)."""

import pytest
from django.db import connection, transaction
from django.db.models import Exists, OuterRef

from assignment.models import PendingDistribution
from assignment.services.distribute import BATCH_FIELDS
from intake.models import Application, Status
from tests.factories import region

from .conftest import accepted

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def test_a_regions_batch_reads_the_waiting_index_in_acceptance_order_without_a_sort():
    for code in ("KZ-75", "KZ-71"):
        for _ in range(15):
            accepted(code)
    waiting = Exists(PendingDistribution.objects.filter(application=OuterRef("pk")))
    batch = (Application.objects.select_for_update(skip_locked=True, of=("self",)).only(*BATCH_FIELDS)
             .filter(region_id=region("KZ-75").pk, status=Status.ACCEPTED).filter(~waiting)
             .order_by("accepted_at", "id")[:500])
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("ANALYZE intake_application")
        # A test database is tiny: reading the whole table, a bitmap of it and a sort of its few rows are priced
        # out, as at production size they are. A sort still appears if the index could not give the order.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        plan = batch.explain()
    assert "app_waiting_distribution" in plan, plan
    assert "Sort" not in plan and "Bitmap" not in plan, plan
