"""Server time of the intake lists at scale: the lawyer's list and the staff intake queue on PostgreSQL.

    .venv/bin/python benchmarks/lists.py [--applications 1000000] [--requests 200]

Uses DATABASE_URL (default postgres://postgres@127.0.0.1:5432/chamber_bench), creating and migrating the
database when missing, and `seed_demo --applications N` (skipped when N bulk rows are already there).
Each page is requested R times through Django's test Client (in-process: middleware, view, queries and
template; no network), logged in with force_login, DEBUG off. Prints p50/p95, the queries per page, and
the EXPLAIN (ANALYZE, BUFFERS) summary of the page's main list query and its COUNT, naming the indexes used.
"""

import argparse
import json
import os
import platform
import statistics
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/chamber_bench"
TABLE = "intake_application"
INTENDED = {"lawyer": "app_lawyer_created", "staff": "app_intake_queue"}
SLOW_P95_MS = 100
# Indexes proposed for what is slow at 1M rows; --proposed-indexes creates them for the run and drops them
# after (they are not in the models: the figures without them are the portal as it is).
PROPOSED_INDEXES: dict[str, str] = {
    # Empty: app_intake_queue_due, measured here first, is now in the models (intake migration 0004).
}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applications", type=int, default=1_000_000, help="bulk applications to have (default 1M)")
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page (default 200)")
    parser.add_argument("--warmup", type=int, default=5, help="untimed requests per page first (default 5)")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    parser.add_argument("--only", help="measure only the pages whose label contains this text")
    parser.add_argument("--proposed-indexes", action="store_true",
                        help="measure with the proposed indexes (created for the run, dropped after)")
    return parser.parse_args()


def configure(script: str = "benchmarks/lists.py") -> str:
    url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    if not url.startswith("postgres"):
        sys.exit(f"{script} measures PostgreSQL; DATABASE_URL is {url!r}")
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "chamber_portal.settings"
    os.environ["DEBUG"] = "false"
    os.environ["REDIS_URL"] = ""  # the lists enqueue nothing; tasks, if any, run in-process
    sys.path.insert(0, str(ROOT))
    return url


def database_ensure(url: str) -> bool:
    """Create the database when it does not exist; True when it was created. Never drops anything."""
    import dj_database_url
    import psycopg2
    from psycopg2 import sql

    config = dj_database_url.parse(url)
    connection = psycopg2.connect(
        dbname="postgres", user=config["USER"] or None, password=config["PASSWORD"] or None,
        host=config["HOST"] or None, port=config["PORT"] or None,
    )
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]])
            if cursor.fetchone():
                return False
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))
            return True
    finally:
        connection.close()


def machine() -> dict:
    from django.db import connection

    memory = ""
    try:
        with open("/proc/meminfo") as meminfo:
            kib = int(next(line for line in meminfo if line.startswith("MemTotal")).split()[1])
        memory = f"{kib / 1024 / 1024:.0f} GiB"
    except (OSError, StopIteration, ValueError):
        pass
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server = cursor.fetchone()[0]
        cursor.execute("SELECT count(*), pg_size_pretty(pg_total_relation_size(%s)) FROM intake_application",
                       [TABLE])
        rows, size = cursor.fetchone()
        cursor.execute("SELECT indexrelname, pg_size_pretty(pg_relation_size(indexrelid)) FROM pg_stat_user_indexes "
                       "WHERE relname = %s AND indexrelname IN %s", [TABLE, tuple(INTENDED.values())])
        indexes = dict(cursor.fetchall())
        cursor.execute("SHOW shared_buffers")
        shared_buffers = cursor.fetchone()[0]
    return {"cpus": os.cpu_count(), "memory": memory, "python": platform.python_version(),
            "postgresql": server, "shared_buffers": shared_buffers, "applications": rows, "table_size": size,
            "index_sizes": indexes}


