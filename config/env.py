"""Small helpers that read settings from the environment and fail loudly on bad values."""

import os
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import dj_database_url
import dj_email_url
from django.core.exceptions import ImproperlyConfigured


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_database(name: str, default: str) -> dict:
    raw = os.environ.get(name) or default
    try:
        # a kept connection is checked before each request and task reuses it: after a database restart the
        # process reconnects by itself instead of failing once on the dead connection
        config = dj_database_url.parse(raw, conn_max_age=60, conn_health_checks=True)
    except Exception as exc:
        raise ImproperlyConfigured(f"{name} is not a database URL: {raw!r} ({exc})") from None
    if not config.get("ENGINE"):
        raise ImproperlyConfigured(f"{name} names an unknown database: {raw!r}")
    if config["ENGINE"].endswith("postgresql"):
        # a database that does not answer costs a request seconds, not gunicorn's whole timeout
        config["OPTIONS"] = {"connect_timeout": env_int("DATABASE_CONNECT_TIMEOUT", 3), **config.get("OPTIONS", {})}
    return config


def env_email(name: str, default: str) -> dict:
    raw = os.environ.get(name) or default
    try:
        config = dj_email_url.parse(raw)
    except Exception as exc:
        raise ImproperlyConfigured(f"{name} is not an email URL: {raw!r} ({exc})") from None
    if not config.get("EMAIL_BACKEND"):
        raise ImproperlyConfigured(f"{name} names an unknown email backend: {raw!r} (smtp://, console://, ...)")
    return config


def env_url(name: str, default: str, schemes: tuple[str, ...]) -> str:
    raw = os.environ.get(name) or default
    if not raw.startswith(tuple(f"{s}://" for s in schemes)):
        raise ImproperlyConfigured(f"{name} must start with one of {', '.join(schemes)}: {raw!r}")
    return raw


def env_time_zone(name: str, default: str) -> str:
    raw = os.environ.get(name) or default
    try:
        ZoneInfo(raw)
    except (ZoneInfoNotFoundError, ValueError):
        raise ImproperlyConfigured(f"{name} is not a known time zone: {raw!r}") from None
    return raw


def env_rate(name: str, default: str) -> str:
    """A throttle rate like `1000/hour` (DRF's format: number / second|minute|hour|day)."""
    raw = os.environ.get(name) or default
    number, _, period = raw.partition("/")
    if not number.strip().isdigit() or period.strip()[:1] not in {"s", "m", "h", "d"}:
        raise ImproperlyConfigured(f"{name} must look like 1000/hour, not {raw!r}")
    return raw
