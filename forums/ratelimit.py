"""Rate limits of the forum's writes: Django cache counters per user and per client address.

Windows start at the first hit: `allow(request, "comment")` counts one hit for the signed-in
user and one for the address, and answers False once either is over its limit in the current
window. The address is
allauth's (the adapter honours DJANGO_TRUSTED_PROXY_COUNT, as the sign-in limits do). With the
cache down (portal.lib.cache: errors are misses) `add` fails and the limit does not count: the
forum stays usable, as the rest of the portal does.
"""

from __future__ import annotations

from allauth.account.adapter import get_adapter
from django.core.cache import cache

# action: (hits per user, hits per address, window in seconds)
LIMITS = {
    "comment": (10, 30, 600),
    "agree": (60, 200, 600),
    "report": (20, 60, 3600),
    "signup": (20, 60, 600),
}


def client_ip(request) -> str:
    try:
        return get_adapter(request).get_client_ip(request) or "unknown"
    except Exception:
        return "unknown"


def _hit(key: str, limit: int, window: int) -> bool:
    """Count a hit; the window starts at the first hit and lasts `window` seconds (the key's
    time to live, which incr keeps)."""
    full_key = f"forums:rl:{key}"
    if cache.add(full_key, 1, timeout=window):
        return limit >= 1
    try:
        count = cache.incr(full_key)
    except ValueError:  # expired in between, or the cache is away
        cache.add(full_key, 1, timeout=window)
        count = 1
    return count <= limit


def allow(request, action: str) -> bool:
    per_user, per_ip, window = LIMITS[action]
    user_ok = True
    if request.user.is_authenticated:
        user_ok = _hit(f"{action}:u:{request.user.pk}", per_user, window)
    ip_ok = _hit(f"{action}:ip:{client_ip(request)}", per_ip, window)
    return user_ok and ip_ok
