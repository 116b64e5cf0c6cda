"""Which addresses a webhook may be sent to: HTTPS to public addresses, except in development (issue 14)."""

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext_lazy as _

NOT_HTTPS = _("The address must start with https://.")
PRIVATE_ADDRESS = _("The address leads to a private, loopback or reserved network address: it is refused.")
UNKNOWN_HOST = _("The address's host cannot be found.")


def url_problem(url: str) -> str | None:
    """Why the portal will not POST to `url`, or None. Checked when registered and again before each delivery (a
    name may come to point somewhere else)."""
    parts = urlsplit(url)
    development = settings.WEBHOOKS_ALLOW_PRIVATE
    if parts.scheme != "https" and not (development and parts.scheme == "http"):
        return str(NOT_HTTPS)
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(parts.hostname or "", parts.port or 443)}
    except (socket.gaierror, UnicodeError):
        return str(UNKNOWN_HOST)
    if development:
        return None
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%")[0])
        if not ip.is_global or ip.is_multicast:
            return str(PRIVATE_ADDRESS)
    return None
