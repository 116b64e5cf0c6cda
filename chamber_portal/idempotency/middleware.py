"""`Idempotency-Key` on every API POST (docs/architecture.md §7), in one place for every app's views.

The same key from the same user within IDEMPOTENCY_KEY_HOURS answers the first answer again (status and body,
with `Idempotent-Replayed: true`) and does nothing; the same key with another request is 422
`{"code": "idempotency_key_reused"}`.

How it holds under concurrency: the request runs inside one transaction that first inserts the (user, key)
row. A second request with that key blocks on the unique index until the first commits, then reads its
stored answer; if the first rolled back, the second inserts the row and does the work itself. The key row and
the work commit together, so a crash between them loses both, never one.
"""

import contextlib
import hashlib
import json
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework.request import Request
from rest_framework.settings import api_settings

from .models import IdempotencyKey

HEADER = "Idempotency-Key"
MAX_LENGTH = 255
KEY_TOO_LONG = _("An Idempotency-Key has at most 255 characters.")
KEY_REUSED = _(
    "This Idempotency-Key was already used for another request: use a new key for a new request."
)
REUSED_CODE = "idempotency_key_reused"
# Answers that are not kept: the request may be retried (throttled, or the server failed).
NOT_KEPT = {429}


def _authenticated_user(request):
    """The API caller as the API's own authentication classes see him or her, or None (the view answers 401)."""
    drf_request = Request(request, authenticators=[cls() for cls in api_settings.DEFAULT_AUTHENTICATION_CLASSES])
    try:
        user = drf_request.user
    except Exception:  # a bad token or a failed CSRF check: the view itself gives the error answer
        return None
    return user if user is not None and user.is_authenticated else None


def fingerprint_of(request) -> str:
    digest = hashlib.sha256(f"{request.method} {request.path}\n".encode())
    if request.content_type == "multipart/form-data":
        for name in sorted(request.POST):
            digest.update(json.dumps([name, request.POST.getlist(name)]).encode())
        for name in sorted(request.FILES):
            for upload in request.FILES.getlist(name):
                digest.update(json.dumps([name, upload.name, upload.size]).encode())
                for chunk in upload.chunks():
                    digest.update(chunk)
                upload.seek(0)
        return digest.hexdigest()
    body = request.body
    if request.content_type == "application/json":
        # The same JSON with its keys in another order or other spacing is the same request.
        with contextlib.suppress(ValueError):
            body = json.dumps(json.loads(body), sort_keys=True, separators=(",", ":")).encode()
    digest.update(body)
    return digest.hexdigest()


def _replay(record: IdempotencyKey) -> HttpResponse:
    response = HttpResponse(bytes(record.body), status=record.status_code, content_type=record.content_type or None)
    response["Idempotent-Replayed"] = "true"
    return response


def _reused() -> JsonResponse:
    return JsonResponse({"detail": str(KEY_REUSED), "code": REUSED_CODE}, status=422)


class IdempotencyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = request.headers.get(HEADER, "").strip()
        if request.method != "POST" or not key or not request.path.startswith(settings.API_PATH_PREFIX):
            return self.get_response(request)
        if len(key) > MAX_LENGTH:
            return JsonResponse({HEADER: [str(KEY_TOO_LONG)]}, status=400)
        user = _authenticated_user(request)
        if user is None:
            return self.get_response(request)
        fingerprint = fingerprint_of(request)
        with transaction.atomic():
            record, answer = self._claim(user, key, request, fingerprint)
            if answer is not None:
                return answer
            response = self.get_response(request)
            if response.status_code >= 500:
                transaction.set_rollback(True)  # the key and whatever the request did: a retry runs it anew
                return response
            if response.status_code in NOT_KEPT or response.streaming:
                record.delete()  # nothing to answer again: a retry runs the request anew
                return response
            record.status_code = response.status_code
            record.content_type = response.get("Content-Type", "")
            record.body = response.content
            record.save(update_fields=["status_code", "content_type", "body"])
            return response

    def _claim(self, user, key: str, request, fingerprint: str):
        """(the new row, None) when this request does the work, or (None, the answer) when a first one did."""
        fields = {"method": request.method, "path": request.path[:500], "fingerprint": fingerprint}
        try:
            with transaction.atomic():
                return IdempotencyKey.objects.create(user=user, key=key, **fields), None
        except IntegrityError:
            pass
        # A first request with this key has committed (its insert held ours until then): read its answer.
        record = IdempotencyKey.objects.select_for_update().get(user=user, key=key)
        if record.created_at < timezone.now() - timedelta(hours=settings.IDEMPOTENCY_KEY_HOURS):
            record.delete()  # expired: the key starts afresh
            return IdempotencyKey.objects.create(user=user, key=key, **fields), None
        if record.fingerprint != fingerprint:
            return None, _reused()
        return None, _replay(record)
