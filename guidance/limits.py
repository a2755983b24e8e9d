"""Guidance's anti-automation limits (ASVS 2.4.1): per signed-in person, counted in the shared
cache (portal/lib/ratelimit.py). A person guides a few people an hour; these leave room for a
busy day and stop a script (texts to strangers' numbers, requests flooding a unit's contact)."""

from __future__ import annotations

from portal.lib import ratelimit

# action: (count, window in seconds)
LIMITS = {
    "send": (30, 3600),  # shortlists e-mailed or texted
    "request": (20, 3600),  # contact requests sent, either way
}


def allow(request, action: str) -> bool:
    count, window = LIMITS[action]
    return ratelimit.hit(f"guidance:{action}:{request.user.pk}", window) <= count
