"""What every app's API shares: the 409 body, the documented error answers, ids looked up among what the caller
may see, who may act (decided before the body is read), and the input/output steps of a viewset whose actions
each call one service."""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema_field
from rest_framework import permissions, serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

NOT_FOUND = _("Not found among the records you can see.")
MAY_NOT_ACT = _("You may not take this action.")


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


class MayAct(permissions.BasePermission):
    """Authorisation before validation: the service's own check of who acts (it raises PermissionDenied), run on
    the record as soon as the view has looked it up among what the caller sees and before the body is read. A
    caller who may not act gets 403 whatever the body (and a record he or she cannot see stays a 404); only the
    right caller learns the body's shape from a 400.

    The view names the check per action in `action_checks` (a viewset's action, or an APIView's method), or one
    `default_check` for all of them. Reads (GET, HEAD, OPTIONS) are the selectors' business and pass."""

    message = MAY_NOT_ACT

    def has_object_permission(self, request, view, obj) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        key = getattr(view, "action", None) or request.method.lower()
        check = view.action_checks.get(key, type(view).default_check)
        if check is None:
            return True
        try:
            check(obj, request.user)
        except PermissionDenied as denied:
            self.message = str(denied) or MAY_NOT_ACT
            return False
        return True


class ServiceChecksMixin:
    """Adds MayAct to the view's permissions. An APIView that looks its record up itself calls
    `self.check_object_permissions(request, obj)` before reading the body (`looked_up` does both)."""

    # action (or method) -> the service's check of who acts: check(obj, user) raises PermissionDenied
    action_checks: dict[str, Callable[[Any, Any], None]] = {}
    # the check of every other state-changing action on a record (None: only those named above)
    default_check: Callable[[Any, Any], None] | None = None

    def get_permissions(self):
        return [*super().get_permissions(), MayAct()]

    def looked_up(self, obj):
        self.check_object_permissions(self.request, obj)
        return obj


class ServiceActionsMixin(ServiceChecksMixin):
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
