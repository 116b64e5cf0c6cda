"""The API's authentication: the session, or `Authorization: Token <token>` (knox: hashed, expiring)."""

from django.utils import timezone
from drf_spectacular.contrib.knox_auth_token import KnoxTokenScheme
from knox.auth import TokenAuthentication
from knox.signals import token_expired
from rest_framework.authentication import SessionAuthentication


class PortalSessionAuthentication(SessionAuthentication):
    """DRF takes the status of a failed authentication from the first class's header: a request that carried a
    token which is wrong, expired or revoked answers 401 with `WWW-Authenticate: Token`; a request with no
    credentials keeps its 403."""

    def authenticate_header(self, request):
        return "Token" if request.META.get("HTTP_AUTHORIZATION") else None


class PortalTokenAuthentication(TokenAuthentication):
    """knox's `Authorization: Token` without its sweep of the user's other tokens on every request (a query, and a
    model instance per token: a tenth of the API list's time; issue 15). A token used after its expiry still answers
    401 and is deleted then, as knox does; the user's other expired tokens go in the daily purge
    (core.tasks.security_logs_purge), and nothing counts them meanwhile (tokens.tokens_live). Overrides knox 5.1's
    _cleanup_token (requirements.lock pins it)."""

    def _cleanup_token(self, auth_token) -> bool:
        if auth_token.expiry is not None and auth_token.expiry < timezone.now():
            username = auth_token.user.get_username()
            auth_token.delete()
            token_expired.send(sender=self.__class__, username=username, source="auth_token")
            return True
        return False


class PortalTokenScheme(KnoxTokenScheme):
    """The OpenAPI schema shows PortalTokenAuthentication as knox's own scheme, under the same name (knoxApiToken),
    so the schema and generated clients are unchanged."""

    target_class = PortalTokenAuthentication
