"""Bad configuration stops the start with a message that names the variable."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def start_with(**env) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))}
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env=clean | {"DJANGO_SETTINGS_MODULE": "config.settings"} | env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    "variable, value",
    [
        ("DATABASE_URL", "notadatabase://x"),
        ("REDIS_URL", "http://127.0.0.1:6379"),
        ("DJANGO_DEBUG", "maybe"),
        ("TIME_ZONE", "Europe/Atlantis"),
        ("EMAIL_URL", "pigeon://loft"),
        ("TOLK_CANDIDATES_PER_ROUND", "three"),
        ("API_THROTTLE_USER", "lots"),
    ],
)
def test_a_bad_value_fails_at_start_naming_the_variable(variable, value):
    result = start_with(**{variable: value})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert variable in result.stderr.strip().splitlines()[-1]


def test_production_needs_its_own_secret_key():
    result = start_with(DJANGO_DEBUG="false")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_the_defaults_start_without_any_configuration():
    result = start_with()
    assert result.returncode == 0, result.stderr


def setting_with(name: str, **env) -> str:
    code = f"import django; django.setup(); from django.conf import settings; print(settings.{name})"
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean | {"DJANGO_SETTINGS_MODULE": "config.settings"} | env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_sessions_live_in_the_database_whether_or_not_redis_is_configured():
    # a session read from Redis would die with it, and one deleted while Redis was down would come back with it
    assert setting_with("SESSION_ENGINE", REDIS_URL="redis://127.0.0.1:6379/0").endswith(".db")
    assert setting_with("SESSION_ENGINE").endswith(".db")
