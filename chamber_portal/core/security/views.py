"""Web pages of the second factor and of the user's own security: tokens, recovery codes, sign out everywhere."""

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ..models import ApiToken
from . import second_factor as sf
from .tokens import api_token_create, api_token_revoke, tokens_live, user_sign_out_everywhere

ENROL_SESSION_KEY = "security_enrol_device"


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"), max_length=32, strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True,
                                      "class": "form-control", "spellcheck": "false"}),
        help_text=gettext_lazy("The six digits your authenticator app shows now, or one of your recovery codes."),
    )


class TokenForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("What the token is for"), max_length=100, required=False,
                           widget=forms.TextInput(attrs={"class": "form-control"}))


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return "/"


def _field_error(form, error: ValidationError, field: str) -> None:
    for message in error.message_dict.get(field, error.messages):
        form.add_error(field, message)


@login_required
def second_factor_step(request):
    """After the password: the code (or a recovery code); a user with no authenticator yet enrols here, with a
    QR code to scan and its secret to type, confirmed by the first code, then shown the recovery codes once."""
    user, target = request.user, _next(request)
    if user.is_verified():
        return redirect(target)
    device = sf.totp_device(user)
    if device is None:
        return _enrol(request, target)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sf.second_factor_verify(request=request, user=user, code=form.cleaned_data["code"])
        except ValidationError as error:
            _field_error(form, error, "code")
        else:
            return redirect(target)
    return render(request, "registration/second_factor.html", {"form": form, "next": target})


def _enrol(request, target):
    user = request.user
    device = sf.second_factor_begin(user=user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = sf.second_factor_confirm(request=request, user=user, device=device,
                                             code=form.cleaned_data["code"])
        except ValidationError as error:
            _field_error(form, error, "code")
        else:
            return render(request, "registration/recovery_codes.html", {"codes": codes, "next": target})
    qr = segno.make(device.config_url, error="m")
    return render(request, "registration/second_factor_enrol.html", {
        "form": form, "next": target, "qr_data_uri": qr.svg_data_uri(scale=5, border=2),
        "secret": " ".join(sf.secret_base32(device)[i:i + 4] for i in range(0, 32, 4)).strip(),
    })


@login_required
def security_settings(request):
    """The user's own security: the second factor, API tokens (list, create, revoke), sign out everywhere."""
    user = request.user
    form = TokenForm()
    context = {
        "has_second_factor": sf.totp_device(user) is not None,
        "recovery_left": sf.StaticToken.objects.filter(device__user=user).count(),
        "tokens": tokens_live(user),
        "form": form,
    }
    return render(request, "registration/security.html", context)


@login_required
@require_POST
def token_create(request):
    form = TokenForm(request.POST)
    if form.is_valid():
        try:
            instance, token = api_token_create(user=request.user, name=form.cleaned_data["name"], request=request)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            return render(request, "registration/token_created.html", {"token": token, "instance": instance})
    return redirect("security_settings")


@login_required
@require_POST
def token_revoke(request, token_key: str):
    token = get_object_or_404(ApiToken, user=request.user, digest=token_key)
    api_token_revoke(token=token, request=request)
    messages.success(request, _("The token is revoked: it no longer opens the API."))
    return redirect("security_settings")


@login_required
@require_POST
def recovery_codes_renew(request):
    try:
        codes = sf.recovery_codes_renew(request=request, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("security_settings")
    return render(request, "registration/recovery_codes.html", {"codes": codes, "next": "/accounts/security/"})


@login_required
@require_POST
def sign_out_everywhere(request):
    user_sign_out_everywhere(user=request.user, request=request)
    messages.success(request, _("You are signed out on every device, and your API tokens are revoked."))
    return redirect("login")
