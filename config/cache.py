"""The shared cache on Redis, which keeps the portal up while Redis is down.

Only DRF's throttles use the cache (sessions and the login lockout live in the database). While Redis does not
answer, each call falls back to a cache of this process: throttling still counts, per process instead of across
all of them (so a client gets at most the limit once per web process), instead of failing every API request
with a 500 or letting every request through. Once Redis answers again the shared counts are used again.
"""

import logging

import redis
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)
FALLBACK_METHODS = (
    "add",
    "get",
    "set",
    "touch",
    "delete",
    "get_many",
    "has_key",
    "incr",
    "set_many",
    "delete_many",
    "clear",
)


class FailSoftRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._local = LocMemCache(f"fallback-{server}", {"TIMEOUT": params.get("TIMEOUT", 300)})

    def shared_answers(self) -> bool:
        """Whether Redis itself answers now (GET /health/ asks; every other caller just uses the cache)."""
        try:
            return bool(self._cache.get_client(write=True).ping())
        except redis.RedisError:
            return False


def _fail_soft(name: str):
    shared = getattr(RedisCache, name)

    def method(self, *args, **kwargs):
        try:
            return shared(self, *args, **kwargs)
        except redis.RedisError as error:
            logger.warning("cache: Redis did not answer (%s); using this process's cache", type(error).__name__)
            return getattr(self._local, name)(*args, **kwargs)

    method.__name__ = name
    return method


for _name in FALLBACK_METHODS:
    setattr(FailSoftRedisCache, _name, _fail_soft(_name))
