"""The registry API under /api/v1/bailiffs/ (docs/architecture.md §7).

Staff get the registry of their region (national staff: all) with every field and the load; anyone else
logged in gets the public registry: active bailiffs and their office contacts. Status changes are actions,
each calling one service: a TransitionError becomes 409, a ValidationError 400, another region a 404.
"""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from chamber_portal.core.api_helpers import ServiceChecksMixin
from chamber_portal.core.models import Region

from .filters import BailiffFilter
from .forms import STATUS_ACTIONS
from .models import Bailiff, PauseReason
from .selectors import bailiffs_for_api, bailiffs_with_load, manages_registry
from .services import bailiff_pause, bailiff_set_status, bailiff_transfer, require_registry_staff

# --- output -------------------------------------------------------------------------------------------


class BailiffPublicOutput(serializers.ModelSerializer):
    """The public registry: what anyone may know to reach the bailiff's office."""

    region = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Bailiff
        fields = ["id", "full_name", "licence_number", "region", "office_address", "phone", "office_hours",
                  "status", "updated_at"]
        read_only_fields = fields


class BailiffStaffOutput(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)
    paused_today = serializers.BooleanField(read_only=True)
    open_cases = serializers.IntegerField(read_only=True, help_text=_("Applications assigned or in enforcement."))

    class Meta:
        model = Bailiff
        fields = ["id", "full_name", "iin", "licence_number", "licence_date", "region", "office_address", "phone",
                  "office_hours", "status", "paused_today", "open_cases", "updated_at"]
        read_only_fields = fields


# --- action bodies ------------------------------------------------------------------------------------


class PauseInput(serializers.Serializer):
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    reason = serializers.ChoiceField(choices=PauseReason.choices)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class StatusChangeInput(serializers.Serializer):
    effective_on = serializers.DateField()
    reason = serializers.CharField(max_length=300, allow_blank=True,
                                   help_text=_("The grounds: the order or decision, with its number and date."))


class LicenceChangeInput(StatusChangeInput):
    order_reference = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default="",
        help_text=_("The licensor's (Ministry of Justice) order the Chamber acts on: its number and date. Required "
                    "to suspend or terminate a licence and to reinstate a suspended or terminated one."))


class TransferInput(StatusChangeInput):
    region = serializers.SlugRelatedField(slug_field="code", queryset=Region.objects.all(),
                                          help_text=_("The new district's code, e.g. KZ-71."))


# --- views --------------------------------------------------------------------------------------------


class BailiffViewSet(ServiceChecksMixin, viewsets.ReadOnlyModelViewSet):
    """The bailiff registry: full for staff (their region), public fields of active bailiffs for others."""

    filterset_class = BailiffFilter
    # Every action on a bailiff: the registry services' own check, before the body is read.
    default_check = staticmethod(require_registry_staff)

    def get_queryset(self):
        return bailiffs_for_api(self.request.user).order_by("full_name", "id")

    def get_serializer_class(self):
        return BailiffStaffOutput if manages_registry(self.request.user) else BailiffPublicOutput

    @extend_schema(responses=BailiffStaffOutput(many=True),
                   description="Staff get every field, for their region. Anyone else gets the public registry: active "
                               "bailiffs with id, full_name, licence_number, region, office_address, phone, "
                               "office_hours and status only.")
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(responses=BailiffStaffOutput, description="Public fields only for anyone but staff.")
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    def _managed(self) -> Bailiff:
        # Actions are the staff's: to anyone else, or staff of another region, the bailiff is not there (404).
        if not manages_registry(self.request.user):
            raise Http404
        return self.get_object()

    def _input(self, serializer_class) -> dict:
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def _output(self, bailiff: Bailiff) -> Response:
        # Read again with the load; after a transfer the bailiff may have left the caller's region.
        bailiff = bailiffs_with_load(Bailiff.objects.select_related("region")).get(pk=bailiff.pk)
        return Response(BailiffStaffOutput(bailiff, context=self.get_serializer_context()).data)

    def _set_status(self, name: str) -> Response:
        bailiff = self._managed()
        data = self._input(StatusChangeInput if name == "exclude" else LicenceChangeInput)
        status = STATUS_ACTIONS[name][0]
        return self._output(bailiff_set_status(bailiff=bailiff, status=status, by=self.request.user, **data))

    @extend_schema(request=PauseInput, responses=BailiffStaffOutput,
                   summary="Pause distribution to the bailiff for a period (leave, illness, clause 17)")
    @action(detail=True, methods=["post"], filter_backends=[])
    def pause(self, request, pk=None):
        bailiff = self._managed()
        data = self._input(PauseInput)
        bailiff_pause(bailiff=bailiff, by=request.user, **data)
        return self._output(bailiff)

    @extend_schema(request=LicenceChangeInput, responses=BailiffStaffOutput,
                   summary="Record the licensor's suspension of the licence; the open cases are redistributed")
    @action(detail=True, methods=["post"], filter_backends=[])
    def suspend(self, request, pk=None):
        return self._set_status("suspend")

    @extend_schema(request=LicenceChangeInput, responses=BailiffStaffOutput,
                   summary="Record the licensor's termination of the licence; the open cases are redistributed")
    @action(detail=True, methods=["post"], filter_backends=[])
    def terminate(self, request, pk=None):
        return self._set_status("terminate")

    @extend_schema(request=StatusChangeInput, responses=BailiffStaffOutput,
                   summary="Exclude from the Chamber; the open cases are redistributed")
    @action(detail=True, methods=["post"], filter_backends=[])
    def exclude(self, request, pk=None):
        return self._set_status("exclude")

    @extend_schema(request=LicenceChangeInput, responses=BailiffStaffOutput,
                   summary="Reinstate: the bailiff is active again and receives cases")
    @action(detail=True, methods=["post"], filter_backends=[])
    def reinstate(self, request, pk=None):
        return self._set_status("reinstate")

    @extend_schema(request=TransferInput, responses=BailiffStaffOutput,
                   summary="Transfer to another district; the open cases stay in the old one")
    @action(detail=True, methods=["post"], filter_backends=[])
    def transfer(self, request, pk=None):
        bailiff = self._managed()
        data = self._input(TransferInput)
        return self._output(bailiff_transfer(bailiff=bailiff, by=request.user, **data))
