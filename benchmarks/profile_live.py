"""Profile the live path's small batches: one `distribute_region` run taking 1, 3 or 20 waiting applications
(cProfile and its SQL), the shape of a run at a paced 20 accepts/s over 20 regions. Uses benchmarks/distribution.py's
database, which it resets and seeds:

    .venv/bin/python benchmarks/profile_live.py [--sizes 1,3,20] [--repeat 20]
"""

import argparse
import cProfile
import io
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--sizes", default="1,3,20")
parser.add_argument("--repeat", type=int, default=20)
args = parser.parse_args()
sys.argv = sys.argv[:1]

import benchmarks.distribution as bench  # noqa: E402

bench.configure()

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from assignment.services import region_distribute  # noqa: E402
from chamber_portal.core.models import Region  # noqa: E402
from intake.models import Application, Status  # noqa: E402
from tests.assignment.worker_support import celery_broker  # noqa: E402


def main() -> None:
    sizes = [int(s) for s in args.sizes.split(",")]
    bench.reset()
    bench.seed(20 * 20)  # bailiffs in every region, and 20 waiting in each
    regions = list(Region.objects.order_by("code").values_list("id", flat=True))
    waiting = list(Application.objects.filter(status=Status.ACCEPTED).values_list("id", flat=True))
    # Hold back all but the first `size` of a region: the run then takes `size`, as a paced message does.
    with celery_broker("memory://localhost/"):
        for size in sizes:
            walls, sqls, counts, profile = [], [], [], cProfile.Profile()
            for i in range(args.repeat):
                region_id = regions[i % len(regions)]
                with connection.cursor() as cursor:  # reset_distribution without its VACUUM
                    cursor.execute("TRUNCATE assignment_assignment, assignment_distributiondecision, "
                                   "assignment_bailiffturn, core_auditevent CASCADE")
                Application.objects.filter(pk__in=waiting).update(status=Status.ACCEPTED, assigned_bailiff=None)
                held = list(Application.objects.filter(region_id=region_id, status=Status.ACCEPTED)
                            .order_by("accepted_at", "id").values_list("id", flat=True)[size:])
                Application.objects.filter(pk__in=held).update(status=Status.ORIGINAL_RECEIVED)
                started = time.perf_counter()
                with CaptureQueriesContext(connection) as queries:
                    profile.enable()
                    done = region_distribute(region_id=region_id)
                    profile.disable()
                walls.append((time.perf_counter() - started) * 1000)
                if i == args.repeat - 1:
                    for q in queries.captured_queries:
                        print(f"  {float(q['time']) * 1000:6.1f} ms  {q['sql'][:160]}")
                sqls.append(sum(float(q["time"]) for q in queries.captured_queries) * 1000)
                counts.append(len(queries))
                assert done == size, (done, size)
            print(f"batch of {size}: wall p50 {statistics.median(walls):.1f} ms, "
                  f"SQL p50 {statistics.median(sqls):.1f} ms, {statistics.median(counts):.0f} queries")
            out = io.StringIO()
            pstats.Stats(profile, stream=out).sort_stats("tottime").print_stats(18)
            print(out.getvalue()[:5000])


if __name__ == "__main__":
    main()
