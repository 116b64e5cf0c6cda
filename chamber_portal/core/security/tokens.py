"""API tokens (django-rest-knox): hashed, expiring, several per user; and signing out everywhere."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import logout
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import ApiToken, SecurityEventKind, User
from .events import security_event

TOO_MANY_TOKENS = _("You hold as many API tokens as allowed: revoke one you no longer use.")


def tokens_live(user: User):
    now = timezone.now()
    return ApiToken.objects.filter(user=user).filter(Q(expiry__gt=now) | Q(expiry__isnull=True))


@transaction.atomic
def api_token_create(*, user: User, name: str = "", request=None) -> tuple[ApiToken, str]:
    """A new token for one script: the clear value is returned once, only its digest is kept; it expires after
    API_TOKEN_TTL_DAYS (at most 30)."""
    User.objects.select_for_update().filter(pk=user.pk).first()  # one count at a time per user
    limit = settings.REST_KNOX.get("TOKEN_LIMIT_PER_USER")
    if limit is not None and tokens_live(user).count() >= limit:
        raise ValidationError({"name": [TOO_MANY_TOKENS]})
    instance, token = ApiToken.objects.create(user=user, name=(name or "").strip()[:100])
    security_event(SecurityEventKind.TOKEN_CREATED, request=request, user=user, token=instance.token_key,
                   name=instance.name)
    return instance, token


@transaction.atomic
def api_token_revoke(*, token: ApiToken, request=None) -> None:
    security_event(SecurityEventKind.TOKEN_REVOKED, request=request, user=token.user, token=token.token_key,
                   name=token.name)
    token.delete()


@transaction.atomic
def user_sign_out_everywhere(*, user: User, request=None) -> int:
    """End every session (the session hash changes with session_epoch) and revoke every token of the user."""
    revoked = ApiToken.objects.filter(user=user).delete()[0]
    User.objects.filter(pk=user.pk).update(session_epoch=user.session_epoch + 1)
    user.session_epoch += 1
    security_event(SecurityEventKind.SIGNED_OUT_EVERYWHERE, request=request, user=user, tokens=revoked)
    if request is not None and getattr(request, "session", None) is not None:
        logout(request)
    return revoked
