"""Page throughput under gunicorn: /healthz, the lawyer's list, the staff queue and the API list, side by side.

    apt-get install wrk     # Debian's wrk (HTTP load generator); benchmarks are not run in CI
    .venv/bin/python benchmarks/web.py [--applications 1000000] [--duration 15] [--connections 16]
    .venv/bin/python benchmarks/web.py --profile [--requests 50]     # where one request's time goes

Uses DATABASE_URL (default postgres://postgres@127.0.0.1:5432/chamber_bench), creating, migrating and seeding it
when missing, as benchmarks/lists.py does. Starts gunicorn (4 sync workers by default, DEBUG off, the settings of
`chamber_portal.settings` otherwise as in development: no TLS redirect, static files from the source folders) on
a free local port, signs a lawyer and Chamber staff in (sessions made through Django's session engine, the
staff's second factor marked passed as a right code would; an API token for the API), and drives each URL with
`wrk -c 16` for the given seconds after a short warm-up. Prints requests/s, p50/p95 latency, non-2xx answers and
each page's ratio to /healthz, and the server CPU (gunicorn's processes and the PostgreSQL backends of this
database, from /proc) each request took: unlike rps, that does not move with other jobs on the machine. Never drops
anything; stops the gunicorn it started.

With --profile it runs no server: each page is requested R times in-process (Django's test Client) under
cProfile, and it prints the queries per request and the functions with the most own time.
"""

import argparse
import cProfile
import io
import json
import os
import pstats
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from lists import configure, prepare, second_factor_pass, typical_bulk_lawyer  # noqa: E402

