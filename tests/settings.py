"""Test settings: PostgreSQL and Redis when reachable (or required), SQLite and eager tasks otherwise.

`make test` runs the suite twice: on PostgreSQL with Redis, and on the embedded default (TEST_EMBEDDED=1:
SQLite and kombu's filesystem transport, as `make run` on a new clone), leaving out the tests marked `postgres`.
"""

import os
import socket
from pathlib import Path

from config.env import env_database
from config.settings import *  # noqa: F403
from config.settings import BASE_DIR, DATABASES, EMBEDDED_SQLITE_OPTIONS, LOCAL_CACHES

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/test"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"


def reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


EMBEDDED = os.environ.get("TEST_EMBEDDED") == "1"
SQLITE_URL = f"sqlite:///{BASE_DIR / 'var' / 'test.sqlite3'}"
if EMBEDDED:
    DATABASES = {"default": env_database("TEST_EMBEDDED_DATABASE_URL", SQLITE_URL)}
elif os.environ.get("DATABASE_URL"):
    pass  # config.settings already read it
elif reachable("127.0.0.1", 5432) or REQUIRE_SERVICES:
    DATABASES = {"default": env_database("TEST_DATABASE_URL", DEFAULT_DATABASE_URL)}
else:
    DATABASES = {"default": env_database("DATABASE_URL", SQLITE_URL)}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # A file, not Django's in-memory test database: the workers and servers that tests start as processes
    # open the same database, with the same WAL journal, busy timeout and IMMEDIATE transactions as `make run`.
    DATABASES["default"]["OPTIONS"] = {**EMBEDDED_SQLITE_OPTIONS, **DATABASES["default"].get("OPTIONS", {})}
    _name = Path(DATABASES["default"]["NAME"])  # test.sqlite3 → test-suite.sqlite3 beside it
    _name.parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["TEST"] = {"NAME": str(_name.with_name(f"{_name.stem}-suite{_name.suffix}"))}
    SILENCED_SYSTEM_CHECKS = ["models.W040"]

TEST_REDIS_URL = os.environ.get("REDIS_URL") or DEFAULT_REDIS_URL
# The broker of the tests that run real workers: the embedded default's filesystem queue beside SQLite, Redis beside
# PostgreSQL (tests/workers.py).
TEST_BROKER_URL = "filesystem://" if DATABASES["default"]["ENGINE"].endswith("sqlite3") else TEST_REDIS_URL

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / "var" / "test-media"
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BROKER_URL = "memory://"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Staff two-factor authentication is off for the suite's force_login/login; tests/security switch it on.
TOLK_STAFF_2FA = False

# Webhook receivers in the tests listen on 127.0.0.1 over plain http; tests/webhooks switch this off to test production.
TOLK_WEBHOOKS_ALLOW_LOCAL = True

# Each test run counts throttles and lockouts on its own.
CACHES = LOCAL_CACHES
