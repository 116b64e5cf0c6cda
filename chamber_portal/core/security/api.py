"""auth/token/ and auth/logout/ (docs/architecture.md §7)."""

from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from ..models import ApiToken
from . import second_factor
from .tokens import api_token_create, api_token_revoke

CREDENTIALS_WRONG = _("Unable to log in with provided credentials.")


class TokenInput(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)
    otp = serializers.CharField(required=False, allow_blank=True, max_length=32,
                                help_text="The current code of the authenticator (or a recovery code): required "
                                          "for Chamber staff, administrators and anyone who enrolled.")
    name = serializers.CharField(required=False, allow_blank=True, max_length=100,
                                 help_text="What the token is for (shown on the user's tokens page).")


class TokenOutput(serializers.Serializer):
    token = serializers.CharField()
    expires_at = serializers.DateTimeField()


class TokenObtainApi(APIView):
    """POST {"username", "password"[, "otp"]} → {"token", "expires_at"}; then `Authorization: Token <token>`.

    Each call issues another token (one per script); it expires after API_TOKEN_TTL_DAYS (at most 30)."""

    authentication_classes = []
    permission_classes = [permissions.AllowAny]

    @extend_schema(request=TokenInput, responses={200: TokenOutput})
    def post(self, request):
        data = TokenInput(data=request.data)
        data.is_valid(raise_exception=True)
        user = authenticate(request=request, username=data.validated_data["username"],
                            password=data.validated_data["password"])
        if user is None or not user.is_active:
            return Response({"non_field_errors": [CREDENTIALS_WRONG]}, status=status.HTTP_400_BAD_REQUEST)
        if user.needs_second_factor:
            if second_factor.totp_device(user) is None:
                return Response({"otp": [second_factor.NOT_ENROLLED]}, status=status.HTTP_400_BAD_REQUEST)
            code = data.validated_data.get("otp", "")
            if not code:
                return Response({"otp": [second_factor.CODE_REQUIRED]}, status=status.HTTP_400_BAD_REQUEST)
            if second_factor.second_factor_check(user=user, code=code) is None:
                second_factor.security_event(second_factor.SecurityEventKind.SECOND_FACTOR_FAILED, request=request,
                                             user=user, step="api_token")
                return Response({"otp": [second_factor.WRONG_CODE]}, status=status.HTTP_400_BAD_REQUEST)
        instance, token = api_token_create(user=user, name=data.validated_data.get("name", "") or "API",
                                           request=request)
        return Response(TokenOutput({"token": token, "expires_at": instance.expiry}).data)


class LogoutApi(APIView):
    """POST: revokes the token the request carries (afterwards it answers 401); over a session, ends it."""

    @extend_schema(request=None, responses={204: None})
    def post(self, request):
        if isinstance(request.auth, ApiToken):
            api_token_revoke(token=request.auth, request=request)
        else:
            from django.contrib.auth import logout

            logout(request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)


__all__ = ["LogoutApi", "TokenObtainApi"]
