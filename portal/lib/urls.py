"""Links back to where a visitor came from, checked to stay on this site."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

MAX_BACK_QUERY = 2000


def same_site_back_url(request: HttpRequest, path: str) -> str:
    """`path` with the query the visitor had on it (a search's words and filters), taken from a
    `back` parameter or else the Referer when that is this site's `path`; otherwise `path`."""
    for candidate in (request.GET.get("back", ""), request.headers.get("referer", "")):
        if not candidate or len(candidate) > MAX_BACK_QUERY:
            continue
        if not url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            continue
        parts = urlsplit(candidate)
        if parts.path == path:
            return f"{path}?{parts.query}" if parts.query else path
    return path
