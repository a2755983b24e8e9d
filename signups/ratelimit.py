"""Rate limits of sign-ups without an account: Django cache counters per client address and per
e-mail address (or phone number), as the forums' limits do (forums/ratelimit.py).

A window starts at the first hit and lasts its length (the key's time to live). The address is
allauth's (DJANGO_TRUSTED_PROXY_COUNT honoured, as for the sign-in limits). With the cache away
the limit does not count: signing up stays possible. Signed-in people are not limited here (one
active sign-up per account and occurrence already holds them).
"""

from __future__ import annotations

import hashlib

from allauth.account.adapter import get_adapter
from django.core.cache import cache

# kind: (sign-ups per window, window in seconds)
LIMITS = {
    "ip": (20, 3600),
    "contact": (5, 3600),
}


def client_ip(request) -> str:
    try:
        return get_adapter(request).get_client_ip(request) or "unknown"
    except Exception:
        return "unknown"


def _count(key: str, window: int) -> int:
    full_key = f"signups:rl:{key}"
    if cache.add(full_key, 1, timeout=window):
        return 1
    try:
        return cache.incr(full_key)
    except ValueError:  # expired in between, or the cache is away
        cache.add(full_key, 1, timeout=window)
        return 1


def _contact_key(contact: str) -> str:
    # No addresses in cache keys: a hash of the normalised address.
    return hashlib.sha256(contact.strip().lower().encode()).hexdigest()[:32]


def allow_anonymous(request, contact: str) -> bool:
    """Count one anonymous sign-up attempt; False once the address or the contact is over."""
    ip_limit, ip_window = LIMITS["ip"]
    ok = _count(f"ip:{client_ip(request)}", ip_window) <= ip_limit
    if contact:
        contact_limit, contact_window = LIMITS["contact"]
        ok = _count(f"c:{_contact_key(contact)}", contact_window) <= contact_limit and ok
    return ok
