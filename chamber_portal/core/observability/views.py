"""/livez: the process answers; no database, no broker (those are /healthz's readiness checks)."""

from django.http import JsonResponse
from django.views.decorators.cache import never_cache


@never_cache
def livez(request):
    return JsonResponse({"status": "ok"})
