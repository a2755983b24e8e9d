"""The request of a page behind `login_required`, typed: its user is a signed-in `User`.

A view's own annotation says what the decorator guarantees (the healthchecks idiom), so the
view passes `request.user` to services that take a `User` without a cast or a check per line.
"""

from __future__ import annotations

from django.http import HttpRequest

from portal.lib.http import HtmxHttpRequest

from .models import User


class AuthenticatedHttpRequest(HttpRequest):
    user: User


class AuthenticatedHtmxHttpRequest(AuthenticatedHttpRequest, HtmxHttpRequest):
    """A signed-in person's request to a page that also answers htmx requests."""
