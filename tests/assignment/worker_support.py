"""A real Celery worker and a private redis-server for the tests (and the benchmark) that need them.

The worker is `celery -A chamber_portal worker` in its own process group, on the production settings, with
DATABASE_URL naming the database the caller gives (the test database inside a test) and REDIS_URL naming a
redis-server started here on a free port in a temporary directory, so stopping it disturbs nothing else on
the machine. Logs go to test-artifacts/ for debugging.
"""

import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
QUEUE = "chamber"
# What the worker consumes: the rotation's queue and the notifications' own, as docker-compose.yml's worker (which
# also renders the `documents` queue's PDFs: left out here, their ~0.5 s each would be measured as the rotation's).
QUEUES = ["chamber", "notifications", "email"]
DISTRIBUTE = "assignment.tasks.distribute"
# At most one pending per region since issue 15's coalescing (assignment/receivers.py): what an acceptance queues.
DISTRIBUTE_REGION = "assignment.tasks.distribute_region"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(condition: Callable[[], object], *, timeout: float, message: Callable[[], str] | str,
              interval: float = 0.05) -> object:
    """Poll `condition` until it returns something truthy; fail with `message` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(message() if callable(message) else message)
        time.sleep(interval)


def database_url(config: dict) -> str:
    """postgres://USER[:PASSWORD]@HOST:PORT/NAME from a Django DATABASES entry (the test database's NAME)."""
    auth = config["USER"] + (f":{config['PASSWORD']}" if config.get("PASSWORD") else "")
    return f"postgres://{auth}@{config['HOST'] or '127.0.0.1'}:{config['PORT'] or 5432}/{config['NAME']}"


class RedisServer:
    """A redis-server of our own: no persistence, so a restart loses whatever was queued (the worst case)."""

    def __init__(self, directory: Path, port: int | None = None, name: str = "redis"):
        self.directory = directory
        self.port = port or free_port()
        self.log_path = ARTIFACTS / f"{name}-{self.port}.log"
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def client(self):
        import redis

        return redis.Redis.from_url(self.url, socket_connect_timeout=1, socket_timeout=2)

    def start(self) -> "RedisServer":
        binary = shutil.which("redis-server")
        if binary is None:
            raise RuntimeError("redis-server is not installed (apt-get install redis-server)")
        ARTIFACTS.mkdir(exist_ok=True)
        self.directory.mkdir(parents=True, exist_ok=True)
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                 "--daemonize", "no", "--dir", str(self.directory)],
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )
        wait_for(self._pong, timeout=10, message=lambda: f"redis-server on port {self.port} did not answer PING; "
                 f"see {self.log_path}")
        return self

    def _pong(self) -> bool:
        import redis

        if self.process is not None and self.process.poll() is not None:
            raise AssertionError(f"redis-server exited with {self.process.returncode}; see {self.log_path}")
        try:
            return bool(self.client().ping())
        except redis.RedisError:
            return False

    def stop(self) -> None:
        """SIGTERM and wait: the port refuses connections once this returns."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)

    def queued(self, task: str = DISTRIBUTE_REGION, queue: str = QUEUE) -> int:
        """Messages for `task` waiting in `queue` (not yet delivered to a worker)."""
        return sum(1 for raw in self.client().lrange(queue, 0, -1) if json.loads(raw)["headers"]["task"] == task)

    def unacked(self) -> int:
        """Messages delivered to a worker and not acknowledged (kombu's Redis transport keeps them here)."""
        return self.client().hlen("unacked")


class Worker:
    """`celery worker` on the portal's queues, in its own process group (the pool's children included)."""

    def __init__(self, *, database_url: str, broker_url: str, name: str, concurrency: int = 2, loglevel: str = "INFO"):
        self.database_url, self.broker_url, self.name = database_url, broker_url, name
        self.concurrency, self.loglevel = concurrency, loglevel
        self.log_path = ARTIFACTS / f"{name}.log"
        self.process: subprocess.Popen | None = None
        self._log_offset = 0

    def command(self) -> list[str]:
        return [sys.executable, "-m", "celery", "-A", "chamber_portal", "worker", f"--loglevel={self.loglevel}",
                f"--concurrency={self.concurrency}", "--pool=prefork", "-Q", ",".join(QUEUES), "-n", f"{self.name}@%h",
                "--without-heartbeat", "--without-mingle", "--without-gossip"]

    def environment(self) -> dict[str, str]:
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "chamber_portal.settings", "DJANGO_ENV": "development",
               "DEBUG": "false", "DATABASE_URL": self.database_url, "REDIS_URL": self.broker_url,
               "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend", "PYTHONUNBUFFERED": "1"}
        env.pop("CELERY_BROKER_URL", None)
        return env

    def start(self, *, timeout: float = 60) -> "Worker":
        ARTIFACTS.mkdir(exist_ok=True)
        with open(self.log_path, "ab") as log:
            self._log_offset = log.tell()
            self.process = subprocess.Popen(self.command(), cwd=ROOT, env=self.environment(), stdout=log,
                                            stderr=subprocess.STDOUT, start_new_session=True)
        wait_for(self._ready, timeout=timeout, interval=0.1,
                 message=lambda: f"worker {self.name} not ready after {timeout} s:\n{self.log_tail()}")
        return self

    def _ready(self) -> bool:
        if self.process.poll() is not None:
            raise AssertionError(f"worker {self.name} exited with {self.process.returncode}:\n{self.log_tail()}")
        return " ready." in self.log()

    def log(self) -> str:
        with open(self.log_path, "rb") as log:
            log.seek(self._log_offset)
            return log.read().decode(errors="replace")

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log().splitlines()[-lines:])

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL the whole process group at once: the main process and every pool child, mid-task."""
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self, timeout: float = 15) -> None:
        """A warm shutdown (SIGTERM to the main process); SIGKILL the group if it does not end in time."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=timeout)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)  # any pool child left behind
        if self.process.poll() is None:
            self.process.wait(timeout=10)


