"""/healthz: is the database up, and the broker (when there is one)? 200 when all is well, else 503."""

import redis
from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    except Exception as error:  # any failure is the answer, not a 500
        return f"error: {error.__class__.__name__}"


def _broker() -> str:
    if not settings.REDIS_URL:
        return "in-process"  # the embedded demo runs tasks at commit, no broker to reach
    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_timeout=1, socket_connect_timeout=1).ping()
        return "ok"
    except Exception as error:
        return f"error: {error.__class__.__name__}"


@never_cache
@require_GET
def healthz(request):
    checks = {"database": _database(), "broker": _broker()}
    healthy = not any(value.startswith("error") for value in checks.values())
    return JsonResponse({"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503)
