from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from .notifications import notification_text, notifications_mark_read


@login_required
@require_GET
def notification_list(request):
    page = Paginator(request.user.notifications.all(), 30).get_page(request.GET.get("page"))
    for notification in page:
        notification.text = notification_text(notification)
    return render(request, "notifications/list.html", {"page": page, "query": ""})


@login_required
@require_POST
def notification_mark_read(request):
    ids = [int(pk) for pk in request.POST.getlist("id") if pk.isdigit()] or None
    notifications_mark_read(user=request.user, ids=ids)
    return redirect("notifications")
