"""People the tests act as: residents, staff and coordinators, with or without TOTP.

A coordinator or staff member without TOTP (`totp=False`) is a persona of its own: their role's
rights wait until they set TOTP up, so they have a resident's rights and are sent to the set-up
wherever only the role would let them in (accounts/roles.py, tests/organisations/
test_permissions.py)."""

from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from accounts.models import User
from areas.models import Coordinator, WelfareArea

PASSWORD = "correct-horse-battery-staple"


def make_user(email: str, *, staff: bool = False, verified: bool = True) -> User:
    user = User.objects.create_user(email=email, password=PASSWORD, is_staff=staff)
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    return user


def add_totp(user: User) -> str:
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def make_coordinator(email: str, area_slug: str = "keski-suomi", *, totp: bool = True) -> User:
    user = make_user(email)
    Coordinator.objects.create(user=user, welfare_area=WelfareArea.objects.get(slug=area_slug))
    if totp:
        add_totp(user)
    return user


def make_staff(email: str, *, totp: bool = True) -> User:
    user = make_user(email, staff=True)
    if totp:
        add_totp(user)
    return user
