"""Rate limits of the forum's writes: cache counters per user and per client address
(portal.lib.ratelimit, which keeps counting in memory while Redis is away).

`allow(request, "comment")` counts one hit for the signed-in user and one for the address, and
answers False once either is over its limit in the current window.
"""

from __future__ import annotations

from portal.lib.ratelimit import client_ip, hit

# action: (hits per user, hits per address, window in seconds)
LIMITS = {
    "comment": (10, 30, 600),
    "agree": (60, 200, 600),
    "report": (20, 60, 3600),
    "signup": (20, 60, 600),
}


def _hit(key: str, limit: int, window: int) -> bool:
    return hit(f"forums:{key}", window) <= limit


def allow(request, action: str) -> bool:
    per_user, per_ip, window = LIMITS[action]
    user_ok = True
    if request.user.is_authenticated:
        user_ok = _hit(f"{action}:u:{request.user.pk}", per_user, window)
    ip_ok = _hit(f"{action}:ip:{client_ip(request)}", per_ip, window)
    return user_ok and ip_ok
