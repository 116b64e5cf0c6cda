"""Settings, read from environment variables (see .env.example and the README).

With no variables at all the portal runs as the embedded demo: SQLite, Celery tasks in-process, DEBUG,
e-mail to the console. DATABASE_URL and REDIS_URL switch to PostgreSQL and a real Celery worker and beat.
DJANGO_ENV=production turns on the production checks: a missing or unsafe variable stops start-up with
a message that names it.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool) -> bool:
    value = env(name)
    if not value:
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_int(name: str, default: int) -> int:
    value = env(name)
    if not value:
        return default
    try:
        return int(value)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from error


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


PRODUCTION = env("DJANGO_ENV", "development").lower() == "production"


def required(name: str) -> str:
    """A production setting that must be given; start-up stops with the variable's name otherwise."""
    value = env(name)
    if not value:
        raise ImproperlyConfigured(f"{name} is required when DJANGO_ENV=production (see .env.example).")
    return value


# --- Core -------------------------------------------------------------------------------------------

DEBUG = env_bool("DEBUG", default=not PRODUCTION)
if PRODUCTION:
    if DEBUG:
        raise ImproperlyConfigured("DEBUG must be false when DJANGO_ENV=production.")
    SECRET_KEY = required("SECRET_KEY")
    if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith("django-insecure"):
        raise ImproperlyConfigured(
            "SECRET_KEY is too weak: use 50 or more random characters, e.g. "
            "python -c 'import secrets; print(secrets.token_urlsafe(64))'."
        )
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS") or [required("ALLOWED_HOSTS")]
else:
    # A development key only: production refuses to start without its own SECRET_KEY.
    SECRET_KEY = env("SECRET_KEY") or "dev-only-not-secret-chamber-portal-0123456789-abcdefghijklmnop"
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    # API tokens that expire, stored hashed, several per user (issue 13; the model is core.ApiToken).
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "chamber_portal.core.third_party_apps.AxesConfig",  # axes, under a translated name
    # Second factor: TOTP devices and one-time recovery codes (issue 13).
    "django_otp",
    "chamber_portal.core.third_party_apps.TotpDevicesConfig",  # django_otp.plugins.otp_totp
    "chamber_portal.core.third_party_apps.RecoveryCodesConfig",  # django_otp.plugins.otp_static
    "csp",
    "chamber_portal.core",
    # Documents with legal effect as verifiable PDFs (issue 16): on the ground floor with the core; the domain apps
    # describe their documents in their issued_documents.py.
    "chamber_portal.documents",
    "bailiffs",
    "intake",
    "assignment",
    "complaints",
    "inspections",
    # Reads every domain app above (the dashboard and the public evenness page); nothing imports it.
    "oversight",
    "demo",
    # Issue 14 (bulk filers): Idempotency-Key on every API POST; webhooks of status events.
    "chamber_portal.idempotency",
    "webhooks",
]