def _reset_connections(app) -> None:
    from kombu import pools

    # kombu keeps its connection and producer pools in process-wide registries keyed by the broker: closing one
    # and leaving it there makes every later publish in this process (the eager tasks of the tests that follow)
    # fail with "Acquire on closed pool". reset() closes them all and empties the registries.
    pools.reset()
    app._pool = None
    with contextlib.suppress(AttributeError, KeyError):
        app.__dict__["amqp"]._producer_pool = None


@contextlib.contextmanager
def celery_broker(url: str) -> Iterator[None]:
    """Point this process's Celery app at `url` and stop running tasks in-process; restore it afterwards."""
    from chamber_portal.celery import app

    keys = ("broker_url", "task_always_eager")
    saved = {key: app.conf[key] for key in keys}
    _reset_connections(app)
    app.conf.update(broker_url=url, task_always_eager=False)
    try:
        yield
    finally:
        _reset_connections(app)
        app.conf.update(saved)


def sweep_now() -> list[int]:
    """What beat's `assignment.tasks.sweep` does, without its two minutes of patience: re-queue a drain of
    every region with an accepted application. Returns the regions it could queue (Redis may be down)."""
    from kombu.exceptions import OperationalError

    from assignment.services import distribution_sweep
    from assignment.tasks import drain_region

    queued = []
    for region_id in distribution_sweep(older_than=timedelta(0)):
        try:
            drain_region.delay(region_id)
            queued.append(region_id)
        except OperationalError:
            pass  # the broker is still away: the next sweep tries again, as beat would a minute later
    return queued


def assigned(ids: list[int]) -> int:
    from intake.models import Application

    return Application.objects.filter(pk__in=ids, status="assigned").count()


def wait_until_assigned(ids: list[int], *, timeout: float = 120, sweep_every: float | None = None,
                        worker: "Worker | None" = None, supervisor: "Stack | None" = None) -> float:
    """Poll the database until every application is assigned; with `sweep_every`, sweep that often as beat
    would. A dead worker fails the wait, unless a `supervisor` restarts it (as `restart: unless-stopped`
    does in docker-compose.yml). Returns the seconds it took."""
    started = last_sweep = time.monotonic()

    def done() -> bool:
        nonlocal last_sweep
        if supervisor is not None:
            supervisor.supervise()
        elif worker is not None and not worker.alive:
            raise AssertionError(f"worker {worker.name} died:\n{worker.log_tail()}")
        if sweep_every is not None and time.monotonic() - last_sweep >= sweep_every:
            sweep_now()
            last_sweep = time.monotonic()
        return assigned(ids) == len(ids)

    def why() -> str:
        from intake.models import Application

        left = Counter(Application.objects.filter(pk__in=ids).exclude(status="assigned").values_list("status",
                                                                                                      flat=True))
        last = supervisor.workers[-1] if supervisor and supervisor.workers else worker
        tail = f"\nworker log ({last.log_path}):\n{last.log_tail()}" if last else ""
        return f"{assigned(ids)} of {len(ids)} applications assigned after {timeout} s; the rest: {dict(left)}{tail}"

    wait_for(done, timeout=timeout, interval=0.1, message=why)
    return time.monotonic() - started


