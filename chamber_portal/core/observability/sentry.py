"""Sentry only when SENTRY_DSN is set; no personal data leaves: no PII, no bodies or cookies, IINs masked."""

from .logs import mask_iin


def _scrub(value):
    if isinstance(value, str):
        return mask_iin(value)
    if isinstance(value, dict):
        return {key: _scrub(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_scrub(item) for item in value]
    return value


def before_send(event, hint):
    request = event.get("request")
    if isinstance(request, dict):
        for key in ("data", "cookies", "env"):
            request.pop(key, None)
        headers = request.get("headers")
        if isinstance(headers, dict):
            request["headers"] = {k: v for k, v in headers.items() if k.lower() not in {"cookie", "authorization"}}
    event.pop("user", None)
    return _scrub(event)


def init_sentry(dsn: str, environment: str) -> None:
    if not dsn:
        return
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        send_default_pii=False,
        max_request_body_size="never",
        before_send=before_send,
        integrations=[DjangoIntegration(), CeleryIntegration()],
    )
