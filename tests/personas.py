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


# --- The permission matrices' personas (tests/*/test_permissions.py) ---------------------------


def person(email: str, *, staff: bool = False, totp: bool = False) -> User:
    """A verified user without a password (the matrices log in with force_login), with TOTP when
    asked."""
    user = User.objects.create_user(email=email, password=None, is_staff=staff)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    if totp:
        add_totp(user)
    return user


def role_personas(area_slug: str = "keski-suomi", other_area_slug: str = "vantaa-kerava"):
    """The roles every matrix has: the coordinator of `area_slug` and of another area (with
    TOTP), staff (with TOTP), and a coordinator of `area_slug` and a staff member who have not
    set up TOTP (their role's rights wait until they do)."""
    users = {
        "coordinator": person("koordinaattori@example.com", totp=True),
        "other_coordinator": person("vantaa@example.com", totp=True),
        "staff": person("yllapito@example.com", staff=True, totp=True),
        "coordinator_no_totp": person("ilman-totp@example.com"),
        "staff_no_totp": person("yllapito-ilman-totp@example.com", staff=True),
    }
    for persona, slug in (
        ("coordinator", area_slug),
        ("other_coordinator", other_area_slug),
        ("coordinator_no_totp", area_slug),
    ):
        Coordinator.objects.create(
            user=users[persona], welfare_area=WelfareArea.objects.get(slug=slug)
        )
    return users


def outcome(response) -> str:
    """A matrix cell's outcome class: "ok" (2xx, or a redirect elsewhere than the login or the
    TOTP set-up), "login", "mfa", or the status code ("400", "403", "404", "405")."""
    from django.urls import reverse

    if response.status_code in (301, 302, 303, 307, 308):
        location = response["Location"]
        if "/accounts/login/" in location:
            return "login"
        if reverse("mfa_activate_totp") in location:
            return "mfa"
        return "ok"
    if 200 <= response.status_code < 300:
        return "ok"
    return str(response.status_code)


# --- Professionals (guidance): welfare-area employees attached to units, TOTP required -------


def make_professional(email: str, *units, totp: bool = True, password: bool = True) -> User:
    """A professional of the given units (guidance.models.Professional), with TOTP unless
    `totp=False` (then their professional rights wait until they set it up)."""
    from guidance.models import Professional

    user = make_user(email) if password else person(email)
    for unit in units:
        Professional.objects.create(user=user, unit=unit)
    if totp:
        add_totp(user)
    return user


def professional_personas(unit, other_unit) -> dict[str, User]:
    """The matrices' professionals: of `unit` (with TOTP), of another unit (with TOTP), and of
    `unit` without TOTP."""
    return {
        "professional": make_professional("ammattilainen@example.com", unit, password=False),
        "other_professional": make_professional(
            "toinen-ammattilainen@example.com", other_unit, password=False
        ),
        "professional_no_totp": make_professional(
            "ammattilainen-ilman-totp@example.com", unit, totp=False, password=False
        ),
    }
