"""Profile one region_drain batch of 500 (cProfile and its SQL): how benchmarks/DISTRIBUTION.md found where a
batch's time goes. Uses benchmarks/distribution.py's database, which it resets and seeds with N applications:

    N=20000 .venv/bin/python benchmarks/profile_drain.py
"""

import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.argv = sys.argv[:1]

import benchmarks.distribution as bench  # noqa: E402

bench.configure()

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from assignment.services import region_drain  # noqa: E402
from chamber_portal.core.models import Region  # noqa: E402
from tests.assignment.worker_support import celery_broker  # noqa: E402


def main() -> None:
    bench.reset()
    bench.seed(int(os.environ.get("N", "20000")))
    regions = list(Region.objects.order_by("code").values_list("id", flat=True))
    with celery_broker("memory://localhost/"):
        region_drain(region_id=regions[0], limit=500)  # warm-up
        started = time.monotonic()
        with CaptureQueriesContext(connection) as queries:
            profile = cProfile.Profile()
            profile.enable()
            decided = region_drain(region_id=regions[1], limit=500)
            profile.disable()
        wall = time.monotonic() - started
    sql = sum(float(q["time"]) for q in queries.captured_queries)
    print(f"batch of {decided}: {wall * 1000:.0f} ms wall, {len(queries)} queries, SQL {sql * 1000:.0f} ms")
    for query in sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:12]:
        print(f"  {float(query['time']) * 1000:7.1f} ms  {query['sql'][:150]}")
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(25)
    print(out.getvalue()[:9000])


if __name__ == "__main__":
    main()
