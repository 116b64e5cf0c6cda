"""One place where domain errors become HTTP answers (DESIGN §7)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .errors import TransitionError


def exception_handler(exc, context):
    if isinstance(exc, TransitionError):
        return Response({"detail": str(exc.message), "code": exc.code}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, DjangoValidationError):
        # A service's ValidationError keyed by field becomes DRF's {field: [messages]}.
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        exc = ValidationError(detail)
    return drf_exception_handler(exc, context)
