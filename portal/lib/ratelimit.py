"""Rate-limit counters in Django's cache, shared by the apps' own limits (forums/ratelimit.py,
signups/ratelimit.py), which keep their limits, keys and messages.

A window starts at the first hit and lasts `window` seconds (the key's time to live, which
`incr` keeps). The keys start with `KEY_PREFIX`, one of the cache's LOCAL_KEY_PREFIXES: while
Redis is away they keep counting in this process's memory (as allauth's sign-in limits do)
instead of letting everything through. The client address is allauth's
(DJANGO_TRUSTED_PROXY_COUNT honoured, as for the sign-in limits).
"""

from __future__ import annotations

from allauth.account.adapter import get_adapter
from django.core.cache import cache
from django.http import HttpRequest

KEY_PREFIX = "portal:rl:"


def client_ip(request: HttpRequest) -> str:
    try:
        return get_adapter(request).get_client_ip(request) or "unknown"
    except Exception:
        return "unknown"


def hit(key: str, window: int, amount: int = 1) -> int:
    """Count `amount` on `key` and answer the count in the current window."""
    full_key = f"{KEY_PREFIX}{key}"
    if cache.add(full_key, amount, timeout=window):
        return amount
    try:
        return cache.incr(full_key, amount)
    except ValueError:  # expired in between
        cache.add(full_key, amount, timeout=window)
        return amount