def assert_assigned_exactly_once(ids: list[int]) -> dict[str, list[int]]:
    """One decision and one active assignment per application, all `assigned`, the same bailiff in each;
    per region, counts per bailiff differ by at most one; the log replays. Returns the counts per region."""
    from django.core.management import call_command

    from assignment.models import Assignment, DistributionDecision
    from intake.models import Application

    statuses = Counter(Application.objects.filter(pk__in=ids).values_list("status", flat=True))
    assert statuses == {"assigned": len(ids)}, f"statuses: {dict(statuses)}"
    assignments = Counter(Assignment.objects.filter(application_id__in=ids).values_list("application_id", flat=True))
    twice = {pk: n for pk, n in assignments.items() if n != 1}
    assert len(assignments) == len(ids) and not twice, f"{len(assignments)} assigned; more than once: {twice}"
    assert not Assignment.objects.filter(application_id__in=ids, is_active=False).exists()
    decisions = Counter(DistributionDecision.objects.filter(application_id__in=ids).values_list("application_id",
                                                                                                  flat=True))
    twice = {pk: n for pk, n in decisions.items() if n != 1}
    assert len(decisions) == len(ids) and not twice, f"{len(decisions)} decided; more than once: {twice}"
    active = dict(Assignment.objects.filter(application_id__in=ids, is_active=True).values_list("application_id",
                                                                                                  "bailiff_id"))
    recorded = dict(Application.objects.filter(pk__in=ids).values_list("id", "assigned_bailiff_id"))
    assert recorded == active, "assigned_bailiff differs from the active assignment"
    per_region = spread_per_region(ids)
    for code, counts in per_region.items():
        assert max(counts) - min(counts) <= 1, f"{code}: {counts} per bailiff, spread {max(counts) - min(counts)}"
    call_command("verify_distribution", verbosity=0)  # exits 1 on any decision that breaks the rule
    return per_region


def spread_per_region(ids: list[int] | None = None) -> dict[str, list[int]]:
    """Assignments per active bailiff of each region (bailiffs with none count as 0), registry order."""
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
    return {code: counts for code, counts in per_region.items() if sum(counts)}


class Stack:
    """A private redis-server, this process's Celery pointed at it, and the workers started on it; all of
    it stopped on exit, the workers first (their database connections must close before the test's flush)."""

    def __init__(self, directory: Path, name: str):
        self.name = name
        self.redis = RedisServer(directory / "redis", name=f"{name}-redis")
        self.workers: list[Worker] = []
        self.restarts: list[str] = []
        self.keep_logs = True
        self._exit = contextlib.ExitStack()

    def __enter__(self) -> "Stack":
        if shutil.which("redis-server") is None:
            from tests.conftest import _missing

            _missing("redis-server is not installed (apt-get install redis-server)")
        self._exit.callback(self.redis.stop)
        self.redis.start()
        self._exit.enter_context(celery_broker(self.redis.url))
        return self

    def __exit__(self, *exc_info) -> None:
        for worker in self.workers:
            worker.stop()
        self._exit.close()
        if not self.keep_logs:
            for path in [self.redis.log_path, *(worker.log_path for worker in self.workers)]:
                path.unlink(missing_ok=True)

    def supervise(self) -> None:
        """Start a new worker when the last one has exited, as a process supervisor would; note why it ended."""
        last = self.workers[-1]
        if last.alive:
            return
        lines = [line for line in last.log().splitlines() if "Unrecoverable error" in line]
        self.restarts.append(f"{last.name} exited with {last.process.returncode}"
                             + (f" after {lines[-1].split('] ', 1)[-1]}" if lines else ""))
        self.worker()

    def worker(self) -> Worker:
        from django.conf import settings

        worker = Worker(database_url=database_url(settings.DATABASES["default"]), broker_url=self.redis.url,
                        name=f"{self.name}-{self.redis.port}-worker{len(self.workers) + 1}")
        self.workers.append(worker)
        return worker.start()


