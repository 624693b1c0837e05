"""While Redis does not answer, the shared cache falls back to one per process (config/cache.py): nothing fails,
and API throttling still counts, so logins are never left without a limit."""

import socket

import pytest
from django.core.cache import caches
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

pytestmark = pytest.mark.django_db


@pytest.fixture
def dead_redis_cache(settings):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # nobody listens once the socket is closed
    location = f"redis://127.0.0.1:{port}/0"
    settings.CACHES = {"default": {"BACKEND": "config.cache.FailSoftRedisCache", "LOCATION": location}}
    return caches["default"]


def test_every_call_answers_from_the_process_cache(dead_redis_cache):
    assert dead_redis_cache.shared_answers() is False
    dead_redis_cache.set("a", 1)
    assert dead_redis_cache.get("a") == 1
    assert dead_redis_cache.add("a", 2) is False and dead_redis_cache.incr("a") == 2
    dead_redis_cache.set_many({"b": 3, "c": 4})
    assert dead_redis_cache.get_many(["a", "b", "c"]) == {"a": 2, "b": 3, "c": 4}
    dead_redis_cache.delete("a")
    assert dead_redis_cache.get("a") is None and dead_redis_cache.has_key("b")


def test_logins_through_the_api_stay_throttled(dead_redis_cache, monkeypatch):
    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "anon", "2/hour")
    anonymous_api = APIClient()
    statuses = [anonymous_api.post("/api/v1/token/", {"username": "x", "password": "y"}).status_code for _ in range(3)]
    assert statuses == [400, 400, 429]


@pytest.mark.redis
def test_with_redis_answering_the_counts_are_shared(settings):
    settings.CACHES = {"default": {"BACKEND": "config.cache.FailSoftRedisCache", "LOCATION": settings.TEST_REDIS_URL}}
    shared = caches["default"]
    assert shared.shared_answers() is True
    shared.set("fail-soft-test", "shared", timeout=5)
    assert shared._local.get("fail-soft-test") is None, "written to Redis, not to the process cache"
    assert shared.get("fail-soft-test") == "shared"
    shared.delete("fail-soft-test")