def steady_state() -> None:
    """VACUUM (ANALYZE) the tables the lists read, as autovacuum keeps them on a running server (statistics
    for the planner, the visibility map for index-only scans)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE) intake_application, core_user, core_region")


def proposed_indexes(create: bool) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        for name, sql in PROPOSED_INDEXES.items():
            cursor.execute(sql if create else f"DROP INDEX IF EXISTS {name}")
        if create:
            cursor.execute("ANALYZE intake_application")


def seed(applications: int) -> float | None:
    from django.core.management import call_command

    from demo.bulk import bulk_count

    if bulk_count() >= applications:
        return None
    started = time.monotonic()
    call_command("seed_demo", applications=applications)
    return time.monotonic() - started


def typical_bulk_lawyer():
    """The bulk lawyer with the median number of applications."""
    from django.db.models import Count

    from chamber_portal.core.models import User
    from demo.bulk import BULK_USERNAME_PREFIX

    counts = list(
        User.objects.filter(username__startswith=BULK_USERNAME_PREFIX)
        .annotate(n=Count("applications")).order_by("n", "id").values_list("id", "n")
    )
    user_id, rows = counts[len(counts) // 2]
    return User.objects.get(pk=user_id), rows


def scenarios():
    from chamber_portal.core.models import User
    from intake.models import INTAKE_QUEUE, Application

    lawyer, lawyer_rows = typical_bulk_lawyer()
    regional = User.objects.get(username="staff.almaty")
    national = User.objects.get(username="staff")
    own = Application.objects.filter(lawyer=lawyer).exclude(debtor_name="").order_by("id").first()
    surname = own.debtor_name.split()[0]
    waiting = Application.objects.filter(region=regional.region, status__in=INTAKE_QUEUE).order_by("id")
    queued = waiting.filter(debtor_kind="individual").first()
    queue_rows = waiting.count()
    national_waiting = Application.objects.filter(status__in=INTAKE_QUEUE)
    national_rows = national_waiting.count()
    # A waiting application of another region than the regional staff's: found by reference or IIN nationally.
    elsewhere = national_waiting.exclude(region=regional.region).filter(debtor_kind="individual").order_by("id").first()
    list_url, queue_url = "intake:application_list", "intake:staff_queue"
    return [
        ("lawyer", f"lawyer list ({lawyer.username}, {lawyer_rows} rows)", lawyer, list_url, {}),
        ("lawyer", "lawyer list, page 5", lawyer, list_url, {"page": 5}),
        ("lawyer", f"lawyer list, search {surname!r}", lawyer, list_url, {"q": surname}),
        ("lawyer", "lawyer list, status=accepted", lawyer, list_url, {"status": "accepted"}),
        ("staff", f"queue KZ-75 regional ({queue_rows} rows)", regional, queue_url, {}),
        ("staff", "queue KZ-75, search by debtor IIN", regional, queue_url, {"q": queued.debtor_iin_bin}),
        ("staff", "queue KZ-75, status=original_received", regional, queue_url, {"status": "original_received"}),
        ("staff", f"queue national ({national_rows} rows)", national, queue_url, {}),
        ("staff", "queue national, region=KZ-71", national, queue_url, {"region": "KZ-71"}),
        ("staff", f"queue national, search {surname!r}", national, queue_url, {"q": surname}),
        ("staff", "queue national, search by reference", national, queue_url, {"q": elsewhere.reference}),
        ("staff", "queue national, search by debtor IIN", national, queue_url, {"q": elsewhere.debtor_iin_bin}),
    ]


def plan_summary(sql: str) -> dict:
    """EXPLAIN (ANALYZE, BUFFERS) of one query: its scan nodes and indexes, and its execution time."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {sql}")
        plan = cursor.fetchone()[0]
        if isinstance(plan, str):
            plan = json.loads(plan)
    plan = plan[0]
    nodes = []

    def walk(node):
        kind = node["Node Type"]
        target = node.get("Relation Name", node.get("Index Name", ""))
        if "Scan" in kind and target.startswith(("intake_app", "app_")):
            index = node.get("Index Name")
            nodes.append(f"{kind} using {index}" if index else f"{kind} on {node['Relation Name']}")
        elif kind == "Sort":
            nodes.append(f"Sort ({node.get('Sort Method', '')})")
        for child in node.get("Plans", []):
            walk(child)

    walk(plan["Plan"])
    return {"nodes": nodes, "ms": plan["Execution Time"]}


def is_list_query(sql: str) -> bool:
    return f'FROM "{TABLE}"' in sql and "LIMIT" in sql


def is_count_query(sql: str) -> bool:
    return f'FROM "{TABLE}"' in sql and "COUNT(*)" in sql


def second_factor_pass(client, user) -> None:
    """Staff sign in with a second factor (issue 13): verify the session with the user's authenticator, as a
    right code does (django_otp.login), provisioning the demo's secret on a database seeded before it."""
    from django_otp import DEVICE_ID_SESSION_KEY

    from chamber_portal.core.security.second_factor import second_factor_provision, totp_device
    from demo.data import demo_totp_secret

    if not user.needs_second_factor:
        return
    device = totp_device(user) or second_factor_provision(user=user, secret=demo_totp_secret(user.username))
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def measure(kind, label, user, url_name, params, *, requests: int, warmup: int) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    client = Client()
    client.force_login(user)
    second_factor_pass(client, user)
    url = reverse(url_name)
    for _ in range(warmup):
        assert client.get(url, params).status_code == 200
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(url, params)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (label, response.status_code)
    with CaptureQueriesContext(connection) as captured:  # an extra, untimed request
        client.get(url, params)
    queries = [q["sql"] for q in captured.captured_queries]
    main = next((q for q in queries if is_list_query(q)), None)
    count = next((q for q in queries if is_count_query(q)), None)
    main_plan = plan_summary(main) if main else {"nodes": [], "ms": 0}
    count_plan = plan_summary(count) if count else {"nodes": [], "ms": 0}
    intended = INTENDED[kind]
    return {
        "kind": kind, "page": label, "params": params,
        "p50": statistics.median(timings), "p95": statistics.quantiles(timings, n=20, method="inclusive")[18],
        "queries": len(queries), "db_ms": sum(float(q["time"]) for q in captured.captured_queries) * 1000,
        "main_plan": main_plan, "count_plan": count_plan,
        "uses_intended_index": any(node.endswith(f"using {intended}") for node in main_plan["nodes"]),
        "seq_scan": any(f"Seq Scan on {TABLE}" in node for node in main_plan["nodes"] + count_plan["nodes"]),
        "main_sql": main, "count_sql": count,
    }


