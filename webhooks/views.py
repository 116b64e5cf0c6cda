from django.shortcuts import render
from django.views.decorators.http import require_GET

from chamber_portal.core.access import role_required

from .models import WebhookDelivery, WebhookEndpoint


@role_required("lawyer")
@require_GET
def delivery_log(request):
    """The lawyer's endpoints and the last deliveries to them, with each answer and the next attempt."""
    endpoints = WebhookEndpoint.objects.filter(lawyer=request.user, is_active=True)
    deliveries = (WebhookDelivery.objects.filter(endpoint__lawyer=request.user).select_related("endpoint")
                  .order_by("-id")[:200])
    return render(request, "webhooks/delivery_log.html", {"endpoints": endpoints, "deliveries": deliveries})
