"""Prometheus metrics at /metrics (prometheus_client: a few counters and gauges need no django-prometheus, whose
per-model and per-cache metrics we do not want). Gauges that come from the database are computed at scrape time
with cheap queries; under gunicorn set PROMETHEUS_MULTIPROC_DIR (an empty directory shared by the workers)."""

import hmac
import os
from collections.abc import Callable
from typing import NamedTuple

from django.conf import settings
from django.db import DatabaseError
from django.http import Http404, HttpResponse
from django.views.decorators.cache import never_cache
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import REGISTRY

HTTP_REQUESTS = Counter("chamber_http_requests", "HTTP requests answered", ["method", "status", "view"])
TASK_FAILURES = Counter("chamber_celery_task_failures", "Celery tasks that raised", ["task"])


class Figure(NamedTuple):
    kind: str  # "gauge" or "counter"
    name: str
    help: str
    count: Callable[[], int]


# The domain's figures come from their own apps (each registers its figures in its AppConfig.ready, as home
# panels are registered), so the core imports no app above it.
FIGURES: list[Figure] = []


def register_figure(*, name: str, help: str, count: Callable[[], int], kind: str = "gauge") -> None:
    if all(f.name != name for f in FIGURES):
        FIGURES.append(Figure(kind, name, help, count))


def _family(figure: Figure, **kwargs):
    family = CounterMetricFamily if figure.kind == "counter" else GaugeMetricFamily
    return family(figure.name, figure.help, **kwargs)


class DatabaseCollector:
    """Queue lengths and the figures the apps register, read when Prometheus scrapes."""

    def describe(self):
        # Names only, so registering touches neither the database nor the broker (the process may not have them).
        yield GaugeMetricFamily("chamber_celery_queue_length", "Messages waiting per Celery queue", labels=["queue"])
        for figure in FIGURES:
            yield _family(figure)

    def collect(self):
        queues = GaugeMetricFamily("chamber_celery_queue_length", "Messages waiting per Celery queue", labels=["queue"])
        for name, length in queue_lengths().items():
            queues.add_metric([name], length)
        yield queues
        try:
            for figure in FIGURES:
                yield _family(figure, value=figure.count())
        except DatabaseError:  # the database away: the scrape still answers, /healthz tells why
            return


def queue_names() -> list[str]:
    names = {settings.CELERY_TASK_DEFAULT_QUEUE}
    for route in settings.CELERY_TASK_ROUTES.values():
        if isinstance(route, dict) and route.get("queue"):
            names.add(route["queue"])
    return sorted(names)


def queue_lengths() -> dict[str, int]:
    names = queue_names()
    broker = settings.CELERY_BROKER_URL or ""
    if settings.CELERY_TASK_ALWAYS_EAGER or not broker.startswith(("redis://", "rediss://")):
        return dict.fromkeys(names, 0)  # in-process mode: tasks run at commit, nothing waits
    import redis

    try:
        client = redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_timeout=1, socket_connect_timeout=1)
        pipe = client.pipeline()
        for name in names:
            pipe.llen(name)
        return dict(zip(names, (int(n) for n in pipe.execute()), strict=True))
    except Exception:
        return {}


def _registry():
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        registry.register(DatabaseCollector())
        return registry
    return REGISTRY


_database_collector = DatabaseCollector()
if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    REGISTRY.register(_database_collector)


def _allowed(request) -> bool:
    token = getattr(settings, "METRICS_TOKEN", "")
    if token:
        sent = request.headers.get("Authorization", "")
        return hmac.compare_digest(sent.encode(), f"Bearer {token}".encode())
    if settings.PRODUCTION:
        return False
    user = getattr(request, "user", None)
    return bool(user and user.is_authenticated and user.is_superuser)


def worker_metrics_serve(*, port: int, addr: str = "0.0.0.0"):  # noqa: S104  (scraped from the network)
    """Serve the worker's task-failure counts over HTTP in a thread (prometheus_client's own server); the database
    figures stay with /metrics. Returns the server."""
    from prometheus_client import start_http_server

    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.MultiProcessCollector(registry)  # the pool children's counts, added up
    else:
        registry.register(TASK_FAILURES)
    server, _thread = start_http_server(port, addr=addr, registry=registry)
    return server


@never_cache
def metrics_view(request):
    if not _allowed(request):
        raise Http404
    return HttpResponse(generate_latest(_registry()), content_type=CONTENT_TYPE_LATEST)


class MetricsMiddleware:
    """Counts every answered request by method, status and the view's URL name."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        view = (match.view_name if match else "") or "unmatched"
        HTTP_REQUESTS.labels(request.method, str(response.status_code), view).inc()
        return response


def task_failed(sender=None, **kwargs):
    TASK_FAILURES.labels(getattr(sender, "name", "unknown")).inc()
