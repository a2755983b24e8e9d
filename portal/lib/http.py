"""The request of a page that answers htmx requests, typed: django-htmx's middleware sets
`request.htmx` on every request (the django-htmx documentation's idiom)."""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails
