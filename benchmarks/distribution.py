"""Distribution throughput on PostgreSQL: a backlog drained by the real code, live latency, and pgbench.

    .venv/bin/python benchmarks/distribution.py [--applications 20000] [--live 2000] [--batch 500]
        [--paced 600] [--rate 20] [--processes 2] [--pgbench-seconds 15] [--json results.json]

Uses DATABASE_URL (default postgres://postgres@127.0.0.1:5432/chamber_bench_distribution), its own
database: created and migrated when missing, and EMPTIED of users, bailiffs, applications and decisions
at every run (reference data stays). Then, on that server:

1. Backlog. 3 to 10 active bailiffs in each of the 20 regions, and N applications bulk-inserted as
   `accepted` (no intake services), evenly over the regions. They are distributed by the code the sweep's
   `drain_region` task runs (`assignment.services.region_drain` in a loop, `--batch` per transaction),
   twice from the same state: sequentially (one process, region after region) and by `--processes`
   processes taking a region each (as a prefork worker would). Prints decisions/s, the spread per region
   (max - min cases per bailiff) and replays the log (verify_distribution). The e-mails each batch queues
   after commit go to an in-memory broker (not sent, not timed).
2. Live latency. `--live` applications are accepted one by one through `intake.services.application_accept`
   (each commits and queues `assignment.tasks.distribute`), as fast as one client can (a burst), while a
   real `celery worker` (prefork, concurrency 2) runs on a private redis-server; then `--paced` more at
   `--rate` per second. Prints p50/p95/max of Assignment.assigned_at - Application.accepted_at, and the
   worker's rate.
3. pgbench. `pgbench -i -s 1` into a scratch database, then `pgbench -N -c 2 -j 2 -T S`: one small
   transaction per case, the figure the drain should reach.
"""

import argparse
import json
import multiprocessing
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/chamber_bench_distribution"
PGBENCH_DATABASE = "chamber_bench_pgbench"
USERNAME_PREFIX = "bench."
# Tables the benchmark fills; TRUNCATE ... CASCADE also empties what refers to them (audit, documents, …).
BENCH_TABLES = ["core_user", "bailiffs_bailiff", "intake_application", "assignment_distributiondecision",
                "assignment_assignment", "assignment_bailiffturn", "assignment_pendingdistribution",
                "core_auditevent", "core_notification", "core_outgoingemail"]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applications", type=int, default=20_000, help="accepted backlog (default 20,000)")
    parser.add_argument("--live", type=int, default=2_000, help="applications accepted with a live worker "
                        "(default 2,000; 0 skips)")
    parser.add_argument("--burst", type=int, default=0, help="also a second, larger burst of this many accepts "
                        "(e.g. 10,000; default 0 skips)")
    parser.add_argument("--no-emails", action="store_true", help="users without e-mail addresses (as before "
                        "3 December): no e-mail is rendered; by default every bench user has one (dummy backend)")
    parser.add_argument("--paced", type=int, default=600, help="then this many more accepted at --rate per second "
                        "(default 600; 0 skips)")
    parser.add_argument("--rate", type=float, default=20, help="accepts per second of the paced run (default 20)")
    parser.add_argument("--batch", type=int, default=500, help="applications per drain transaction (default 500, "
                        "region_drain's default)")
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 2,
                        help="processes for the parallel drain (default: the CPUs)")
    parser.add_argument("--pgbench-seconds", type=int, default=15, help="pgbench -T (default 15; 0 skips)")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    return parser.parse_args()


def configure() -> str:
    url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    if not url.startswith("postgres"):
        sys.exit(f"benchmarks/distribution.py measures PostgreSQL; DATABASE_URL is {url!r}")
    os.environ.update({
        "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "chamber_portal.settings", "DJANGO_ENV": "development",
        "DEBUG": "false", "REDIS_URL": "", "LOG_LEVEL": "WARNING",
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
    })
    sys.path.insert(0, str(ROOT))
    return url


def _admin_connection(url: str):
    import dj_database_url
    import psycopg2

    config = dj_database_url.parse(url)
    connection = psycopg2.connect(dbname="postgres", user=config["USER"] or None, password=config["PASSWORD"] or None,
                                  host=config["HOST"] or None, port=config["PORT"] or None)
    connection.autocommit = True
    return connection, config


