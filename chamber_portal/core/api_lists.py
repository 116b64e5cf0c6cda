"""What every API list shares (issue 14): `?page_size=` up to 500 and `?updated_after=` on rows with `updated_at`."""

import contextlib
import datetime

from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.filters import BaseFilterBackend
from rest_framework.pagination import PageNumberPagination

MAX_PAGE_SIZE = 500
UPDATED_AFTER_INVALID = _("Give a time in ISO 8601 with its UTC offset, e.g. 2026-03-20T10:00:00+05:00.")


class PortalPagination(PageNumberPagination):
    """`{"count", "next", "previous", "results"}`, 50 rows a page unless `?page_size=` asks for up to 500."""

    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE


def parse_aware(value: str, field: str):
    parsed = None
    with contextlib.suppress(ValueError):  # an unescaped "+" in a query string arrives as a space
        parsed = parse_datetime(value.strip().replace(" ", "+"))
    if parsed is None or parsed.tzinfo is None:
        raise ValidationError({field: [str(UPDATED_AFTER_INVALID)]})
    # In UTC: PostgreSQL refuses offsets Python accepts (+23:05 was a 500, found by schemathesis).
    try:
        return parsed.astimezone(datetime.UTC)
    except OverflowError:  # within a day of the calendar's ends: the end itself
        return (datetime.datetime.min if parsed.year == 1 else datetime.datetime.max).replace(tzinfo=datetime.UTC)


class UpdatedAfterFilter(BaseFilterBackend):
    """`?updated_after=<ISO 8601>`: only rows changed after that time, on every list whose rows carry `updated_at`.

    The row's time is its model's `updated_at` (chamber_portal.core.models.tracking.TracksUpdates), or the field a
    view names in `updated_at_field` (an append-only log: the time it was written). A view without a queryset (the
    change feed) calls `filter_queryset` itself."""

    param = "updated_after"

    def filter_queryset(self, request, queryset, view):
        value = request.query_params.get(self.param)
        field = self.field_of(view, queryset.model)
        if not value or field is None:
            return queryset
        return queryset.filter(**{f"{field}__gt": parse_aware(value, self.param)})

    @staticmethod
    def field_of(view, model) -> str | None:
        field = getattr(view, "updated_at_field", "updated_at")
        if model is None or not any(f.name == field for f in model._meta.get_fields()):
            return None
        return field

    @staticmethod
    def _model_of(view):
        queryset = getattr(view, "queryset", None)
        if queryset is None:
            try:
                queryset = view.get_queryset()  # drf-spectacular marks its view swagger_fake_view
            except Exception:  # a queryset that needs a signed-in user: ask the serializer
                queryset = None
        model = getattr(queryset, "model", None)
        if model is None:
            try:
                model = getattr(getattr(view.get_serializer_class(), "Meta", None), "model", None)
            except Exception:
                model = None
        return model or getattr(getattr(getattr(view, "filterset_class", None), "_meta", None), "model", None)

    def get_schema_operation_parameters(self, view):
        if self.field_of(view, self._model_of(view)) is None:
            return []
        return [{
            "name": self.param, "required": False, "in": "query",
            "description": str(_("Only rows changed after this time (ISO 8601 with offset).")),
            "schema": {"type": "string", "format": "date-time"},
        }]