AIMS = {"lawyer list": 250, "staff queue KZ-75": 250, "API list (lawyer)": 300}
# wrk prints its own summary; this script also makes it write the figures as one JSON line.
WRK_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'JSON {"requests": %d, "duration_us": %d, "non2xx": %d, "socket_errors": %d, '
    .. '"p50_us": %d, "p95_us": %d, "p99_us": %d, "mean_us": %f}\\n',
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.mean))
end
"""


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applications", type=int, default=1_000_000, help="bulk applications to have (default 1M)")
    parser.add_argument("--duration", type=int, default=15, help="seconds of load per URL (default 15)")
    parser.add_argument("--warmup", type=int, default=3, help="seconds of untimed load per URL first (default 3)")
    parser.add_argument("--connections", type=int, default=16, help="concurrent clients (default 16)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers (default 4)")
    parser.add_argument("--only", help="comma-separated labels to run (default all)")
    parser.add_argument("--profile", action="store_true", help="profile the pages in-process instead")
    parser.add_argument("--requests", type=int, default=50, help="requests per page with --profile (default 50)")
    parser.add_argument("--redis-url", default="",
                        help="REDIS_URL for gunicorn (cache, throttle counters, /healthz's broker check); default "
                             "none: tasks in-process and a per-process cache, as the other benchmarks")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    return parser.parse_args()


def load() -> str:
    return " / ".join(f"{x:.2f}" for x in os.getloadavg())


def signed_in() -> dict:
    """Who requests what: {label: (user, path, headers)}; sessions and the token are made here, in the
    benchmark database, and left there (they expire)."""
    from datetime import timedelta

    from django.conf import settings
    from django.test import Client
    from knox.models import get_token_model

    from chamber_portal.core.models import User

    lawyer, _rows = typical_bulk_lawyer()
    regional = User.objects.get(username="staff.almaty")
    national = User.objects.get(username="staff")
    cookies = {}
    for user in (lawyer, regional, national):
        client = Client()
        client.force_login(user)
        second_factor_pass(client, user)
        cookies[user.pk] = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    _instance, token = get_token_model().objects.create(user=lawyer, expiry=timedelta(days=1))
    return {
        "/healthz": (None, "/healthz", {}),
        "lawyer list": (lawyer, "/applications/", {"Cookie": cookies[lawyer.pk]}),
        "staff queue KZ-75": (regional, "/applications/queue/", {"Cookie": cookies[regional.pk]}),
        "staff queue national": (national, "/applications/queue/", {"Cookie": cookies[national.pk]}),
        "API list (lawyer)": (lawyer, "/api/v1/applications/", {"Authorization": f"Token {token}"}),
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def gunicorn_start(port: int, workers: int, redis_url: str) -> subprocess.Popen:
    env = {**os.environ, "DEBUG": "false", "DJANGO_ENV": "development", "REDIS_URL": redis_url,
           # Thousands of requests a minute from one user: the API's per-user throttle would answer 429.
           "API_THROTTLE_USER": "100000000/min",
           # Workers and their database connections live through the run, so their CPU time can be read
           # (server_cpu_seconds): no recycling after 1,000 requests, no reconnect after 60 s.
           "GUNICORN_MAX_REQUESTS": "0", "DATABASE_CONN_MAX_AGE": "3600"}
    command = [str(Path(sys.executable).parent / "gunicorn"), "chamber_portal.wsgi:application",
               "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--worker-class", "sync",
               "--log-level", "warning", "--chdir", str(ROOT)]
    process = subprocess.Popen(command, env=env, cwd=ROOT, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                if response.status == 200:
                    return process
        except OSError:
            time.sleep(0.5)
    gunicorn_stop(process)
    sys.exit("gunicorn did not answer /healthz within 60 s")


def gunicorn_stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def check(port: int, path: str, headers: dict) -> None:
    """The page answers 200 to this client (not a redirect to the sign-in or second-factor page)."""
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers)
    opener = urllib.request.build_opener(NoRedirect)
    with opener.open(request, timeout=30) as response:
        if response.status != 200:
            sys.exit(f"{path} answered {response.status}")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def wrk(port: int, path: str, headers: dict, *, seconds: int, connections: int, script: str) -> dict:
    command = ["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "--timeout", "10s", "-s", script]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    command.append(f"http://127.0.0.1:{port}{path}")
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    line = next(line for line in output.splitlines() if line.startswith("JSON "))
    figures = json.loads(line.removeprefix("JSON "))
    figures["rps"] = figures["requests"] / (figures["duration_us"] / 1e6)
    return figures


def _cpu_seconds(pid: int, *, children: bool = False) -> float:
    """utime + stime of a process (with `children`, also of its children it has waited for), from /proc."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    ticks = int(fields[11]) + int(fields[12]) + (int(fields[13]) + int(fields[14]) if children else 0)
    return ticks / os.sysconf("SC_CLK_TCK")


def server_cpu_seconds(master_pid: int) -> float:
    """CPU time used so far by gunicorn (master, its workers) and by the PostgreSQL backends serving this
    database: what a page costs the server whatever else runs on the machine (rps and the /healthz ratio move
    with the load of other jobs; this does not, apart from cache effects)."""
    from django.db import connection

    workers = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    if int(stat.read().rsplit(")", 1)[1].split()[1]) == master_pid:
                        workers.append(int(entry))
            except OSError:
                continue
    with connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                       "AND pid <> pg_backend_pid()")
        backends = [pid for (pid,) in cursor.fetchall()]
    return (_cpu_seconds(master_pid, children=True) + sum(_cpu_seconds(pid) for pid in workers)
            + sum(_cpu_seconds(pid) for pid in backends))


def throughput(args, pages: dict) -> list[dict]:
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk")
    port = free_port()
    process = gunicorn_start(port, args.workers, args.redis_url)
    results = []
    try:
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(WRK_SCRIPT)
        for label, (_user, path, headers) in pages.items():
            check(port, path, headers)
            wrk(port, path, headers, seconds=args.warmup, connections=args.connections, script=script.name)
            before, cpu = load(), server_cpu_seconds(process.pid)
            figures = wrk(port, path, headers, seconds=args.duration, connections=args.connections,
                          script=script.name)
            cpu_ms = (server_cpu_seconds(process.pid) - cpu) * 1000 / max(figures["requests"], 1)
            figures.update(label=label, path=path, load_before=before, load_after=load(), cpu_ms=cpu_ms)
            results.append(figures)
            print(f"  {label}: {figures['rps']:.0f} rps, {cpu_ms:.1f} ms server CPU a request "
                  f"(load {figures['load_after']})", flush=True)
    finally:
        gunicorn_stop(process)
        os.unlink(script.name)
    return results


