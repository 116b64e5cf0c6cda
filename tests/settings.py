"""Test settings: PostgreSQL when one is reachable (DATABASE_URL, else 127.0.0.1:5432), SQLite otherwise.

The choice is printed in pytest's header. Tests marked `postgres` skip on SQLite, and fail with CI=true.
"""

import os

os.environ.setdefault("DJANGO_ENV", "development")

import dj_database_url  # noqa: E402
import psycopg2  # noqa: E402

from chamber_portal.settings import *  # noqa: E402,F403

LOCAL_POSTGRES = "postgres://postgres@127.0.0.1:5432/chamber_portal"


def _reachable(url: str) -> bool:
    config = dj_database_url.parse(url)
    try:
        psycopg2.connect(
            dbname="postgres", user=config["USER"] or None, password=config["PASSWORD"] or None,
            host=config["HOST"] or None, port=config["PORT"] or None, connect_timeout=2,
        ).close()
        return True
    except psycopg2.Error:
        return False


_url = os.environ.get("DATABASE_URL") or LOCAL_POSTGRES
if _url.startswith("postgres") and _reachable(_url):
    DATABASES = {"default": dj_database_url.parse(_url)}
    TEST_DATABASE_LABEL = f"PostgreSQL at {DATABASES['default']['HOST']}:{DATABASES['default']['PORT']}"
else:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
    TEST_DATABASE_LABEL = f"SQLite (no PostgreSQL reachable at {_url})"

# Fast hashing; the real hashers are Django's defaults in every other setting.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tasks run in-process unless a test starts a real worker and points Celery at Redis itself.
CELERY_BROKER_URL = "memory://localhost/"
CELERY_TASK_ALWAYS_EAGER = True
MEDIA_ROOT = BASE_DIR / "test-artifacts" / "media"  # noqa: F405
# The running portal that tests start enforces the Content-Security-Policy (a browser test then fails on any
# inline script it would block).
CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY or CONTENT_SECURITY_POLICY_REPORT_ONLY  # noqa: F405
CONTENT_SECURITY_POLICY_REPORT_ONLY = None
# The suite makes many anonymous requests from one address within a minute: the throttling tests set their own
# rates (tests/security/test_throttling.py); everywhere else the limits are out of the way.
API_THROTTLE_ANON = "100000/min"
API_THROTTLE_USER = "100000/min"
