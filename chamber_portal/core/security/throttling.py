"""API throttling (docs/architecture.md §7): per anonymous address and per user, the rates read from the settings at
each request, so API_THROTTLE_ANON and API_THROTTLE_USER (and a test's override) apply without a restart.
Past the rate DRF answers 429 with Retry-After. The counters live in the default cache (Redis when REDIS_URL
is set, so every web process counts together)."""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class AnonThrottle(AnonRateThrottle):
    def get_rate(self):
        return settings.API_THROTTLE_ANON or None


class UserThrottle(UserRateThrottle):
    def get_rate(self):
        return settings.API_THROTTLE_USER or None
