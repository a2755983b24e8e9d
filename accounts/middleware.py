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


# The page that asked for TOTP, kept in the session until the set-up is done.
RETURN_TO_KEY = "totp_return_to"


def safe_return_to(request: HttpRequest, url: str) -> str:
    """The URL if it is a page of this site, else ""."""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return ""


def _return_to(request: HttpRequest) -> str:
    """The page to come back to after the set-up: this one, or for a form sent, the form's."""
    if request.method in ("GET", "HEAD"):
        return request.get_full_path()
    referer = safe_return_to(request, request.headers.get("referer", ""))
    if referer:
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
    if return_to:
        request.session[RETURN_TO_KEY] = return_to
    return redirect(f"{url}?{urlencode({'next': return_to})}" if return_to else url)


class StaffMFARequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if is_staff_path(request.path_info) and needs_totp(request.user):
            return totp_setup_redirect(request)
        response = self.get_response(request)
        return self._after_activation(request, response)

    def _after_activation(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        """allauth shows the new recovery codes after activating TOTP (that page offers the way
        back); when it has none to show it goes to its own index: go back at once instead."""
        if (
            request.method == "POST"
            and response.status_code == 302
            and request.resolver_match is not None
            and request.resolver_match.url_name == "mfa_activate_totp"
            and response["Location"] == reverse("mfa_index")
            and RETURN_TO_KEY in request.session
        ):
            return redirect(reverse("accounts:totp-continue"))
        return response

    def process_exception(self, request: HttpRequest, exception: Exception):
        if isinstance(exception, TwoFactorRequired):
            return totp_setup_redirect(request)
        return None

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        """Remember the `next` the set-up page was opened with (a link of ours or the redirect
        above), so that activating TOTP leads back there (see accounts.views.totp_continue)."""
        match = request.resolver_match
        if match is not None and match.url_name == "mfa_activate_totp":
            return_to = safe_return_to(request, request.GET.get("next", ""))
            if return_to and request.user.is_authenticated:
                request.session[RETURN_TO_KEY] = return_to
        return None
