"""Production mode refuses to start without its variables, and passes `check --deploy` with them."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GOOD = {
    "DJANGO_ENV": "production",
    "DEBUG": "false",
    "SECRET_KEY": "k" * 10 + "Zx9-Qw8_Er7.Ty6/Ui5+Op4*As3&Df2^Gh1%Jk0$Lz9#Xc8@Vb7!",
    "ALLOWED_HOSTS": "portal.example.kz",
    "DATABASE_URL": "postgres://portal:secret@db.example.kz:5432/portal",
    "REDIS_URL": "redis://redis.example.kz:6379/0",
}


def _manage(*args, **env_overrides):
    env = {k: v for k, v in os.environ.items() if k not in GOOD}
    env.update(GOOD)
    env.update(env_overrides)
    env = {k: v for k, v in env.items() if v is not None}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)


def test_check_deploy_reports_nothing_in_production_mode():
    result = _manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_a_missing_secret_key_stops_start_up_naming_the_variable():
    result = _manage("check", SECRET_KEY=None)
    assert result.returncode != 0
    assert "SECRET_KEY is required" in result.stderr


def test_a_missing_database_url_stops_start_up_naming_the_variable():
    result = _manage("check", DATABASE_URL=None)
    assert result.returncode != 0
    assert "DATABASE_URL is required" in result.stderr


def test_a_weak_secret_key_or_debug_stops_start_up():
    assert "SECRET_KEY is too weak" in _manage("check", SECRET_KEY="short").stderr
    assert "DEBUG must be false" in _manage("check", DEBUG="true").stderr
    assert "must be true or false" in _manage("check", DEBUG="maybe").stderr
