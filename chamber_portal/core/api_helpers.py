"""What every app's API shares: the 409 body, the documented error answers, ids looked up among what the caller
may see, and the input/output steps of a viewset whose actions each call one service."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema_field
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

NOT_FOUND = _("Not found among the records you can see.")


class TransitionErrorOutput(serializers.Serializer):
    detail = serializers.CharField()
    code = serializers.CharField()


CONFLICT = OpenApiResponse(TransitionErrorOutput, description=_("The transition is not allowed now (see `code`)."))
FORBIDDEN = OpenApiResponse(description=_("The caller sees the record but may not take this action."))
NOT_VISIBLE = OpenApiResponse(description=_("Not a record the caller can see."))


@extend_schema_field(OpenApiTypes.INT)
class VisibleRelatedField(serializers.PrimaryKeyRelatedField):
    """An id looked up only among what the caller may see: anything else is "not found", as if it did not exist."""

    default_error_messages = {"does_not_exist": NOT_FOUND}

    def __init__(self, *, scope, **kwargs):
        self.scope = scope
        super().__init__(**kwargs)

    def get_queryset(self):
        return self.scope(self.context["request"].user)


class ServiceActionsMixin:
    """A viewset whose actions validate a small input serializer, call one service, and answer the record as
    the caller sees it after the change."""

    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def _input(self, serializer_class) -> dict:
        serializer = serializer_class(data=self.request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def _output(self, obj, code: int = status.HTTP_200_OK) -> Response:
        # Read again through the selector, with its joins, as the caller sees the record after the change.
        obj = self.get_queryset().filter(pk=obj.pk).first() or obj
        return Response(self.get_serializer(obj).data, status=code)
