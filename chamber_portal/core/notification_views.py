from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .notifications import TOPICS, notification_preferences_set, notification_text, notifications_mark_read

SAVED = _("Your e-mail settings are saved.")


class EmailPreferencesForm(forms.Form):
    """Ticked topics come by e-mail; in-app notices always appear."""

    send = forms.MultipleChoiceField(
        label=_("Send me by e-mail"), required=False, widget=forms.CheckboxSelectMultiple,
        choices=[(topic, label) for topic, (label, _kinds) in TOPICS.items()],
    )


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
    ids = [int(pk) for pk in request.POST.getlist("id") if pk.isascii() and pk.isdigit()] or None
    notifications_mark_read(user=request.user, ids=ids)
    return redirect("notifications")


@login_required
@require_http_methods(["GET", "POST"])
def notification_preferences(request):
    user = request.user
    if request.method == "POST":
        form = EmailPreferencesForm(request.POST)
        if form.is_valid():
            send = set(form.cleaned_data["send"])
            notification_preferences_set(user=user, muted=[topic for topic in TOPICS if topic not in send])
            messages.success(request, SAVED)
            return redirect("notification_preferences")
    else:
        form = EmailPreferencesForm(initial={"send": [t for t in TOPICS if t not in (user.email_muted or [])]})
    return render(request, "notifications/preferences.html", {"form": form, "has_email": bool(user.email)})
