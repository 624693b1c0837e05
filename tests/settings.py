"""Test settings: PostgreSQL and Redis when reachable (or required), SQLite and eager tasks otherwise."""

import os
import socket

from config.env import env_database
from config.settings import *  # noqa: F403
from config.settings import BASE_DIR, DATABASES

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/test"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"


def reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


if os.environ.get("DATABASE_URL"):
    pass  # config.settings already read it
elif reachable("127.0.0.1", 5432) or REQUIRE_SERVICES:
    DATABASES = {"default": env_database("TEST_DATABASE_URL", DEFAULT_DATABASE_URL)}
else:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "var" / "test.sqlite3"}}

TEST_REDIS_URL = os.environ.get("REDIS_URL") or DEFAULT_REDIS_URL

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

# Each test run counts throttles and lockouts on its own.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Sessions as production serves them with Redis (read from the cache, written through), whatever REDIS_URL says:
# the pinned query counts of the pages do not depend on the environment the suite runs in.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
