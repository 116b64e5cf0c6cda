"""drf-spectacular: the portal's session authentication is documented as DRF's own."""

from drf_spectacular.authentication import SessionScheme


class PortalSessionScheme(SessionScheme):
    target_class = "chamber_portal.core.security.authentication.PortalSessionAuthentication"
