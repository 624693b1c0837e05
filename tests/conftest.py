import os

import pytest
from django.conf import settings
from django.db import connection

from tests.workers import broker_at, suite_broker, workers  # noqa: F401 - fixtures for every test that runs real workers

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"
CHROMIUM = "/usr/bin/chromium"


def _missing(reason: str) -> None:
    if REQUIRE_SERVICES:
        pytest.fail(f"{reason} (REQUIRE_SERVICES=1)")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _service_markers(request):
    if request.node.get_closest_marker("postgres") and connection.vendor != "postgresql":
        _missing("needs PostgreSQL: set DATABASE_URL or start it on 127.0.0.1:5432")
    if request.node.get_closest_marker("redis"):
        import redis

        try:
            redis.Redis.from_url(settings.TEST_REDIS_URL, socket_connect_timeout=1).ping()
        except redis.RedisError:
            _missing(f"needs Redis at {settings.TEST_REDIS_URL}")
    if request.node.get_closest_marker("browser"):
        if not os.path.exists(CHROMIUM):
            _missing(f"needs Chromium at {CHROMIUM} (apt-get install chromium)")
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            _missing("needs Playwright for Python (pip install -e '.[dev]')")


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _language_back_to_dutch():
    """A request in French or English leaves that language active in the test's thread (LocaleMiddleware
    activates it and nothing deactivates it): every test starts from the default, Dutch."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def reference_data(request):
    """Transactional tests get the data migrations' reference data back after another test's flush."""
    from tests.reference import is_transactional, reload_reference_data

    if is_transactional(request):
        request.getfixturevalue("transactional_db")
        reload_reference_data()


@pytest.fixture
def now():
    from django.utils import timezone

    return timezone.now()
