"""Webhooks (issue 14): endpoints registered by lawyers; each status event POSTed, signed, retried with backoff."""

import hashlib
import hmac
import json
import secrets
import time
import urllib.error
import urllib.request
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chamber_portal.core.audit import audit_record
from chamber_portal.core.models import AuditEvent, User
from intake.models import Application

from .audit_events import WebhookEvent
from .models import DeliveryStatus, WebhookDelivery, WebhookEndpoint
from .safety import url_problem

SIGNATURE_HEADER = "X-Chamber-Signature"
SECRET_TOO_SHORT = _("The secret has at least 16 characters (or leave it out and one is made for you).")
NOT_YOURS = _("Only the lawyer who registered it may change this endpoint.")
# Seconds before attempt n+1: 10 s, 20 s, 40 s, … up to an hour; given up after WEBHOOKS_MAX_ATTEMPTS.
BACKOFF_START, BACKOFF_MAX = 10, 3600


def _require_lawyer(user: User) -> None:
    if user is None or not user.is_authenticated or not user.is_lawyer:
        raise PermissionDenied(NOT_YOURS)


@transaction.atomic
def webhook_endpoint_create(*, lawyer: User, url: str, secret: str = "") -> WebhookEndpoint:
    _require_lawyer(lawyer)
    problems = {}
    if problem := url_problem(url):
        problems["url"] = [problem]
    if secret and len(secret) < 16:
        problems["secret"] = [SECRET_TOO_SHORT]
    if problems:
        raise ValidationError(problems)
    endpoint = WebhookEndpoint.objects.create(lawyer=lawyer, url=url, secret=secret or secrets.token_urlsafe(32))
    audit_record(actor=lawyer, obj=endpoint, kind=WebhookEvent.WEBHOOK_REGISTERED, data={"url": url})
    return endpoint


@transaction.atomic
def webhook_endpoint_remove(*, endpoint: WebhookEndpoint, by: User) -> None:
    if by is None or endpoint.lawyer_id != by.pk:
        raise PermissionDenied(NOT_YOURS)
    endpoint.is_active = False
    endpoint.save(update_fields=["is_active", "updated_at"])
    audit_record(actor=by, obj=endpoint, kind=WebhookEvent.WEBHOOK_REMOVED, data={"url": endpoint.url})


def payload_of(event: AuditEvent, application: Application) -> dict:
    """The body POSTed: the event as the change feed (events/) shows it."""
    return {"id": event.pk, "application": application.pk, "reference": application.reference,
            "from": event.from_state or None, "to": event.to_state, "at": event.at.isoformat()}


def deliveries_create(*, event_id: int) -> list[int]:
    """Offer one status event to the active endpoints of its application's lawyer (a second run adds nothing)."""
    event = AuditEvent.objects.filter(pk=event_id).first()
    if event is None:
        return []
    application = Application.objects.filter(pk=int(event.object_id)).first()
    if application is None:
        return []
    endpoints = WebhookEndpoint.objects.filter(lawyer_id=application.lawyer_id, is_active=True)
    deliveries = WebhookDelivery.objects.bulk_create(
        [WebhookDelivery(endpoint=endpoint, event_id=event.pk, payload=payload_of(event, application),
                         next_attempt_at=timezone.now()) for endpoint in endpoints],
        ignore_conflicts=True,
    )
    return [d.pk for d in WebhookDelivery.objects.filter(event_id=event.pk, status=DeliveryStatus.PENDING,
                                                         endpoint__in=endpoints)] if deliveries else []


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """`t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<body>" with the secret>`."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect is an answer like any other: it could lead to a private address


_opener = urllib.request.build_opener(_NoRedirects)


def _send(delivery: WebhookDelivery) -> tuple[int | None, str]:
    body = json.dumps(delivery.payload, cls=DjangoJSONEncoder).encode()
    if problem := url_problem(delivery.endpoint.url):
        return None, problem
    request = urllib.request.Request(delivery.endpoint.url, data=body, method="POST", headers={
        "Content-Type": "application/json", "User-Agent": "ChamberPortal-Webhooks/1",
        SIGNATURE_HEADER: signature(delivery.endpoint.secret, int(time.time()), body),
        "X-Chamber-Event-Id": str(delivery.event_id),
    })
    try:
        with _opener.open(request, timeout=settings.WEBHOOKS_TIMEOUT_SECONDS) as response:
            return response.status, ""
    except urllib.error.HTTPError as failure:
        return failure.code, f"HTTP {failure.code}"
    except (urllib.error.URLError, OSError, ValueError) as failure:
        return None, str(getattr(failure, "reason", failure))[:500]


def delivery_attempt(*, delivery_id: int) -> WebhookDelivery | None:
    """POST one delivery if it is due; on failure schedule the next attempt (backoff) or give up.

    Safe to run twice: the attempt is claimed first (a short lease in next_attempt_at), and the POST is made
    outside any transaction, so no row stays locked while a slow endpoint answers."""
    now = timezone.now()
    with transaction.atomic():
        delivery = (WebhookDelivery.objects.select_for_update(skip_locked=True).select_related("endpoint")
                    .filter(pk=delivery_id, status=DeliveryStatus.PENDING, next_attempt_at__lte=now).first())
        if delivery is None:
            return None
        delivery.attempts += 1
        delivery.next_attempt_at = now + timedelta(seconds=settings.WEBHOOKS_TIMEOUT_SECONDS + 60)
        delivery.save(update_fields=["attempts", "next_attempt_at", "updated_at"])
    code, error = _send(delivery)
    delivery.last_status_code, delivery.last_error = code, error
    if code is not None and 200 <= code < 300:
        delivery.status, delivery.delivered_at, delivery.next_attempt_at = (
            DeliveryStatus.DELIVERED, timezone.now(), None)
    elif delivery.attempts >= settings.WEBHOOKS_MAX_ATTEMPTS:
        delivery.status, delivery.next_attempt_at = DeliveryStatus.FAILED, None
    else:
        wait = min(BACKOFF_START * 2 ** (delivery.attempts - 1), BACKOFF_MAX)
        delivery.next_attempt_at = timezone.now() + timedelta(seconds=wait)
    delivery.save(update_fields=["last_status_code", "last_error", "status", "delivered_at", "next_attempt_at",
                                 "updated_at"])
    return delivery


def deliveries_due(*, now=None) -> list[int]:
    now = now or timezone.now()
    return list(WebhookDelivery.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
                .order_by("next_attempt_at").values_list("pk", flat=True)[:1000])
