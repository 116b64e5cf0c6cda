"""Log lines carry the request id and the user id, never an IIN: a middleware, two filters and the formatters."""

import contextvars
import logging
import re
import uuid
from datetime import UTC, datetime

from django.core.signals import request_finished
from pythonjsonlogger.json import JsonFormatter

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
user_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("user_id", default="-")

# Twelve digits standing alone: an IIN or a BIN (a person's or a company's number).
IIN_RE = re.compile(r"(?<!\d)\d{12}(?!\d)")
# An incoming X-Request-ID is kept only when it is short and plain.
SANE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def mask_iin(text: str) -> str:
    return IIN_RE.sub("************", text)


class ContextFilter(logging.Filter):
    """Adds request_id and user_id (and the Celery task id when a task runs) to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        record.user_id = user_id_var.get()
        if not hasattr(record, "task_id"):
            record.task_id = _current_task_id()
        return True


def _current_task_id() -> str:
    try:
        from celery import current_task
    except ImportError:  # pragma: no cover
        return "-"
    task = current_task
    request = getattr(task, "request", None) if task else None
    return getattr(request, "id", None) or "-"


class MaskIinFilter(logging.Filter):
    """Masks IIN/BIN-looking numbers in the rendered message (arguments included)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string is logged as it is
            return True
        masked = mask_iin(message)
        if masked != message or record.args:
            record.msg, record.args = masked, None
        return True


class PortalJsonFormatter(JsonFormatter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("rename_fields", {"asctime": "time", "levelname": "level", "name": "logger"})
        kwargs.setdefault("timestamp", False)
        super().__init__("%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s %(user_id)s %(task_id)s",
                         *args, **kwargs)

    def formatTime(self, record, datefmt=None) -> str:  # noqa: N802 (logging's name)
        return datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds")

    def add_fields(self, log_record, record, message_dict) -> None:
        super().add_fields(log_record, record, message_dict)
        log_record.pop("request", None)  # django.request's HttpRequest object: its repr is not a field

    def format(self, record) -> str:
        # The whole line, extras and tracebacks included, with IIN/BIN-looking numbers masked.
        return mask_iin(super().format(record))


class RequestIdMiddleware:
    """Takes a sane X-Request-ID or makes one, binds it (and the user id) to the logs, returns it in the response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if SANE_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        # Kept until request_finished: Django logs "Not Found" and errors after the middleware has returned.
        request_id_var.set(request_id)
        user_id_var.set("-")
        response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response


def _forget_request(**kwargs) -> None:
    request_id_var.set("-")
    user_id_var.set("-")


request_finished.connect(_forget_request, dispatch_uid="observability.forget_request")


class UserIdMiddleware:
    """After authentication: the user's id (a number, never a name) goes into the log context."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            user_id_var.set(str(user.pk))
        return self.get_response(request)
