"""The API's authentication: the session, or `Authorization: Token <token>` (knox: hashed, expiring)."""

from rest_framework.authentication import SessionAuthentication


class PortalSessionAuthentication(SessionAuthentication):
    """DRF takes the status of a failed authentication from the first class's header: a request that carried a
    token which is wrong, expired or revoked answers 401 with `WWW-Authenticate: Token`; a request with no
    credentials keeps its 403."""

    def authenticate_header(self, request):
        return "Token" if request.META.get("HTTP_AUTHORIZATION") else None
