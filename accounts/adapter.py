from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from notifications.services import email_language

SITE_NAME = "Yhdessä"


class PortalSite:
    """What allauth's e-mails call the site: the portal by its name, not the request's host."""

    name = SITE_NAME

    @property
    def domain(self) -> str:
        return urlsplit(settings.SITE_URL).netloc

    @property
    def url(self) -> str:
        """The portal's public address, under its name at the end of every e-mail."""
        return settings.SITE_URL


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        # Shown when an address's password attempts are used up: its owner signs in by code.
        "too_many_login_attempts": _(
            "Too many failed sign-in attempts. Try again later, or sign in with a one-time "
            "code sent to your e-mail address."
        ),
    }

    def save_user(self, request, user, form, commit=True):
        """Remember the language the person signed up in, for the emails we send later."""
        user = super().save_user(request, user, form, commit=False)
        language = (get_language() or settings.LANGUAGE_CODE)[:2]
        if language in dict(settings.LANGUAGES):
            user.language = language
        if commit:
            user.save()
        return user

    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        """The verification link carries the page the person signed up for (e.g. "register your
        association" → the associations' dashboard), so they land there after verifying, even
        when they open the e-mail in another browser."""
        url = super().get_email_confirmation_url(request, emailconfirmation)
        next_url = _next_page(request)
        return f"{url}?{urlencode({'next': next_url})}" if next_url else url

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """allauth's e-mails, in the recipient's stored language, naming the portal.

        They are sent at once rather than queued (notifications.services says why): the person
        is waiting for the link or code on the page.
        """
        user = context.get("user")
        if getattr(user, "pk", None) is None:
            user = None
        language = email_language(user=user, address=email)
        with translation.override(language):
            message = self.render_mail(
                template_prefix,
                email,
                {
                    "request": allauth_context.request,
                    "email": email,
                    **context,
                    "current_site": PortalSite(),
                },
            )
        message.send()


def _next_page(request) -> str:
    """The `next` of the request, if it is a path of this site."""
    if request is None:
        return ""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if next_url.startswith("/") and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return next_url
    return ""
