"""HTTP around the open data API (paths under /api/): a rate limit per client, CORS for reading
from other sites, ETag / If-None-Match, Cache-Control, the shared answer cache and the licence
link.

Every public answer says `Cache-Control: public, max-age=60`: a browser, a proxy or a consumer's
own cache may serve it for a minute. The portal keeps the same answers for the same minute in
its cache (Redis, shared by every web process), so that the many consumers polling the same
list (a city calendar, a map, an app) ask PostgreSQL once a minute instead of once each. Not
kept: a `modified_since` read (a mirror reads what is there now, removals included), a
`cursor` page (a list's first page may be up to a minute old, its next pages are never older,
so the first page's `generated_at` stays a safe `modified_since` for the next sync), a request
with a data source key, anything but a 200 without cookies. bench/README.md has the figures.

Writes (PUT with a data source key) are never cached and get no CORS headers beyond what a
browser needs to read errors: they are for servers, not browsers.
"""

from __future__ import annotations

import hashlib
import json
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from portal.lib import ratelimit

PREFIX = "/api/"
RATE_WINDOW = 60  # seconds
MAX_AGE = 60
LICENCE_LINK = '<https://creativecommons.org/licenses/by/4.0/>; rel="license"'
SAFE = ("GET", "HEAD", "OPTIONS")


def _client(request: HttpRequest) -> str:
    key = request.headers.get("Authorization", "")
    if key.startswith("Bearer "):
        return "key:" + hashlib.sha256(key[7:].encode()).hexdigest()[:32]
    return "ip:" + ratelimit.client_ip(request)


def _too_many(limit: int, window: int) -> HttpResponse:
    body = {
        "title": "Too many requests.",
        "status": 429,
        "detail": f"At most {limit} requests in {window} seconds per client. "
        f"Try again in {window} seconds.",
        "errors": {},
    }
    response = HttpResponse(json.dumps(body), status=429, content_type="application/problem+json")
    response["Retry-After"] = str(window)
    return response


class ApiMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(PREFIX):
            return self.get_response(request)
        if request.method == "OPTIONS" and request.headers.get("Origin"):
            response = HttpResponse(status=204)
        elif not (limit := settings.API_RATE_LIMIT):
            response = self._answer(request)
        else:
            count = ratelimit.hit(f"api:{_client(request)}", RATE_WINDOW)
            if count > limit:
                response = _too_many(limit, RATE_WINDOW)
            else:
                response = self._answer(request)
                response["RateLimit-Limit"] = str(limit)
                response["RateLimit-Remaining"] = str(max(0, limit - count))
        self._cors(request, response)
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            response = self._conditional(request, response)
        elif request.method not in SAFE:
            response["Cache-Control"] = "no-store"
        response["Link"] = LICENCE_LINK
        return response

    def _answer(self, request: HttpRequest) -> HttpResponse:
        """The view's answer, or the same answer kept from the last minute (module docstring)."""
        key = _shared_key(request)
        if key is None:
            return self.get_response(request)
        kept = cache.get(key)
        if kept is not None:
            content, headers, made_at = kept
            response = HttpResponse(content, headers=headers)
            # How old the answer already is, so that a cache after ours keeps it no longer than
            # max-age in all (RFC 9111, 5.1).
            response["Age"] = str(max(0, int(time.time() - made_at)))
            return response
        response = self.get_response(request)
        if response.status_code == 200 and not response.streaming and not response.cookies:
            _tag(response)
            kept = (response.content, dict(response.items()), time.time())
            cache.set(key, kept, _shared_seconds())
        return response

    def _cors(self, request: HttpRequest, response: HttpResponse) -> None:
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Expose-Headers"] = (
            "ETag, Link, Retry-After, RateLimit-Limit, RateLimit-Remaining"
        )
        if request.method == "OPTIONS":
            response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            response["Access-Control-Allow-Headers"] = "If-None-Match, Accept-Language"
            response["Access-Control-Max-Age"] = "86400"

    def _conditional(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if response.streaming:
            return response
        etag = response["ETag"] if response.has_header("ETag") else _tag(response)
        match = request.headers.get("If-None-Match", "")
        if etag in [part.strip() for part in match.split(",")] or match.strip() == "*":
            not_modified = HttpResponse(status=304)
            for header in ("ETag", "Cache-Control", "Age", "Vary", "Access-Control-Allow-Origin"):
                if header in response:
                    not_modified[header] = response[header]
            return not_modified
        return response


def _tag(response: HttpResponse) -> str:
    """Set the answer's ETag and Cache-Control; the ETag."""
    # The body without its generated_at time: the same data keeps its ETag.
    digest = hashlib.sha256(_without_generated_at(response.content)).hexdigest()[:32]
    etag = f'"{digest}"'
    response["ETag"] = etag
    response["Cache-Control"] = f"public, max-age={MAX_AGE}"
    return etag


def _shared_seconds() -> int:
    return min(settings.API_SHARED_CACHE_SECONDS, MAX_AGE)


def _shared_key(request: HttpRequest) -> str | None:
    """The cache key of a public read that may be answered from the shared cache, else None."""
    if (
        request.method != "GET"
        or _shared_seconds() <= 0
        or "Authorization" in request.headers
        or "modified_since" in request.GET
        or "cursor" in request.GET
    ):
        return None
    # Texts come in every language, but error messages follow the request's language.
    language = translation.get_language_from_request(request)
    digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    return f"api:answer:{language}:{digest}"


def _without_generated_at(body: bytes) -> bytes:
    marker = b'"generated_at":'
    start = body.find(marker)
    if start < 0:
        return body
    end = body.find(b",", start)
    return body[:start] + body[end:] if end > 0 else body
