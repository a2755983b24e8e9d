"""Health of the parts the portal depends on, each checked with a short timeout.

With Redis down or hanging, /healthz still answers within about a second (two Redis calls of
at most REDIS_TIMEOUT_SECONDS each), saying which part is down.
"""

import os
import uuid

import redis
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from redis.backoff import NoBackoff
from redis.retry import Retry


def database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        return False


def broker_ok() -> bool:
    """Redis answers a PING; the embedded filesystem broker needs its folder to be writable."""
    if settings.REDIS_URL:
        timeout = settings.REDIS_TIMEOUT_SECONDS
        try:
            client = redis.Redis.from_url(
                settings.REDIS_URL,
                socket_connect_timeout=timeout,
                socket_timeout=timeout,
                retry=Retry(NoBackoff(), 0),
            )
            with client:
                return bool(client.ping())
        except (redis.RedisError, OSError):
            return False
    folder = settings.BROKER_FOLDERS["data_folder_in"]
    return os.path.isdir(folder) and os.access(folder, os.W_OK)


def cache_ok() -> bool:
    """A value written to the cache reads back (the cache turns its own errors into misses)."""
    key = "healthz-probe"
    value = uuid.uuid4().hex
    try:
        cache.set(key, value, timeout=10)
        return cache.get(key) == value
    except Exception:
        return False


def worker_heartbeat() -> str | None:
    from portal.tasks import HEARTBEAT_KEY

    try:
        return cache.get(HEARTBEAT_KEY)
    except Exception:
        return None
