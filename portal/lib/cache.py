"""Django's Redis cache, where Redis being down or slow is a cache miss, never an error page.

`ResilientRedisCache` is `django.core.cache.backends.redis.RedisCache` with three changes:

- A Redis error (refused, timed out, reset) is logged and swallowed: `get` answers the default,
  `set` and `delete` do nothing, `add` answers False, `incr` raises ValueError as for a missing
  key. The caller cannot tell an outage from an empty cache.
- After an error this process leaves Redis alone for `RETRY_AFTER_SECONDS`, so a hanging Redis
  costs one socket timeout per process and period, not one per cache call.
- Keys that start with one of `LOCAL_KEY_PREFIXES` (allauth's and the portal's
  rate limits, portal.lib.ratelimit) are kept in this
  process's memory while Redis is away: the limits keep counting, per process, instead of
  failing open (no limit) or closed (every sign-in refused).

`redis_cache(url, ...)` is the settings.CACHES entry: short socket timeouts and no retries
(redis-py retries a refused connection ten times by default).
"""

from __future__ import annotations

import logging
import time
from typing import Any
from urllib.parse import urlsplit

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.backoff import NoBackoff
from redis.exceptions import RedisError
from redis.retry import Retry

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 10.0
ERRORS = (RedisError, OSError)


def redis_cache(url: str, *, key_prefix: str, timeout: float) -> dict[str, Any]:
    """The CACHES entry of a Redis cache whose every call gives up after `timeout` seconds."""
    return {
        "BACKEND": "portal.lib.cache.ResilientRedisCache",
        "LOCATION": url,
        "KEY_PREFIX": key_prefix,
        "OPTIONS": {
            "socket_connect_timeout": timeout,
            "socket_timeout": timeout,
            "retry": Retry(NoBackoff(), 0),
        },
    }


# Per process, shared by every thread's instance of the backend (Django makes one per thread).
_down_until: dict[str, float] = {}


class ReusedClientRedisCacheClient(RedisCacheClient):
    """Django's Redis cache client, keeping one `redis.Redis` per connection pool. Django makes
    a new one for every cache call, and each builds redis-py's table of ~170 response callbacks:
    a cache get took 0.11 ms of CPU with it and 0.05 ms without (bench/README.md, "Residents'
    search on a quiet machine, 2026-12-06"). A client holds no state of its own but its pool
    (thread-safe), and the backend is one instance per thread, as Django makes it."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        if index not in self._clients:
            if index not in self._pools:  # as RedisCacheClient._get_connection_pool
                self._pools[index] = self._pool_class.from_url(
                    self._servers[index], **self._pool_options
                )
            self._clients[index] = self._client(connection_pool=self._pools[index])
        return self._clients[index]


class ResilientRedisCache(RedisCache):
    LOCAL_KEY_PREFIXES: tuple[str, ...] = ("allauth:rl:", "portal:rl:")

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient  # RedisCache.__init__ sets its own
        self._location = server if isinstance(server, str) else ",".join(server)
        self._local = LocMemCache(f"redis-fallback:{self._location}", params)

    # -- the outage state ---------------------------------------------------------------------
    def redis_down(self) -> bool:
        return time.monotonic() < _down_until.get(self._location, 0.0)

    def _mark_down(self, error: Exception) -> None:
        if not self.redis_down():
            address = urlsplit(self._location.split(",")[0])  # no password in the log
            logger.error(
                "Cache: Redis at %s:%s failed (%s: %s); treating the cache as empty for %.0f s.",
                address.hostname,
                address.port,
                type(error).__name__,
                error,
                RETRY_AFTER_SECONDS,
            )
        _down_until[self._location] = time.monotonic() + RETRY_AFTER_SECONDS

    def _call(self, method, key, *args, miss=None):
        """RedisCache's `method`; while Redis is away, `miss` (rate limits: local memory)."""
        if not self.redis_down():
            try:
                return method(self, key, *args)
            except ERRORS as error:
                self._mark_down(error)
        if isinstance(key, str) and key.startswith(self.LOCAL_KEY_PREFIXES):
            return getattr(self._local, method.__name__)(key, *args)
        return miss

    # -- one key ------------------------------------------------------------------------------
    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(RedisCache.add, key, value, timeout, version, miss=False)

    def get(self, key, default=None, version=None):
        return self._call(RedisCache.get, key, default, version, miss=default)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._call(RedisCache.set, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(RedisCache.touch, key, timeout, version, miss=False)

    def delete(self, key, version=None):
        return self._call(RedisCache.delete, key, version, miss=False)

    def has_key(self, key, version=None):
        return self._call(RedisCache.has_key, key, version, miss=False)

    def incr(self, key, delta=1, version=None):
        missing = object()
        value = self._call(RedisCache.incr, key, delta, version, miss=missing)
        if value is missing:
            raise ValueError(f"Key '{key}' not found (the cache is unavailable).")
        return value

    # -- many keys: misses and no-ops while Redis is away -------------------------------------
    def get_many(self, keys, version=None):
        return self._call(RedisCache.get_many, keys, version, miss={})

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(RedisCache.set_many, data, timeout, version, miss=list(data))

    def delete_many(self, keys, version=None):
        self._call(RedisCache.delete_many, keys, version)

    def clear(self):
        """Delete this cache's keys only. Django's RedisCache.clear() empties the whole Redis
        database: the broker has a database of its own (settings.REDIS_CACHE_URL), but sites or
        test runs sharing one cache database (CACHE_KEY_PREFIX) must not clear each other's."""
        self._local.clear()
        return self._call(lambda cache, _key: cache._clear_prefixed(), None, miss=False)

    def _clear_prefixed(self) -> bool:
        client = self._cache.get_client(write=True)
        pattern = f"{self.key_prefix}:*" if self.key_prefix else "*:*:*"
        batch = []
        for key in client.scan_iter(match=pattern, count=1000):
            batch.append(key)
            if len(batch) >= 1000:
                client.delete(*batch)
                batch.clear()
        if batch:
            client.delete(*batch)
        return True
