"""Rate limits of sign-ups without an account: cache counters per client address and per
e-mail address (or phone number), as the forums' limits do (portal.lib.ratelimit, which keeps
counting in memory while Redis is away). They count seats, not requests: an "every coming date"
sign-up counts each date it takes (limits.seats_requested), so three series sign-ups cannot fill
a group's year. Signed-in people are not limited here (one active sign-up per account and
occurrence already holds them).
"""

from __future__ import annotations

import hashlib

from portal.lib.ratelimit import client_ip, hit

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


def _count(key: str, window: int, seats: int = 1) -> int:
    return hit(f"signups:{key}", window, seats)


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
