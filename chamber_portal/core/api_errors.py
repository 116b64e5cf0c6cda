"""One place where domain errors become HTTP answers (docs/architecture.md §7)."""

import math

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rest_framework import status
from rest_framework.exceptions import Throttled, ValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .errors import TransitionError


def flat_errors(detail, prefix: str = "") -> dict[str, list[str]]:
    """Nested input errors keyed as the input nests them: {"creditor": {"iin_bin": [m]}} -> {"creditor.iin_bin": [m]};
    an item of a list by its index ("applications.3.region")."""
    if isinstance(detail, dict):
        items = detail.items()
    elif isinstance(detail, list) and detail and all(isinstance(item, dict | list) for item in detail):
        items = ((str(index), item) for index, item in enumerate(detail) if item)
    else:
        messages = detail if isinstance(detail, list) else [detail]
        return {prefix or "non_field_errors": [str(message) for message in messages]}
    flat: dict[str, list[str]] = {}
    for key, value in items:
        flat.update(flat_errors(value, f"{prefix}.{key}" if prefix else str(key)))
    return flat


def exception_handler(exc, context):
    if isinstance(exc, TransitionError):
        return Response({"detail": str(exc.message), "code": exc.code}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, DjangoValidationError):
        # A service's ValidationError keyed by field becomes DRF's {field: [messages]}.
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        exc = ValidationError(detail)
    if isinstance(exc, Throttled):
        # DRF's own message has no Russian or Kazakh translation: ours, with the wait as a plural.
        wait = max(1, math.ceil(exc.wait)) if exc.wait is not None else None
        ours = Throttled(detail=_("Too many requests.") if wait is None else ngettext(
            "Too many requests. Try again in %(seconds)d second.",
            "Too many requests. Try again in %(seconds)d seconds.", wait) % {"seconds": wait})
        ours.wait = wait  # the Retry-After header (DRF adds no English text when the wait is set afterwards)
        exc = ours
    response = drf_exception_handler(exc, context)
    if isinstance(exc, ValidationError) and response is not None and isinstance(response.data, dict):
        # {field: [messages]} at every depth: nested input keyed as it nests ("creditor.iin_bin"), and a service's
        # model field named as the view's input names it (a view's `error_paths`, e.g. the applications').
        paths = getattr(context.get("view"), "error_paths", None) or {}
        response.data = {paths.get(key, key): messages for key, messages in flat_errors(response.data).items()}
    return response
