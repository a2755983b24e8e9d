from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.utils import translation
from django.utils.translation import get_language

from notifications.services import email_language

SITE_NAME = "Yhdessä"


class PortalSite:
    """What allauth's e-mails call the site: the portal by its name, not the request's host."""

    name = SITE_NAME

    @property
    def domain(self) -> str:
        return urlsplit(settings.SITE_URL).netloc


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        """Remember the language the person signed up in, for the emails we send later."""
        user = super().save_user(request, user, form, commit=False)
        language = (get_language() or settings.LANGUAGE_CODE)[:2]
        if language in dict(settings.LANGUAGES):
            user.language = language
        if commit:
            user.save()
        return user

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