MIDDLEWARE = [
    # Observability (issue 16): a request id on every log line and response; requests counted for /metrics.
    "chamber_portal.core.observability.logs.RequestIdMiddleware",
    "chamber_portal.core.observability.metrics.MetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy with a nonce per response; Permissions-Policy (chamber_portal.core.security).
    "csp.middleware.CSPMiddleware",
    "chamber_portal.core.security.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "chamber_portal.core.observability.logs.UserIdMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Staff and administrators pass the second factor before any page; staff sessions end when idle.
    "chamber_portal.core.security.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Idempotency-Key on API POSTs: wraps the view in the transaction that stores its first answer.
    "chamber_portal.idempotency.middleware.IdempotencyMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into our lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "chamber_portal.urls"
WSGI_APPLICATION = "chamber_portal.wsgi.application"
AUTH_USER_MODEL = "core.User"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "chamber_portal.core.context_processors.portal",
                "csp.context_processors.nonce",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------------------

DATABASE_URL = env("DATABASE_URL")
if PRODUCTION and not DATABASE_URL:
    required("DATABASE_URL")
# DATABASE_PGBOUNCER=true: DATABASE_URL is PgBouncer in transaction mode. Each transaction may get another server
# connection, so no server-side cursor may outlive one, and PgBouncer (not Django) keeps the connections.
DATABASE_PGBOUNCER = env_bool("DATABASE_PGBOUNCER", False)
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=0 if DATABASE_PGBOUNCER else env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
        disable_server_side_cursors=DATABASE_PGBOUNCER,
    )
    if DATABASE_URL
    else {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3"}
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication ---------------------------------------------------------------------------------

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Throttle by username and address together: a guesser is stopped, a colleague behind the same NAT is not.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# A lockout answers exactly as a wrong password does (the same page, or the API's same 400): no oracle.
AXES_LOCKOUT_CALLABLE = "chamber_portal.core.security.events.lockout_response"
# The client's address behind the TLS proxy: the proxies in front each append to X-Forwarded-For, so the
# client is the entry this many places from the right (0: reached directly, REMOTE_ADDR is the client). The API's
# throttling counts the same way (REST_FRAMEWORK NUM_PROXIES). See ADR 0014.
AXES_IPWARE_PROXY_COUNT = env_int("AXES_IPWARE_PROXY_COUNT", 1 if PRODUCTION else 0)
AXES_CLIENT_IP_CALLABLE = "chamber_portal.core.security.events.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env_bool("AXES_ENABLED", True)

# --- Internationalisation ---------------------------------------------------------------------------

LANGUAGE_CODE = "ru"
LANGUAGES = [
    ("ru", "Русский"),
    ("kk", "Қазақша"),
    ("en", "English"),
]
LANGUAGE_COOKIE_NAME = "chamber_language"
LOCALE_PATHS = [
    BASE_DIR / "locale",
    # Django's own strings that its kk catalogue leaves empty, translated by the project.
    BASE_DIR / "chamber_portal" / "locale_django",
]
FORMAT_MODULE_PATH = ["chamber_portal.formats"]
TIME_ZONE = "Asia/Almaty"
USE_I18N = True
USE_TZ = True

# --- Static and media -------------------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT") or BASE_DIR / "media")
# Outside production WhiteNoise serves straight from the source folders (no collectstatic needed).
WHITENOISE_USE_FINDERS = not PRODUCTION
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # MEDIA_STORAGE=s3 replaces this with a bucket (below).
    # Manifest storage needs collectstatic; the demo and the tests serve plain files (docs/architecture.md §8).
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Uploads in an S3-compatible bucket (MinIO, or any other) with MEDIA_STORAGE=s3; the file system otherwise.
# Downloads still pass the portal's access check and stream through it (docs/operations.md, "Media on S3").
MEDIA_STORAGE = (env("MEDIA_STORAGE") or "filesystem").lower()
if MEDIA_STORAGE == "s3":
    if not env("S3_BUCKET"):
        raise ImproperlyConfigured("S3_BUCKET is required when MEDIA_STORAGE=s3 (see .env.example).")
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("S3_BUCKET"),
            "endpoint_url": env("S3_ENDPOINT_URL") or None,
            "region_name": env("S3_REGION") or None,
            "access_key": env("S3_ACCESS_KEY_ID") or env("AWS_ACCESS_KEY_ID") or None,
            "secret_key": env("S3_SECRET_ACCESS_KEY") or env("AWS_SECRET_ACCESS_KEY") or None,
            "location": env("S3_PREFIX").strip("/"),
            "addressing_style": env("S3_ADDRESSING_STYLE") or "path",
            "signature_version": "s3v4",
            # Private objects, never overwritten (a second upload of the same name gets its own key).
            "default_acl": None,
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }
elif MEDIA_STORAGE != "filesystem":
    raise ImproperlyConfigured(f"MEDIA_STORAGE must be filesystem or s3, not {MEDIA_STORAGE!r}.")