def database_ensure(url: str, name: str | None = None) -> bool:
    """Create the database when it does not exist; True when it was created."""
    from psycopg2 import sql

    connection, config = _admin_connection(url)
    name = name or config["NAME"]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone():
                return False
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            return True
    finally:
        connection.close()


def machine() -> dict:
    from django.db import connection

    memory = cpu = ""
    try:
        with open("/proc/meminfo") as meminfo:
            kib = int(next(line for line in meminfo if line.startswith("MemTotal")).split()[1])
        memory = f"{kib / 1024 / 1024:.0f} GiB"
        with open("/proc/cpuinfo") as cpuinfo:
            cpu = next(line for line in cpuinfo if line.startswith("model name")).split(":", 1)[1].strip()
    except (OSError, StopIteration, ValueError):
        pass
    settings = {}
    with connection.cursor() as cursor:
        for name in ("server_version", "shared_buffers", "synchronous_commit", "fsync", "max_connections"):
            cursor.execute(f"SHOW {name}")
            settings[name] = cursor.fetchone()[0]
    return {"cpus": os.cpu_count(), "cpu": cpu, "memory": memory, "python": platform.python_version(),
            "kernel": platform.release(), "load_at_start": os.getloadavg(), **settings}


# --- Seed --------------------------------------------------------------------------------------------


def reset() -> None:
    """Empty what an earlier run left: users, bailiffs, applications, the log; every region at turn 0."""
    from django.db import connection

    from assignment.models import RegionQueue

    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(BENCH_TABLES)} RESTART IDENTITY CASCADE")
    RegionQueue.objects.update(turn=0)


def bailiffs_per_region(index: int) -> int:
    """3 to 10 bailiffs, varying from region to region (the same every run)."""
    return 3 + (index * 5) % 8


def seed(applications: int, emails: bool = True) -> dict:
    from django.contrib.auth.models import Group
    from django.db import transaction
    from django.utils import timezone

    from bailiffs.models import Bailiff
    from chamber_portal.core.models import Region, User
    from intake.models import Application

    started = time.monotonic()
    regions = list(Region.objects.order_by("code"))
    with transaction.atomic():
        def email(username: str) -> str:
            return f"{username}@bench.invalid" if emails else ""

        staff = User.objects.create(username=f"{USERNAME_PREFIX}staff", role="staff", password="!",
                                    full_name="Bench Staff", email=email("staff"))
        staff.groups.add(Group.objects.get_or_create(name="staff")[0])
        lawyer = User.objects.create(username=f"{USERNAME_PREFIX}lawyer", role="lawyer", password="!",
                                     full_name="Bench Lawyer", email=email("lawyer"))
        users, bailiffs = [], []
        for i, region in enumerate(regions):
            for n in range(bailiffs_per_region(i)):
                users.append(User(username=f"{USERNAME_PREFIX}{region.code}.{n}", role="bailiff", password="!",
                                  full_name=f"Bailiff {region.code} {n}", email=email(f"{region.code}.{n}")))
        User.objects.bulk_create(users)
        by_username = dict(User.objects.filter(role="bailiff").values_list("username", "id"))
        for i, region in enumerate(regions):
            for n in range(bailiffs_per_region(i)):
                username = f"{USERNAME_PREFIX}{region.code}.{n}"
                bailiffs.append(Bailiff(user_id=by_username[username], full_name=f"Bailiff {region.code} {n}",
                                        licence_number=f"B-{region.code}-{n}", region=region, status="active"))
        Bailiff.objects.bulk_create(bailiffs)
    now = timezone.now()
    rows = [application_row(i, regions[i % len(regions)], lawyer, status="accepted",
                            accepted_at=now - timedelta(milliseconds=applications - i)) for i in range(applications)]
    Application.objects.bulk_create(rows, batch_size=2000)
    _analyze()
    return {"regions": len(regions), "bailiffs": len(bailiffs), "applications": applications,
            "seconds": time.monotonic() - started, "staff_id": staff.pk, "lawyer_id": lawyer.pk}


def application_row(i: int, region, lawyer, **fields):
    from django.utils import timezone

    from intake.models import Application

    return Application(
        reference=f"{region.code[3:]}-B-{i:07d}", lawyer=lawyer, region=region, category="private_claim",
        creditor_kind="legal_entity", creditor_name="ТОО «Кредитор»", creditor_iin_bin="940140000385",
        debtor_kind="individual", debtor_name=f"Должник {i}", debtor_iin_bin=f"{900000000000 + i:012d}",
        document_number=f"ИЛ-B-{i:07d}", status_changed_at=timezone.now(), **fields,
    )


