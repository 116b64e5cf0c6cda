"""gunicorn's settings, every one from the environment (docs/operations.md, "gunicorn").

    gunicorn -c gunicorn.conf.py chamber_portal.wsgi:application

The Dockerfile's CMD and compose's `web` run exactly this; nginx sits in front (deploy/nginx/).
"""

import multiprocessing
import os


def _env(name: str, default: str) -> str:
    value = os.environ.get(name, "").strip()
    return value or default


def _int(name: str, default: int) -> int:
    value = _env(name, str(default))
    try:
        return int(value)
    except ValueError as error:
        raise SystemExit(f"{name} must be a whole number, not {value!r}.") from error


def default_workers() -> int:
    """2 × CPUs + 1, gunicorn's advice, capped: each worker holds its own database connection."""
    return max(1, min(2 * multiprocessing.cpu_count() + 1, _int("GUNICORN_MAX_WORKERS", 8)))


bind = [address.strip() for address in _env("GUNICORN_BIND", "127.0.0.1:8000").split(",") if address.strip()]
workers = _int("GUNICORN_WORKERS", default_workers())
threads = _int("GUNICORN_THREADS", 1)
# nginx reads a 20 MB upload before gunicorn sees it, so a request's time is the portal's own work.
timeout = _int("GUNICORN_TIMEOUT", 60)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# A worker is replaced after this many requests; the jitter keeps them from all restarting at once.
max_requests = _int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 100)
# "-" (or empty) is stdout, the container's log; "off" turns the access log off.
accesslog = None if _env("GUNICORN_ACCESS_LOG", "-").lower() == "off" else _env("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
loglevel = _env("GUNICORN_LOG_LEVEL", "info")
# The front whose X-Forwarded-Proto gunicorn believes (compose: "*", since only nginx reaches web).
forwarded_allow_ips = _env("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
# Workers' heartbeat files in memory, not on the container's overlay file system.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
proc_name = "chamber-portal"


def child_exit(server, worker):
    """Prometheus multi-process mode (PROMETHEUS_MULTIPROC_DIR, issue 16): a dead worker's live gauges go away."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