# With file-system media behind nginx: a download answers with X-Accel-Redirect to nginx's internal location
# for MEDIA_ROOT, after the access check, instead of streaming the file through a gunicorn worker.
MEDIA_ACCEL_REDIRECT = env_bool("MEDIA_ACCEL_REDIRECT", False)
MEDIA_ACCEL_PREFIX = "/" + (env("MEDIA_ACCEL_PREFIX") or "protected-media").strip("/") + "/"

# --- E-mail -----------------------------------------------------------------------------------------

EMAIL_BACKEND = env("EMAIL_BACKEND") or (
    "django.core.mail.backends.smtp.EmailBackend"
    if env("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# Seconds any SMTP call may take before the e-mail queue gives up on it (the outbox keeps the message for beat).
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Chamber Portal <noreply@chamber.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The portal's address as users reach it: links in e-mails.
PORTAL_URL = env("PORTAL_URL", "http://127.0.0.1:8000")

# --- Celery -----------------------------------------------------------------------------------------

REDIS_URL = env("REDIS_URL")
# Without Redis the demo runs every task in-process, at commit, as the worker would.
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
# acks_late: a task dying mid-way is delivered again, so every task is written to be idempotent.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = "chamber"
# A worker's free process takes the rotation's queue first: kombu's "sorted" order asks Redis for the queues by
# name, and "chamber" sorts before "documents", "email" and "notifications" (issue 15: notifications never slow
# the rotation; the round-robin default gave a notices message every other turn). Coalescing keeps the rotation's
# queue short (one message per region), so the others are never starved for long.
CELERY_BROKER_TRANSPORT_OPTIONS = {"queue_order_strategy": "sorted"}
# PDFs of the documents with legal effect render in a queue of their own, so a backlog of them never delays a
# distribution (issue 16). The worker's `-Q` in docker-compose.yml names it.
CELERY_TASK_ROUTES = {
    "chamber_portal.documents.tasks.*": {"queue": "documents"},
}
# The hourly catch-up issues the documents of the events of the last days that never got theirs (a message lost
# after commit), at most so many of each kind per run.
DOCUMENTS_CATCH_UP_DAYS = env_int("DOCUMENTS_CATCH_UP_DAYS", 3)
DOCUMENTS_CATCH_UP_LIMIT = env_int("DOCUMENTS_CATCH_UP_LIMIT", 200)
# Notifications never slow the rotation (issue 15): in-app notices and e-mails go to their own queues, which the
# worker consumes too (docker-compose.yml `-Q chamber,notifications,email`; the documents have a worker of their own).
CELERY_TASK_ROUTES |= {
    "assignment.tasks.assignment_notify": {"queue": "notifications"},
    "assignment.tasks.assignment_notify_due": {"queue": "notifications"},
    "chamber_portal.core.tasks.notifications_email": {"queue": "email"},
    "chamber_portal.core.tasks.emails_send_task": {"queue": "email"},
    "chamber_portal.core.tasks.emails_send_due": {"queue": "email"},
    "chamber_portal.core.tasks.emails_send_fresh_task": {"queue": "email"},
    "intake.tasks.application_notify_lawyer": {"queue": "email"},
}
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Publishing must not hold a web request when Redis is down: the sweep re-queues what was not sent.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
# One beat whatever the number of replicas (issue 16): celery-redbeat keeps the schedule in Redis behind a lock,
# so a second beat waits instead of sending every task twice. `celery -A chamber_portal beat` uses it.
CELERY_BEAT_SCHEDULER = "redbeat.RedBeatScheduler"
CELERY_REDBEAT_REDIS_URL = REDIS_URL or None
CELERY_REDBEAT_LOCK_TIMEOUT = env_int("CELERY_REDBEAT_LOCK_TIMEOUT", 300)
# Time limits: a task gets a SoftTimeLimitExceeded after the soft limit, is killed after the hard one.
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 300)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 360)
# The heavy ones get more (seconds: soft, hard): a spreadsheet of thousands of rows, a region's backlog, a
# bailiff's cases moved, the daily summaries caught up, the purges of years of logs, a PDF being laid out.
_HEAVY_TASKS = {
    "intake.tasks.spreadsheet_check_task": (900, 960),
    "assignment.tasks.drain_region": (900, 960),
    "assignment.tasks.redistribute_bailiff_cases": (900, 960),
    "oversight.tasks.daily_summaries_task": (1800, 1860),
    "chamber_portal.core.tasks.security_logs_purge": (1800, 1860),
    "chamber_portal.idempotency.tasks.idempotency_keys_purge_task": (900, 960),
    "chamber_portal.documents.tasks.document_issue_task": (120, 180),
    "chamber_portal.documents.tasks.documents_issue_batch_task": (600, 660),
}
CELERY_TASK_ANNOTATIONS = {name: {"soft_time_limit": soft, "time_limit": hard}
                           for name, (soft, hard) in _HEAVY_TASKS.items()}
