"""The production switches read at start-up (docs/operations.md): PgBouncer, S3 media, X-Accel, and gunicorn's
settings from the environment. Each case imports the settings (or gunicorn.conf.py) in a fresh process with the
environment of the case, as a deployment would start."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATABASE = "postgres://portal:secret@pgbouncer:6432/chamber_portal"

PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.core.files.storage import storages
default_storage = storages["default"]
db = settings.DATABASES["default"]
print(json.dumps({
    "conn_max_age": db.get("CONN_MAX_AGE"), "no_server_cursors": db.get("DISABLE_SERVER_SIDE_CURSORS", False),
    "port": db.get("PORT"), "storage": type(default_storage).__module__ + "." + type(default_storage).__name__,
    "bucket": getattr(default_storage, "bucket_name", None), "endpoint": getattr(default_storage, "endpoint_url", None),
    "location": getattr(default_storage, "location", None), "accel": settings.MEDIA_ACCEL_REDIRECT,
    "accel_prefix": settings.MEDIA_ACCEL_PREFIX,
}))
"""


def _settings(**env) -> dict:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "MEDIA_", "S3_", "AWS_"))}
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={**clean, "DJANGO_SETTINGS_MODULE": "chamber_portal.settings", "DJANGO_ENV": "development",
             "REDIS_URL": "", **env},
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_pgbouncer_turns_off_server_side_cursors_and_kept_connections():
    through = _settings(DATABASE_URL=DATABASE, DATABASE_PGBOUNCER="true")
    assert through["no_server_cursors"] is True
    assert through["conn_max_age"] == 0
    assert through["port"] == 6432


def test_without_pgbouncer_connections_are_kept_and_cursors_stay_on_the_server():
    direct = _settings(DATABASE_URL=DATABASE.replace("pgbouncer:6432", "db:5432"))
    assert direct["no_server_cursors"] is False
    assert direct["conn_max_age"] == 60
    assert _settings(DATABASE_URL=DATABASE, DATABASE_CONN_MAX_AGE="300")["conn_max_age"] == 300


def test_media_stay_on_the_file_system_unless_s3_is_asked_for():
    assert _settings()["storage"] == "django.core.files.storage.filesystem.FileSystemStorage"
    # compose passes .env.example's empty lines as empty variables: they mean the default.
    empty = _settings(MEDIA_STORAGE="", MEDIA_ACCEL_PREFIX="", MEDIA_ACCEL_REDIRECT="", DATABASE_PGBOUNCER="")
    assert empty["storage"] == "django.core.files.storage.filesystem.FileSystemStorage"
    assert (empty["accel"], empty["accel_prefix"]) == (False, "/protected-media/")


def test_media_storage_s3_keeps_uploads_in_the_bucket():
    s3 = _settings(MEDIA_STORAGE="s3", S3_BUCKET="chamber-media", S3_ENDPOINT_URL="http://minio:9000",
                   S3_ACCESS_KEY_ID="chamber", S3_SECRET_ACCESS_KEY="secret", S3_PREFIX="/portal/")
    assert s3["storage"] == "storages.backends.s3.S3Storage"
    assert (s3["bucket"], s3["endpoint"], s3["location"]) == ("chamber-media", "http://minio:9000", "portal")


def test_media_storage_s3_without_a_bucket_stops_start_up_naming_it():
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "chamber_portal.settings", "MEDIA_STORAGE": "s3",
             "S3_BUCKET": ""},
    )
    assert result.returncode != 0 and "S3_BUCKET is required" in result.stderr


def test_accel_redirect_is_off_unless_switched_on():
    assert _settings()["accel"] is False
    on = _settings(MEDIA_ACCEL_REDIRECT="true", MEDIA_ACCEL_PREFIX="internal-media")
    assert on["accel"] is True and on["accel_prefix"] == "/internal-media/"


def _gunicorn(**env) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("GUNICORN_")}
    result = subprocess.run(
        [str(Path(sys.executable).with_name("gunicorn")), "-c", "gunicorn.conf.py", "--print-config",
         "chamber_portal.wsgi:application"], cwd=ROOT, capture_output=True, text=True, timeout=60,
        env={**clean, **env},
    )
    assert result.returncode == 0, result.stderr
    lines = [line.split("=", 1) for line in result.stdout.splitlines() if " = " in line]
    return {key.strip(): value.strip() for key, value in lines}


def test_gunicorn_takes_every_setting_from_the_environment():
    config = _gunicorn(GUNICORN_BIND="0.0.0.0:9000", GUNICORN_WORKERS="3", GUNICORN_THREADS="4",
                       GUNICORN_TIMEOUT="45", GUNICORN_GRACEFUL_TIMEOUT="20", GUNICORN_KEEPALIVE="7",
                       GUNICORN_MAX_REQUESTS="500", GUNICORN_MAX_REQUESTS_JITTER="50",
                       GUNICORN_FORWARDED_ALLOW_IPS="*")
    assert config["bind"] == "['0.0.0.0:9000']"
    assert (config["workers"], config["threads"], config["timeout"]) == ("3", "4", "45")
    assert (config["graceful_timeout"], config["keepalive"]) == ("20", "7")
    assert (config["max_requests"], config["max_requests_jitter"]) == ("500", "50")
    assert config["forwarded_allow_ips"] == "['*']"
    assert config["accesslog"] == "-"
    assert _gunicorn(GUNICORN_ACCESS_LOG="", GUNICORN_WORKERS="")["accesslog"] == "-"
    assert _gunicorn(GUNICORN_ACCESS_LOG="off")["accesslog"] == "None"


def test_gunicorn_defaults_to_two_workers_per_cpu_plus_one_capped():
    cpus = os.cpu_count() or 1
    assert _gunicorn()["workers"] == str(min(2 * cpus + 1, 8))
    assert _gunicorn(GUNICORN_MAX_WORKERS="2")["workers"] == "2"