def print_throughput(results: list[dict], args) -> None:
    health = next((r["rps"] for r in results if r["label"] == "/healthz"), None)
    print(f"gunicorn {args.workers} sync workers, wrk -t 2 -c {args.connections} -d {args.duration}s, "
          f"on {os.cpu_count()} CPUs shared with wrk")
    health_cpu = next((r["cpu_ms"] for r in results if r["label"] == "/healthz"), None)
    header = (f"{'URL':<24} {'rps':>7} {'p50 ms':>7} {'p95 ms':>7} {'non-2xx':>7} {'/healthz':>9} {'aim':>5}"
              f" {'CPU ms':>7} {'CPU x':>6}  load (1/5/15)")
    print(header)
    print("-" * len(header))
    for r in results:
        ratio = f"{r['rps'] / health:.3f}" if health else "-"
        aim = AIMS.get(r["label"])
        times = f"{r['cpu_ms'] / health_cpu:.1f}" if health_cpu else "-"
        print(f"{r['label']:<24} {r['rps']:>7.0f} {r['p50_us'] / 1000:>7.1f} {r['p95_us'] / 1000:>7.1f} "
              f"{r['non2xx']:>7} {ratio:>9} {aim or '':>5} {r['cpu_ms']:>7.2f} {times:>6}  {r['load_after']}")
    print("CPU ms: server CPU (gunicorn and its PostgreSQL backends) per request; CPU x: that, over /healthz's")


def profile(args, pages: dict) -> list[dict]:
    """Each page R times in-process under cProfile: where the time of a request goes."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    results = []
    for label, (_user, path, headers) in pages.items():
        client = Client()
        extra = {}
        if "Cookie" in headers:
            name, value = headers["Cookie"].split("=", 1)
            client.cookies[name] = value
        if "Authorization" in headers:
            extra["HTTP_AUTHORIZATION"] = headers["Authorization"]
        for _ in range(3):
            assert client.get(path, **extra).status_code == 200, label
        with CaptureQueriesContext(connection) as captured:
            client.get(path, **extra)
        queries = [q["sql"] for q in captured.captured_queries]
        profiler = cProfile.Profile()
        started = time.perf_counter()
        profiler.enable()
        for _ in range(args.requests):
            client.get(path, **extra)
        profiler.disable()
        ms = (time.perf_counter() - started) * 1000 / args.requests
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats("tottime").print_stats(18)
        cumulative = io.StringIO()
        pstats.Stats(profiler, stream=cumulative).sort_stats("cumulative").print_stats(
            r"(chamber_portal|intake|assignment|complaints|inspections|bailiffs|middleware|template)", 30)
        print(f"=== {label} ({path}): {ms:.1f} ms per request under the profiler, {len(queries)} queries")
        for sql in queries:
            print(f"    {sql[:160]}")
        print(out.getvalue())
        print(cumulative.getvalue())
        results.append({"label": label, "ms": ms, "queries": queries})
    return results


def main() -> None:
    args = parse_args()
    prepare(configure("benchmarks/web.py"), args.applications)
    pages = signed_in()
    if args.only:
        wanted = {label.strip() for label in args.only.split(",")}
        pages = {label: page for label, page in pages.items() if label in wanted}
    print(f"Load average (1/5/15 min) at the start: {load()}")
    if args.profile:
        results = profile(args, pages)
    else:
        results = throughput(args, pages)
        print()
        print_throughput(results, args)
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2, default=str))


if __name__ == "__main__":
    main()