def _analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE intake_application, bailiffs_bailiff, core_user")


def reset_distribution() -> None:
    """Back to the state before the drain: every assigned application accepted again, the log empty."""
    from django.db import connection

    with connection.cursor() as cursor:
        # CASCADE: the bailiff's work on a case (enforcement actions, their reversals, …) refers to the
        # assignment; without it TRUNCATE refuses as soon as such a table exists (tests/benchmarks keeps it).
        cursor.execute("TRUNCATE assignment_assignment, assignment_distributiondecision, assignment_bailiffturn, "
                       "assignment_pendingdistribution, core_auditevent, core_notification, core_outgoingemail "
                       "CASCADE")
        cursor.execute("UPDATE intake_application SET status = 'accepted', assigned_bailiff_id = NULL "
                       "WHERE status = 'assigned'")
        cursor.execute("UPDATE assignment_regionqueue SET turn = 0")
        cursor.execute("VACUUM ANALYZE intake_application")


# --- 1. Drain ----------------------------------------------------------------------------------------


def drain_one(region_id: int, batch: int) -> tuple[int, int, float]:
    """What `assignment.tasks.drain_region` does, with the batch size given: (region, decisions, seconds)."""
    from django.db import connections

    from assignment.services import region_drain

    started = time.monotonic()
    total = 0
    while done := region_drain(region_id=region_id, limit=batch):
        total += done
    seconds = time.monotonic() - started
    connections.close_all()
    return region_id, total, seconds


def drain(mode: str, *, batch: int, processes: int) -> dict:
    from django.db import connections

    from chamber_portal.core.models import Region

    region_ids = list(Region.objects.order_by("code").values_list("id", flat=True))
    connections.close_all()
    started = time.monotonic()
    if mode == "sequential":
        results = [drain_one(region_id, batch) for region_id in region_ids]
    else:
        context = multiprocessing.get_context("fork")
        with context.Pool(processes) as pool:  # forked with no open connection (closed above)
            results = pool.starmap(drain_one, [(region_id, batch) for region_id in region_ids], chunksize=1)
    seconds = time.monotonic() - started
    decisions = sum(n for _region, n, _s in results)
    return {"mode": mode, "processes": 1 if mode == "sequential" else processes, "batch": batch,
            "decisions": decisions, "seconds": seconds, "per_second": decisions / seconds}


def spread(ids: list[int] | None = None) -> list[dict]:
    """Cases per active bailiff in each region (of `ids` only, if given): min, max, the spread (max - min)."""
    from django.db.models import Count, Q

    from bailiffs.models import Bailiff

    only = Q(assignments__is_active=True)
    if ids is not None:
        only &= Q(assignments__application_id__in=ids)
    rows = (Bailiff.objects.filter(status="active").annotate(n=Count("assignments", filter=only))
            .order_by("region__code", "id").values_list("region__code", "n"))
    per_region: dict[str, list[int]] = {}
    for code, n in rows:
        per_region.setdefault(code, []).append(n)
    return [{"region": code, "bailiffs": len(counts), "cases": sum(counts), "min": min(counts), "max": max(counts),
             "spread": max(counts) - min(counts)} for code, counts in per_region.items()]


def verify() -> dict:
    from assignment.verify import decisions_verify

    started = time.monotonic()
    checked, violations = decisions_verify()
    return {"checked": checked, "violations": [str(v) for v in violations[:20]],
            "violation_count": len(violations), "seconds": time.monotonic() - started}


# --- 2. Live worker -----------------------------------------------------------------------------------