@contextlib.contextmanager
def running_stack(request, tmp_path: Path) -> Iterator[Stack]:
    """The fixture's body: a Stack for the test, whose logs stay in test-artifacts/ only if the test failed."""
    failed = request.session.testsfailed
    with Stack(tmp_path, name=request.node.name) as stack:
        yield stack
        stack.keep_logs = request.session.testsfailed > failed  # the call's report is counted before teardown


def bailiffs_create(per_region: dict[str, int]) -> None:
    from tests.factories import BailiffFactory, region

    for code, count in per_region.items():
        for _ in range(count):
            BailiffFactory(region=region(code))


def applications_received(count: int, codes: list[str], *, prefix: str = "W") -> list:
    """`count` applications whose paper original has arrived, over `codes` in turn, ready to be accepted."""
    from tests.factories import ApplicationFactory, UserFactory, region

    lawyer = UserFactory(role="lawyer")
    regions = [region(code) for code in codes]
    return [ApplicationFactory(status="original_received", region=regions[i % len(regions)], lawyer=lawyer,
                               reference=f"{codes[i % len(codes)][3:]}-{prefix}-{i:06d}", with_documents=False)
            for i in range(count)]


def accept_all(applications: list, by) -> list[float]:
    """Accept each through the intake service, one transaction each (each enqueues on its own commit);
    the seconds each call took."""
    from intake.services import application_accept

    checklist = {"court": True, "parties": True, "amount": True, "document": True}
    timings = []
    for application in applications:
        started = time.monotonic()
        application_accept(application=application, by=by, checklist=checklist)
        timings.append(time.monotonic() - started)
    return timings


def expected_counts(cases: int, bailiffs: int) -> list[int]:
    """What the rotation gives `bailiffs` newcomers for `cases`, in registry order (ties go to the lower id)."""
    return [cases // bailiffs + (1 if i < cases % bailiffs else 0) for i in range(bailiffs)]


def _first_argument(message: dict, task: str) -> int | None:
    """The first argument of a `task` message (None for any other task)."""
    import base64

    if message["headers"]["task"] != task:
        return None
    body = message["body"]
    if message["properties"].get("body_encoding") == "base64":
        body = base64.b64decode(body)
    args, _kwargs, _embed = json.loads(body)
    return int(args[0])


def queued_regions(server: RedisServer) -> set[int]:
    """Region ids of `distribute_region` messages waiting in the queue."""
    ids = (_first_argument(json.loads(raw), DISTRIBUTE_REGION) for raw in server.client().lrange(QUEUE, 0, -1))
    return {pk for pk in ids if pk is not None}


def stranded_regions(server: RedisServer) -> set[int]:
    """Region ids of `distribute_region` messages delivered to a worker and never acknowledged."""
    ids = (_first_argument(json.loads(raw)[0], DISTRIBUTE_REGION) for raw in server.client().hvals("unacked"))
    return {pk for pk in ids if pk is not None}


TASK_LINE = re.compile(r"Task assignment\.tasks\.distribute(?:_region)?\[[^\]]+\] succeeded in ([\d.]+)s: (\d+)")


def distribute_tasks(log: str) -> list[tuple[float, int]]:
    """(seconds, decisions) of every `distribute_region` (or older `distribute`) task a worker ran, from its INFO
    log: the task returns how many applications it assigned (0: an earlier run's batch took them)."""
    return [(float(seconds), int(n)) for seconds, n in TASK_LINE.findall(log)]


def assert_in_acceptance_order(ids: list[int]) -> None:
    """In every region, the turns of these applications' decisions follow their order of acceptance."""
    from assignment.models import DistributionDecision

    rows = (DistributionDecision.objects.filter(application_id__in=ids)
            .order_by("region_id", "application__accepted_at", "application_id")
            .values_list("region_id", "turn", "application_id"))
    last: dict[int, tuple[int, int]] = {}
    for region_id, turn, application_id in rows:
        before = last.get(region_id)
        assert before is None or turn > before[0], (
            f"application {application_id} (turn {turn}) was accepted after {before[1]} (turn {before[0]})")
        last[region_id] = (turn, application_id)