CELERY_BEAT_SCHEDULE = {
    "distribution-sweep": {
        "task": "assignment.tasks.sweep",
        "schedule": 60.0,
    },
    # The outbox: e-mails that could not be sent (the SMTP server away, a lost message) are tried again.
    "emails-send-due": {
        "task": "chamber_portal.core.tasks.emails_send_due",
        "schedule": 60.0,
    },
    "long-pauses-begin": {
        "task": "bailiffs.tasks.long_pauses_begin_task",
        "schedule": crontab(minute=10),  # hourly, acting on all that is due (issue 16)
    },
    "lapse-overdue-originals": {
        "task": "intake.tasks.applications_lapse_overdue_task",
        "schedule": crontab(minute=30),  # hourly, acting on all that is due (issue 16)
    },
    # Clause 12: held reassignments go out on the day their breach decision enters into force.
    "release-held-reassignments": {
        "task": "complaints.tasks.release_due_reassignments",
        "schedule": crontab(minute=20),  # hourly, acting on all that is due (issue 16)
    },
    "warn-expiring-powers-of-attorney": {
        "task": "intake.tasks.powers_of_attorney_warn_expiring_task",
        "schedule": crontab(minute=40),  # hourly, acting on all that is due (issue 16)
    },
    "webhooks-retry-due": {
        "task": "webhooks.tasks.webhooks_retry_due_task",
        "schedule": 60.0,
    },
    "purge-idempotency-keys": {
        "task": "chamber_portal.idempotency.tasks.idempotency_keys_purge_task",
        "schedule": crontab(minute=25),  # hourly; purges all past the cutoff (issue 16)
    },
    "clear-expired-sessions": {
        "task": "chamber_portal.core.tasks.sessions_clear_expired",
        "schedule": crontab(minute=15),  # hourly; purges all past the cutoff (issue 16)
    },
}

