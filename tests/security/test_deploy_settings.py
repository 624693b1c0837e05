"""`manage.py check --deploy` is clean with production settings, and fails loudly when one is missing."""

import os
import subprocess
import sys

from django.conf import settings

PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "config.settings",
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "k3Y-" + "x9Qz7-Lm2Wv8-Rt5Pn1-Bc4Hd6-Jf0Gs3-Ua7Ye2-Oi9Te5" * 2,
    "DJANGO_ALLOWED_HOSTS": "tolkportaal.integratie-inburgering.be",
    "DJANGO_SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO",
    "DATABASE_URL": "sqlite:///unused.sqlite3",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def check_deploy(*, fail_level="WARNING", tags=("security",), **overrides):
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "TOLK_"))}
    env.update(PRODUCTION, **overrides)
    command = [sys.executable, "manage.py", "check", "--deploy", "--fail-level", fail_level]
    command += [option for tag in tags for option in ("--tag", tag)]
    return subprocess.run(command, cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120)


def test_check_deploy_is_clean_with_production_settings():
    """Every deployment security check (the `security` tag) passes, warnings included."""
    result = check_deploy()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_finds_nothing_at_all_with_production_settings():
    result = check_deploy(tags=())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_fails_without_hsts():
    result = check_deploy(DJANGO_HSTS_SECONDS="0")
    assert result.returncode != 0
    assert "security.W004" in result.stdout + result.stderr


def test_check_deploy_fails_with_insecure_cookies():
    result = check_deploy(DJANGO_SECURE_COOKIES="0")
    assert result.returncode != 0
    assert "security.W012" in result.stdout + result.stderr


def test_production_settings_refuse_the_development_secret_key():
    result = check_deploy(DJANGO_SECRET_KEY="dev-only-insecure-key-change-me-in-production")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_the_proxy_header_comes_from_the_environment():
    code = "from django.conf import settings; print(settings.SECURE_PROXY_SSL_HEADER, settings.SECURE_HSTS_SECONDS)"
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(PRODUCTION)
    command = [sys.executable, "-c", f"import django; django.setup(); {code}"]
    result = subprocess.run(command, cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "('HTTP_X_FORWARDED_PROTO', 'https') 31536000", result.stderr