def live(count: int, *, url: str, staff_id: int, lawyer_id: int, rate: float = 0, backlog: bool = False) -> dict:
    """Accept `count` applications through the intake service with a real worker running, as fast as possible
    or `rate` per second; the latency from acceptance to assignment. `backlog`: accept them all first, with no
    worker (the messages wait in Redis, as after a worker restart), then start one and time how fast the live
    path (the `distribute` messages, not the sweep) assigns them: its capacity in decisions/s."""
    from chamber_portal.core.models import Region, User
    from intake.models import Application
    from intake.services import application_accept
    from tests.assignment import worker_support as support

    regions = list(Region.objects.order_by("code"))
    lawyer, staff = User.objects.get(pk=lawyer_id), User.objects.get(pk=staff_id)
    offset = Application.objects.count()
    rows = [application_row(offset + i, regions[i % len(regions)], lawyer, status="original_received")
            for i in range(count)]
    received = Application.objects.bulk_create(rows, batch_size=2000)
    ids = [a.pk for a in received]
    checklist = {"court": True, "parties": True, "amount": True, "document": True}
    directory = Path(tempfile.mkdtemp(prefix="bench-distribution-"))
    server = support.RedisServer(directory, name="bench-distribution-redis")
    worker = support.Worker(database_url=url, broker_url=server.url, name=f"bench-distribution-{server.port}-worker")
    accept_seconds = []
    try:
        server.start()
        with support.celery_broker(server.url):
            if not backlog:
                worker.start()
            started = time.monotonic()
            for i, application in enumerate(received):
                if rate and (ahead := started + i / rate - time.monotonic()) > 0:
                    time.sleep(ahead)  # pacing: the i-th accept at started + i / rate
                t0 = time.monotonic()
                application_accept(application=application, by=staff, checklist=checklist)
                accept_seconds.append(time.monotonic() - t0)
            accepted_in = time.monotonic() - started
            if backlog:
                queued = server.queued()
                worker.start()
                started = time.monotonic()  # from the worker's "ready": what it takes to work the queue off
            support.wait_until_assigned(ids, timeout=max(300, count / 5), worker=worker)
            drained_in = time.monotonic() - started
            time.sleep(1)  # the last tasks' log lines
    finally:
        worker.stop()
        server.stop()
        shutil.rmtree(directory, ignore_errors=True)
    latencies = latency_seconds(ids)
    tasks = support.distribute_tasks(worker.log())
    working = [n for _seconds, n in tasks if n]
    return {"worst_spread": max(r["spread"] for r in spread(ids)), "backlog": backlog,
            "queued_before_worker": queued if backlog else None,
            "applications": count, "rate": rate, "accepts_per_second": count / accepted_in, "accepted_in": accepted_in,
            "all_assigned_in": drained_in, "worker_per_second": count / drained_in,
            "accept_p50_ms": statistics.median(accept_seconds) * 1000,
            "p50": statistics.median(latencies), "p95": percentile(latencies, 95), "max": max(latencies),
            "in_order": assigned_in_acceptance_order(ids),
            "tasks": len(tasks), "tasks_with_work": len(working), "largest_batch": max(working, default=0),
            "noop_task_ms": statistics.median([sec * 1000 for sec, n in tasks if not n] or [0]),
            "worker_log": str(worker.log_path)}


def assigned_in_acceptance_order(ids: list[int]) -> bool:
    from tests.assignment.worker_support import assert_in_acceptance_order

    try:
        assert_in_acceptance_order(ids)
    except AssertionError:
        return False
    return True


def latency_seconds(ids: list[int]) -> list[float]:
    from assignment.models import Assignment

    rows = Assignment.objects.filter(application_id__in=ids, is_active=True).values_list(
        "assigned_at", "application__accepted_at")
    assert len(rows) == len(ids), f"{len(rows)} of {len(ids)} assigned"
    return [(assigned_at - accepted_at).total_seconds() for assigned_at, accepted_at in rows]


