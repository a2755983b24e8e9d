"""Rights from a coordinator or staff role need TOTP: send those without it to set it up.

Two ways in, one rule (accounts.roles): any view whose access check raises TwoFactorRequired
(every app's access.py does, when only a role would let the person in), and, before the view,
the paths that are staff pages as a whole (the Django admin, which checks `is_staff` itself,
and the coordinators' pages).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _

from .roles import TwoFactorRequired, needs_totp

# Path fragments (after the language prefix) that count as staff pages.
STAFF_PREFIXES = ("/admin/", "/coordinate/")


def is_staff_path(path: str) -> bool:
    parts = path.split("/", 2)
    rest = "/" + parts[2] if len(parts) > 2 else path
    return rest.startswith(STAFF_PREFIXES) or path.startswith(STAFF_PREFIXES)


def _return_to(request: HttpRequest) -> str:
    """The page to come back to after the set-up: this one, or for a form sent, the form's."""
    if request.method in ("GET", "HEAD"):
        return request.get_full_path()
    referer = request.headers.get("referer", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        parts = urlsplit(referer)
        return f"{parts.path}?{parts.query}" if parts.query else parts.path
    return ""


def totp_setup_redirect(request: HttpRequest) -> HttpResponse:
    messages.warning(
        request,
        _(
            "Your coordinator or staff rights need two-factor authentication. Set it up, and "
            "you will come back to this page."
        ),
    )
    url = reverse("mfa_activate_totp")
    return_to = _return_to(request)
    return redirect(f"{url}?{urlencode({'next': return_to})}" if return_to else url)


class StaffMFARequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if is_staff_path(request.path_info) and needs_totp(request.user):
            return totp_setup_redirect(request)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception):
        if isinstance(exception, TwoFactorRequired):
            return totp_setup_redirect(request)
        return None
