"""Rate limits of sign-ups without an account: Django cache counters per client address and per
e-mail address (or phone number), as the forums' limits do (forums/ratelimit.py). They count
seats, not requests: an "every coming date" sign-up counts each date it takes
(limits.seats_requested), so three series sign-ups cannot fill a group's year.

A window starts at the first hit and lasts its length (the key's time to live). The address is
allauth's (DJANGO_TRUSTED_PROXY_COUNT honoured, as for the sign-in limits). With the cache away
the limit does not count: signing up stays possible. Signed-in people are not limited here (one
active sign-up per account and occurrence already holds them).
"""

from __future__ import annotations

import hashlib

from allauth.account.adapter import get_adapter
from django.core.cache import cache

from .limits import anonymous_series_dates

# kind: (seats per window, window in seconds). Never below what one anonymous series takes
# (limits.anonymous_series_dates()): see limit().
LIMITS = {
    "ip": (20, 3600),
    "contact": (10, 3600),
}


def limit(kind: str) -> tuple[int, int]:
    """The kind's seats per window: one anonymous series always fits a contact's, two a client
    address's, whatever SIGNUPS_ANONYMOUS_SERIES_DATES says."""
    seats, window = LIMITS[kind]
    series = anonymous_series_dates()
    return max(seats, series if kind == "contact" else 2 * series), window


def client_ip(request) -> str:
    try:
        return get_adapter(request).get_client_ip(request) or "unknown"
    except Exception:
        return "unknown"


def _count(key: str, window: int, seats: int = 1) -> int:
    full_key = f"signups:rl:{key}"
    if cache.add(full_key, seats, timeout=window):
        return seats
    try:
        return cache.incr(full_key, seats)
    except ValueError:  # expired in between, or the cache is away
        cache.add(full_key, seats, timeout=window)
        return seats


def _contact_key(contact: str) -> str:
    # No addresses in cache keys: a hash of the normalised address.
    return hashlib.sha256(contact.strip().lower().encode()).hexdigest()[:32]


def allow_anonymous(request, contact: str, *, seats: int = 1) -> bool:
    """Count the seats of one anonymous sign-up attempt; False once the client address or the
    contact is over its limit."""
    ip_limit, ip_window = limit("ip")
    ok = _count(f"ip:{client_ip(request)}", ip_window, seats) <= ip_limit
    if contact:
        contact_limit, contact_window = limit("contact")
        ok = _count(f"c:{_contact_key(contact)}", contact_window, seats) <= contact_limit and ok
    return ok