# --- API --------------------------------------------------------------------------------------------

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "chamber_portal.core.security.authentication.PortalSessionAuthentication",
        # `Authorization: Token <token>`: knox's hashed, expiring tokens (issue 13), without knox's sweep of the
        # user's other tokens at each request (issue 15; the daily purge removes expired ones).
        "chamber_portal.core.security.authentication.PortalTokenAuthentication",
    ],
    # Per user and per anonymous address; the rates are read at each request (API_THROTTLE_USER/ANON below).
    "DEFAULT_THROTTLE_CLASSES": [
        "chamber_portal.core.security.throttling.AnonThrottle",
        "chamber_portal.core.security.throttling.UserThrottle",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        # ?updated_after= on every list whose rows carry updated_at (issue 14).
        "chamber_portal.core.api_lists.UpdatedAfterFilter",
    ],
    # ?page_size= up to 500 (issue 14).
    "DEFAULT_PAGINATION_CLASS": "chamber_portal.core.api_lists.PortalPagination",
    "PAGE_SIZE": 50,
    # Every error status with its body, and operation ids that read as the call (issue 14).
    "DEFAULT_SCHEMA_CLASS": "chamber_portal.core.api_schema.PortalAutoSchema",
    "EXCEPTION_HANDLER": "chamber_portal.core.api_errors.exception_handler",
    "NUM_PROXIES": AXES_IPWARE_PROXY_COUNT,
}
# Issue 14: the API's path (the idempotency middleware acts under it) and how long a key answers again.
API_PATH_PREFIX = "/api/"
IDEMPOTENCY_KEY_HOURS = env_int("IDEMPOTENCY_KEY_HOURS", 24)
# The change feed (events/) shows an event once it is this many seconds old (intake.selectors.feed_horizon).
EVENTS_FEED_SETTLE_SECONDS = env_int("EVENTS_FEED_SETTLE_SECONDS", 2)
# Webhooks: private and loopback addresses (and plain http) only in development; attempts with backoff.
WEBHOOKS_ALLOW_PRIVATE = env_bool("WEBHOOKS_ALLOW_PRIVATE", not PRODUCTION)
WEBHOOKS_TIMEOUT_SECONDS = env_int("WEBHOOKS_TIMEOUT_SECONDS", 5)
WEBHOOKS_MAX_ATTEMPTS = env_int("WEBHOOKS_MAX_ATTEMPTS", 10)
# Issue 14: the API's path (the idempotency middleware acts under it) and how long a key answers again.
API_PATH_PREFIX = "/api/"
IDEMPOTENCY_KEY_HOURS = env_int("IDEMPOTENCY_KEY_HOURS", 24)
SPECTACULAR_SETTINGS = {
    "TITLE": "Chamber Portal API",
    "DESCRIPTION": "Enforcement applications, distribution, complaints and inspections (Rules No. 652).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several choice sets share the field name "kind": name each enum in the schema.
    "ENUM_NAME_OVERRIDES": {
        "RegionKindEnum": "chamber_portal.core.models.regions.RegionKind",
        "PartyKindEnum": "intake.models.PartyKind",
        "DocumentTypeEnum": "intake.models.DocumentType",
        "StatusEnum": "intake.models.Status",
        "ReasonEnum": "intake.models.ReturnReason",
        "BailiffStatusEnum": "bailiffs.models.BailiffStatus",
        "PauseReasonEnum": "bailiffs.models.PauseReason",
        "DistributionReasonEnum": "assignment.models.Reason",
        "ExclusionEnum": "assignment.models.Exclusion",
        "RedistributionReasonEnum": "assignment.api.REDISTRIBUTION_CHOICES",
        "ActionKindEnum": "assignment.models.ActionKind",
        "CaseOutcomeEnum": "assignment.models.Outcome",
        "DecisionOutcomeEnum": "complaints.models.DecisionOutcome",
        "DisciplinaryCaseStatusEnum": "complaints.models.DisciplinaryCaseStatus",
        "InspectionStatusEnum": "inspections.models.InspectionStatus",
        "InspectionOutcomeEnum": "inspections.models.InspectionOutcome",
        "InspectionGroundEnum": "inspections.models.Ground",
        "SampleSourceEnum": "inspections.models.SampleSource",
        "PetitionOutcomeEnum": "inspections.models.PetitionOutcome",
        "InspectionThresholdEnum": "inspections.api.THRESHOLD_CHOICES",
        "IdempotencyKeyReusedCodeEnum": ["idempotency_key_reused"],  # the 422 body (core.api_schema)
    },
}

# --- Rules of the portal (Rules No. 652; each configurable per deployment) ----------------------------

