"""Health of the parts the portal depends on, each checked with a short timeout."""

import os

import redis
from django.conf import settings
from django.db import connection


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
                settings.REDIS_URL, socket_connect_timeout=timeout, socket_timeout=timeout
            )
            return bool(client.ping())
        except redis.RedisError:
            return False
    folder = settings.CELERY_BROKER_TRANSPORT_OPTIONS["data_folder_in"]
    return os.path.isdir(folder) and os.access(folder, os.W_OK)


def worker_heartbeat() -> str | None:
    from django.core.cache import cache

    from portal.tasks import HEARTBEAT_KEY

    try:
        return cache.get(HEARTBEAT_KEY)
    except Exception:
        return None