def percentile(values: list[float], p: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


# --- 3. pgbench ---------------------------------------------------------------------------------------


def pgbench(url: str, seconds: int) -> dict:
    import dj_database_url

    binary = shutil.which("pgbench") or "/usr/lib/postgresql/15/bin/pgbench"
    if not Path(binary).exists():
        return {"error": "pgbench is not installed (apt-get install postgresql-client)"}
    config = dj_database_url.parse(url)
    database_ensure(url, PGBENCH_DATABASE)
    env = {**os.environ, **({"PGPASSWORD": config["PASSWORD"]} if config["PASSWORD"] else {})}
    connect = ["-h", config["HOST"] or "127.0.0.1", "-p", str(config["PORT"] or 5432),
               "-U", config["USER"] or "postgres"]
    subprocess.run([binary, *connect, "-i", "-s", "1", "-q", PGBENCH_DATABASE], env=env, check=True,
                   capture_output=True, text=True)
    command = [binary, *connect, "-N", "-c", "2", "-j", "2", "-T", str(seconds), PGBENCH_DATABASE]
    run = subprocess.run(command, env=env, check=True, capture_output=True, text=True)
    tps = float(re.search(r"tps = ([\d.]+)", run.stdout).group(1))
    latency = re.search(r"latency average = ([\d.]+) ms", run.stdout)
    return {"command": " ".join(["pgbench", "-N", "-c", "2", "-j", "2", "-T", str(seconds)]), "tps": tps,
            "latency_ms": float(latency.group(1)) if latency else None, "version": _pgbench_version(binary)}


def _pgbench_version(binary: str) -> str:
    return subprocess.run([binary, "--version"], capture_output=True, text=True).stdout.strip()


# --- Report -------------------------------------------------------------------------------------------


def row(label: str, value: str) -> str:
    return f"{label:<64} {value:>18}"


def report(results: dict) -> list[str]:
    m, s = results["machine"], results["seed"]
    lines = [
        f"Machine: {m['cpus']} CPUs ({m['cpu']}), {m['memory']} RAM, Linux {m['kernel']}, Python {m['python']}; "
        f"PostgreSQL {m['server_version']} on the same machine (shared_buffers {m['shared_buffers']}, "
        f"synchronous_commit {m['synchronous_commit']}, fsync {m['fsync']})",
        f"Load average (1, 5, 15 min): {'/'.join(f'{x:.2f}' for x in m['load_at_start'])} at the start, "
        f"{'/'.join(f'{x:.2f}' for x in results['load_at_end'])} at the end (other work on the machine shows here)",
        f"Seed: {s['applications']:,} accepted applications over {s['regions']} regions, {s['bailiffs']} active "
        f"bailiffs (3-10 per region), bulk-inserted in {s['seconds']:.1f} s",
        "",
        row("figure", "value"),
        "-" * 83,
    ]
    for d in results["drains"]:
        how = "sequential, 1 process" if d["mode"] == "sequential" else f"{d['processes']} processes, a region each"
        lines.append(row(f"drain decisions/s ({how}, batch {d['batch']})", f"{d['per_second']:,.0f}"))
        lines.append(row(f"  {d['decisions']:,} decisions in", f"{d['seconds']:.1f} s"))
        lines.append(row("  spread per region, max - min per bailiff (worst of 20)", str(d["worst_spread"])))
        lines.append(row("  verify_distribution: decisions replayed, violations",
                         f"{d['verify']['checked']:,}, {d['verify']['violation_count']}"))
    for key in ("live", "burst", "paced", "backlog"):
        lv = results.get(key)
        if not lv:
            continue
        how = "queued, then a worker" if lv.get("backlog") else f"{lv['rate']:g}/s" if lv["rate"] else "burst"
        if lv.get("backlog"):
            lines.append(row(f"{key}: live path decisions/s ({lv['applications']:,} accepts queued as "
                             f"{lv['queued_before_worker']:,} messages, then 1 worker)",
                             f"{lv['worker_per_second']:,.0f}"))
            sequential = results["drains"][0]["per_second"]
            lines.append(row("  ... of the sequential drain's (aim >= 0.5)",
                             f"{lv['worker_per_second'] / sequential:.2f}"))
        else:
            lines.append(row(f"{key}: accepted -> assigned p50 ({lv['applications']:,} accepts, {how}, real worker)",
                             f"{lv['p50'] * 1000:,.0f} ms"))
            lines.append(row(f"{key}: accepted -> assigned p95", f"{lv['p95'] * 1000:,.0f} ms"))
            lines.append(row(f"{key}: accepted -> assigned max", f"{lv['max'] * 1000:,.0f} ms"))
            lines.append(row(f"{key}: accepts/s by one client (accept p50)",
                             f"{lv['accepts_per_second']:.0f}/s ({lv['accept_p50_ms']:.0f} ms)"))
            lines.append(row(f"{key}: decisions/s, first accept to last assignment", f"{lv['worker_per_second']:,.0f}"))
        if "tasks" in lv:
            lines.append(row(f"{key}: distribute tasks run, of them with work (largest batch)",
                             f"{lv['tasks']:,}, {lv['tasks_with_work']:,} ({lv['largest_batch']:,})"))
            lines.append(row(f"{key}: a distribute task with nothing left to do, p50", f"{lv['noop_task_ms']:.1f} ms"))
            lines.append(row(f"{key}: turns follow the order of acceptance in every region", str(lv["in_order"])))
        lines.append(row(f"{key}: spread of these cases per region (worst of 20)", str(lv["worst_spread"])))
    p = results.get("pgbench")
    if p and "tps" in p:
        lines.append(row(f"{p['command']} tps ({p['latency_ms']} ms avg)", f"{p['tps']:,.0f}"))
    elif p:
        lines.append(f"pgbench: {p['error']}")
    last = results["drains"][-1]
    lines += ["", f"Spread per region after the {last['mode']} drain (cases per active bailiff):",
              f"  {'region':<7} {'bailiffs':>8} {'cases':>6} {'min':>5} {'max':>5} {'spread':>6}"]
    for r in last["spread"]:
        lines.append(f"  {r['region']:<7} {r['bailiffs']:>8} {r['cases']:>6} {r['min']:>5} {r['max']:>5} "
                     f"{r['spread']:>6}")
    best = max(results["drains"], key=lambda d: d["per_second"])
    worst = max(d["worst_spread"] for d in results["drains"])
    if p and "tps" in p:
        verdict = "at or above" if best["per_second"] >= p["tps"] else "BELOW"
        lines += ["", f"Verdict: the best drain ({best['mode']}) makes {best['per_second']:,.0f} decisions/s, "
                  f"{verdict} pgbench -N's {p['tps']:,.0f} tps ({best['per_second'] / p['tps']:.1f}x); "
                  f"worst spread {worst} (aim <= 1)."]
    return lines


def main() -> None:
    args = parse_args()
    url = configure()
    created = database_ensure(url)

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from tests.assignment.worker_support import celery_broker

    assert not settings.DEBUG, "DEBUG must be off for a benchmark"
    print(f"Database: {url}{' (created)' if created else ''}", flush=True)
    call_command("migrate", verbosity=0)
    results = {"machine": machine(), "args": {k: str(v) for k, v in vars(args).items()}}
    reset()
    results["seed"] = seed(args.applications, emails=not args.no_emails)
    print(f"Seeded {args.applications:,} accepted applications in {results['seed']['seconds']:.1f} s", flush=True)

    results["drains"] = []
    with celery_broker("memory://localhost/"):  # the notification each batch queues: published, never run here
        for i, mode in enumerate(("sequential", "parallel")):
            if i:
                reset_distribution()
            d = drain(mode, batch=args.batch, processes=args.processes)
            d["spread"] = spread()
            d["worst_spread"] = max(r["spread"] for r in d["spread"])
            d["verify"] = verify()
            results["drains"].append(d)
            print(f"Drain ({mode}): {d['decisions']:,} decisions in {d['seconds']:.1f} s = {d['per_second']:,.0f}/s; "
                  f"worst spread {d['worst_spread']}; verify_distribution: {d['verify']['checked']:,} decisions, "
                  f"{d['verify']['violation_count']} violations", flush=True)
    if args.live:
        results["live"] = live(args.live, url=url, staff_id=results["seed"]["staff_id"],
                               lawyer_id=results["seed"]["lawyer_id"])
        print(f"Live (burst): p95 {results['live']['p95'] * 1000:,.0f} ms", flush=True)
    if args.burst:
        results["burst"] = live(args.burst, url=url, staff_id=results["seed"]["staff_id"],
                                lawyer_id=results["seed"]["lawyer_id"])
        print(f"Live (burst of {args.burst:,}): p95 {results['burst']['p95'] * 1000:,.0f} ms", flush=True)
    if args.live:
        results["backlog"] = live(args.live, url=url, staff_id=results["seed"]["staff_id"],
                                  lawyer_id=results["seed"]["lawyer_id"], backlog=True)
        print(f"Live (backlog): {results['backlog']['worker_per_second']:,.0f} decisions/s", flush=True)
    if args.paced:
        results["paced"] = live(args.paced, url=url, staff_id=results["seed"]["staff_id"],
                                lawyer_id=results["seed"]["lawyer_id"], rate=args.rate)
        print(f"Live ({args.rate:g}/s): p95 {results['paced']['p95'] * 1000:,.0f} ms", flush=True)
    if args.pgbench_seconds:
        results["pgbench"] = pgbench(url, args.pgbench_seconds)
    results["load_at_end"] = os.getloadavg()
    print()
    for line in report(results):
        print(line)
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2, default=str))
    if any(d["verify"]["violation_count"] or d["worst_spread"] > 1 for d in results["drains"]):
        sys.exit(1)


if __name__ == "__main__":
    main()