# Working days within which the lawyer brings the paper original after submitting.
INTAKE_ORIGINAL_DUE_WORKING_DAYS = env_int("INTAKE_ORIGINAL_DUE_WORKING_DAYS", 10)
# Working days after the original is received within which staff accept or return the application; later, the
# dashboard counts it as an overdue acceptance.
INTAKE_ACCEPTANCE_DUE_WORKING_DAYS = env_int("INTAKE_ACCEPTANCE_DUE_WORKING_DAYS", 3)
# Years from the decision's entry into force within which it may be presented for enforcement.
# Above this many MRP a state claim goes to state bailiffs (docs/domain.md §1).
INTAKE_STATE_CLAIM_LIMIT_MRP = env_int("INTAKE_STATE_CLAIM_LIMIT_MRP", 1000)
INTAKE_UPLOAD_MAX_BYTES = 20 * 1024 * 1024
# Days before a standing power of attorney expires when its lawyer is warned (issue 14).
INTAKE_POA_WARN_DAYS = env_int("INTAKE_POA_WARN_DAYS", 14)
# At most this many rows in a CSV or XLSX export of a staff list; a longer list's file says where it stopped.
EXPORT_MAX_ROWS = env_int("EXPORT_MAX_ROWS", 100000)
# Working days after assignment within which the bailiff decides on initiation (docs/domain.md §1).
INITIATION_DUE_WORKING_DAYS = env_int("INITIATION_DUE_WORKING_DAYS", 3)
# Seconds a region's "distribute message pending" mark lives at most (issue 15): a message lost with the mark set
# holds the region's next publish back this long (the minute's sweep drains it anyway).
ASSIGNMENT_DISTRIBUTE_PENDING_TTL = env_int("ASSIGNMENT_DISTRIBUTE_PENDING_TTL", 60)
# A notices or e-mails message waits this long before it runs, so one run writes what a burst of decisions brings
# meanwhile instead of one run per decision on the rotation's processes (issue 15); the rotation never waits.
NOTICES_GATHER_SECONDS = env_int("NOTICES_GATHER_SECONDS", 1)
# Working days within which the regional chamber decides a complaint about a bailiff.
COMPLAINT_DUE_WORKING_DAYS = env_int("COMPLAINT_DUE_WORKING_DAYS", 15)
# Days after a breach decision within which it may be appealed: by default it enters into force then.
BREACH_APPEAL_PERIOD_DAYS = env_int("BREACH_APPEAL_PERIOD_DAYS", 30)
# Working days after an inspection's act within which the bailiff may object to it.
INSPECTION_OBJECTION_WORKING_DAYS = env_int("INSPECTION_OBJECTION_WORKING_DAYS", 10)
# Inspection candidates: a bailiff passes when any figure in the period reaches its threshold.
INSPECTION_CANDIDATE_COMPLAINTS = env_int("INSPECTION_CANDIDATE_COMPLAINTS", 3)
INSPECTION_CANDIDATE_BREACHES = env_int("INSPECTION_CANDIDATE_BREACHES", 1)
INSPECTION_CANDIDATE_OVERDUE_INITIATIONS = env_int("INSPECTION_CANDIDATE_OVERDUE_INITIATIONS", 3)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Security (production) --------------------------------------------------------------------------

SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    # Trust X-Forwarded-Proto only behind a TLS proxy that sets it; a published port must not.
    if env_bool("BEHIND_TLS_PROXY", True):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
    # /healthz is probed over plain HTTP inside the deployment.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^livez$", r"^metrics$"]

