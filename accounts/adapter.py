from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


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
