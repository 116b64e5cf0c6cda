"""webhooks/ under /api/v1/ (issue 14): a lawyer's endpoints and their delivery log."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from chamber_portal.core.api_lists import UpdatedAfterFilter
from intake.api import IsLawyer

from .models import WebhookDelivery, WebhookEndpoint
from .services import webhook_endpoint_create, webhook_endpoint_remove


class EndpointInput(serializers.Serializer):
    url = serializers.URLField(max_length=500, help_text=_("An https:// address that accepts POSTed JSON."))
    secret = serializers.CharField(required=False, allow_blank=True, max_length=128,
                                   help_text=_("At least 16 characters; left out, one is made and answered once."))


class EndpointOutput(serializers.ModelSerializer):
    class Meta:
        model = WebhookEndpoint
        fields = ["id", "url", "is_active", "created_at", "updated_at"]
        read_only_fields = fields


class EndpointCreatedOutput(EndpointOutput):
    class Meta(EndpointOutput.Meta):
        fields = [*EndpointOutput.Meta.fields, "secret"]
        read_only_fields = fields


class DeliveryOutput(serializers.ModelSerializer):
    class Meta:
        model = WebhookDelivery
        fields = ["id", "event_id", "payload", "status", "attempts", "last_status_code", "last_error",
                  "next_attempt_at", "created_at", "updated_at", "delivered_at"]
        read_only_fields = fields


class WebhookEndpointViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                             mixins.DestroyModelMixin, viewsets.GenericViewSet):
    """A lawyer's webhook endpoints: each status event of his or her applications is POSTed to each active one,
    signed in `X-Chamber-Signature` (`t=<unix time>,v1=<HMAC-SHA256 of "<t>.<body>">`)."""

    serializer_class = EndpointOutput
    permission_classes = [permissions.IsAuthenticated, IsLawyer]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the OpenAPI generator has no signed-in lawyer
            return WebhookEndpoint.objects.none()
        return WebhookEndpoint.objects.filter(lawyer=self.request.user, is_active=True)

    @extend_schema(request=EndpointInput, responses={201: EndpointCreatedOutput})
    def create(self, request, *args, **kwargs):
        data = EndpointInput(data=request.data)
        data.is_valid(raise_exception=True)
        endpoint = webhook_endpoint_create(lawyer=request.user, **data.validated_data)
        return Response(EndpointCreatedOutput(endpoint).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance):
        webhook_endpoint_remove(endpoint=instance, by=self.request.user)

    @extend_schema(responses=DeliveryOutput(many=True), summary="The endpoint's delivery log, newest first")
    @action(detail=True, methods=["get"], filter_backends=[UpdatedAfterFilter])
    def deliveries(self, request, pk=None):
        # Not get_object(): ?updated_after= concerns the deliveries, not the endpoint.
        endpoint = get_object_or_404(self.get_queryset(), pk=pk)
        self.check_object_permissions(request, endpoint)
        page = self.paginate_queryset(self.filter_queryset(endpoint.deliveries.order_by("-id")))
        return self.get_paginated_response(DeliveryOutput(page, many=True).data)