# Logs (issue 16): JSON lines (time, level, logger, message, request_id, user_id, task_id) by default in
# production, plain text in development; LOG_FORMAT=json|text switches. IIN/BIN-looking numbers are masked.
LOG_FORMAT = env("LOG_FORMAT", "json" if PRODUCTION else "text").lower()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "context": {"()": "chamber_portal.core.observability.logs.ContextFilter"},
        "mask_iin": {"()": "chamber_portal.core.observability.logs.MaskIinFilter"},
    },
    "formatters": {
        "json": {"()": "chamber_portal.core.observability.logs.PortalJsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s user=%(user_id)s task=%(task_id)s] "
                           "%(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["context", "mask_iin"],
                             "formatter": "json" if LOG_FORMAT == "json" else "text"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    # Django's own default console handler (DEBUG only) would print its lines a second time, unmasked.
    "loggers": {"axes": {"level": "WARNING"}, "django": {"handlers": ["console"], "propagate": False}},
}
# Celery keeps our handlers (the worker would otherwise replace the root logger's).
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# /metrics (Prometheus) answers a bearer token; without one configured: 404 in production, superusers elsewhere.
METRICS_TOKEN = env("METRICS_TOKEN", "")
# A Celery worker serves its own metrics (task failures) on this port when set (0: not served).
METRICS_WORKER_PORT = env_int("METRICS_WORKER_PORT", 0)
# Error reports to Sentry only when a DSN is set; never personal data (chamber_portal.core.observability.sentry).
SENTRY_DSN = env("SENTRY_DSN", "")
if SENTRY_DSN:
    from chamber_portal.core.observability.sentry import init_sentry

    init_sentry(SENTRY_DSN, env("SENTRY_ENVIRONMENT", "production" if PRODUCTION else "development"))

# --- Security (issue 13; ADR 0014) -------------------------------------------------------------------

# API throttling per anonymous address and per user: 429 with Retry-After past these rates (n/s, n/min, n/h).
API_THROTTLE_ANON = env("API_THROTTLE_ANON", "60/min")
API_THROTTLE_USER = env("API_THROTTLE_USER", "1200/min")
# API tokens (knox): hashed (SHA-512), several per user, each expiring after API_TOKEN_TTL_DAYS (at most 30).
API_TOKEN_TTL_DAYS = min(env_int("API_TOKEN_TTL_DAYS", 30), 30)
KNOX_TOKEN_MODEL = "core.ApiToken"
# knox's own AuthToken is swapped out for core.ApiToken: none of knox's migrations (its table) are wanted.
MIGRATION_MODULES = {"knox": None}
REST_KNOX = {
    "TOKEN_TTL": timedelta(days=API_TOKEN_TTL_DAYS),
    "AUTH_HEADER_PREFIX": "Token",
    "TOKEN_LIMIT_PER_USER": env_int("API_TOKEN_LIMIT_PER_USER", 20),
}
# Second factor: the issuer shown in the authenticator app; a wrong code doubles the wait before the next try.
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", "Chamber Portal")
OTP_TOTP_THROTTLE_FACTOR = 1
# Staff and administrators' sessions end after this many idle minutes (0: never).
STAFF_IDLE_TIMEOUT_MINUTES = env_int("STAFF_IDLE_TIMEOUT_MINUTES", 30)
# Personal-data access log: kept this many days, then purged by the daily task.
ACCESS_LOG_RETENTION_DAYS = env_int("ACCESS_LOG_RETENTION_DAYS", 5 * 365)
SECURITY_EVENT_RETENTION_DAYS = env_int("SECURITY_EVENT_RETENTION_DAYS", 365)
CELERY_BEAT_SCHEDULE["purge-security-logs"] = {
    "task": "chamber_portal.core.tasks.security_logs_purge",
    "schedule": crontab(minute=40),  # hourly; purges all past the cutoff (issue 16)
}
# Documents with legal effect whose message was lost after their event's commit (issue 16): hourly, acting on
# every event of the last DOCUMENTS_CATCH_UP_DAYS days, so a missed run changes nothing.
CELERY_BEAT_SCHEDULE["documents-issue-due"] = {
    "task": "chamber_portal.documents.tasks.documents_issue_due_task",
    "schedule": crontab(minute=17),
}
# The daily summaries behind the dashboard's figures (issue 15): every past day not final yet, hourly.
CELERY_BEAT_SCHEDULE["oversight-daily-summaries"] = {
    "task": "oversight.tasks.daily_summaries_task",
    "schedule": crontab(minute=7),
}

# Content-Security-Policy (django-csp 4): no inline script or style, nothing from elsewhere. Enforced in
# production and in the tests' live server; report-only in development unless CSP_ENFORCE=true.
_CSP = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
if env_bool("CSP_ENFORCE", PRODUCTION):
    CONTENT_SECURITY_POLICY = _CSP
    CONTENT_SECURITY_POLICY_REPORT_ONLY = None
else:
    CONTENT_SECURITY_POLICY = None
    CONTENT_SECURITY_POLICY_REPORT_ONLY = _CSP
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), "
    "interest-cohort=(), browsing-topics=()"
)
