"""The signed links of sign-ups: the person's own link and the e-mailed confirmation link."""

from __future__ import annotations

from django.core import signing

from .models import Signup

CONFIRM_HOURS = 24


LINK_SALT = "signups.link"
CONFIRM_SALT = "signups.confirm"


def link_token(signup: Signup) -> str:
    """The signed token of a sign-up's own page (cancel, reminders off, consent) — no login."""
    return signing.dumps(signup.pk, salt=LINK_SALT)


def confirm_token(signup: Signup) -> str:
    return signing.dumps(signup.pk, salt=CONFIRM_SALT)


def signup_from_link(token: str) -> Signup | None:
    try:
        pk = signing.loads(token, salt=LINK_SALT)
    except signing.BadSignature:
        return None
    return Signup.objects.select_related("occurrence", "activity").filter(pk=pk).first()


def signup_from_confirm(token: str) -> Signup | None:
    try:
        pk = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_HOURS * 3600)
    except signing.BadSignature:  # SignatureExpired is one
        return None
    return Signup.objects.select_related("occurrence", "activity").filter(pk=pk).first()