def short(plan: dict) -> str:
    """"Sort (top-N heapsort) > Bitmap Heap Scan on t > Bitmap Index Scan using i" -> "Sort(top-N) Bitmap(i)"."""
    words = []
    for node in plan["nodes"]:
        if node.startswith("Bitmap Heap Scan"):
            continue
        for long, abbreviation in (("Index Only Scan using ", "IndexOnly"), ("Index Scan using ", "IndexScan"),
                                   ("Bitmap Index Scan using ", "Bitmap"), ("Seq Scan on ", "SEQ SCAN")):
            if node.startswith(long):
                words.append(f"{abbreviation}({node.removeprefix(long)})")
                break
        else:
            words.append(node.replace("Sort (top-N heapsort)", "Sort(top-N)").replace("Sort (quicksort)", "Sort"))
    return " ".join(words) or "-"


def print_table(results: list[dict]) -> None:
    columns = f"{'page':<42} {'p50 ms':>7} {'p95 ms':>7} {'queries':>7} {'db ms':>6}"
    header = f"{columns}  {'list query plan':<56} {'ms':>6}  {'count query plan':<44} {'ms':>6}"
    print(header)
    print("-" * len(header))
    for r in results:
        main, count = r["main_plan"], r["count_plan"]
        print(f"{r['page']:<42} {r['p50']:>7.1f} {r['p95']:>7.1f} {r['queries']:>7} {r['db_ms']:>6.1f}  "
              f"{short(main):<56} {main['ms']:>6.1f}  {short(count):<44} {count['ms']:>6.1f}")


def verdicts(results: list[dict]) -> list[str]:
    notes = []
    for r in results:
        intended = INTENDED[r["kind"]]
        if r["uses_intended_index"]:
            notes.append(f"{r['page']}: the list query uses {intended} ({short(r['main_plan'])})")
        else:
            notes.append(f"{r['page']}: the list query does not use {intended}: {short(r['main_plan'])}")
        if r["seq_scan"]:
            notes.append(f"  !! Seq Scan on {TABLE} in {r['page']}")
        if r["p95"] > SLOW_P95_MS:
            notes.append(f"  !! slow: p95 {r['p95']:.0f} ms > {SLOW_P95_MS} ms")
    return notes


def prepare(url: str, applications: int) -> dict:
    """The start every benchmark shares: the database made if missing, Django set up (DEBUG off), migrated,
    seeded to `applications`, and the machine described; returns the machine's figures."""
    created = database_ensure(url)

    import django

    # WhiteNoise looks for STATIC_ROOT, which only collectstatic makes; the pages do not need it here.
    warnings.filterwarnings("ignore", "No directory at", UserWarning)
    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    assert not settings.DEBUG, "DEBUG must be off for a benchmark"
    print(f"Database: {url}{' (created)' if created else ''}")
    call_command("migrate", verbosity=0)
    seconds = seed(applications)
    print(f"Seed: seed_demo --applications {applications} "
          + (f"took {seconds:.0f} s" if seconds is not None else "skipped (already there)"))
    info = machine()
    print(f"Machine: {info['cpus']} CPUs, {info['memory']}, Python {info['python']}, PostgreSQL {info['postgresql']} "
          f"(shared_buffers {info['shared_buffers']})")
    info["seed_seconds"] = seconds
    return info


def main() -> None:
    args = parse_args()
    info = prepare(configure(), args.applications)
    print(f"Table {TABLE}: {info['applications']:,} rows, {info['table_size']} with indexes; "
          + ", ".join(f"{name} {size}" for name, size in sorted(info["index_sizes"].items())))
    steady_state()
    print(f"Load average (1/5/15 min) at the start: {' / '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"Requests per page: {args.requests} (after {args.warmup} warm-up)"
          + (f"; with the proposed indexes {', '.join(PROPOSED_INDEXES)}" if args.proposed_indexes else ""))
    print()

    results = []
    if args.proposed_indexes:
        proposed_indexes(create=True)
    try:
        for kind, label, user, url_name, params in scenarios():
            if args.only and args.only not in label:
                continue
            results.append(measure(kind, label, user, url_name, params, requests=args.requests, warmup=args.warmup))
            r = results[-1]
            print(f"  measured {label}: p50 {r['p50']:.1f} ms", flush=True)
    finally:
        if args.proposed_indexes:
            proposed_indexes(create=False)
    print()
    print(f"Load average (1/5/15 min) at the end: {' / '.join(f'{x:.2f}' for x in os.getloadavg())} "
          f"on {os.cpu_count()} CPUs (other work on the machine shows up in p95)")
    print_table(results)
    print()
    for note in verdicts(results):
        print(note)
    if args.json:
        args.json.write_text(json.dumps({"machine": info, "seed_seconds": info["seed_seconds"], "results": results},
                                        ensure_ascii=False, indent=2, default=str))


if __name__ == "__main__":
    main()
