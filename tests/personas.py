"""People the tests act as: residents, staff and coordinators, with or without TOTP; and the
permission matrices' one runner (`matrix_test`), which every tests/*/test_permissions*.py calls
with its own grid of URLs, personas and expected outcomes.

A coordinator or staff member without TOTP (`totp=False`) is a persona of its own: their role's
rights wait until they set TOTP up, so they have a resident's rights and are sent to the set-up
wherever only the role would let them in (accounts/roles.py, tests/organisations/
test_permissions.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

from accounts.models import User
from areas.models import Coordinator, WelfareArea

PASSWORD = "correct-horse-battery-staple"


def make_user(email: str, *, staff: bool = False, verified: bool = True, **fields: Any) -> User:
    """A user with a primary email address (verified unless verified=False) and the password
    PASSWORD; `fields` such as language="sv" go on the user row."""
    user = User.objects.create_user(email=email, password=PASSWORD, is_staff=staff, **fields)
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


def matrix_users(**own: str) -> dict[str, User | None]:
    """A matrix world's users: anonymous (None), a resident, the matrix's own personas
    (persona="e-mail address") and the roles (`role_personas`)."""
    return {
        "anonymous": None,
        "resident": person("asukas@example.com"),
        **{persona: person(email) for persona, email in own.items()},
        **role_personas(),
    }


def outcome(response) -> str:
    """A matrix cell's outcome class: "ok" (2xx, or a redirect elsewhere than the login or the
    TOTP set-up), "login", "mfa", or the status code ("400", "403", "404", "405")."""
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


# --- The permission matrices' runner (tests/*/test_permissions*.py) ----------------------------
# A matrix is URL name → variant → Case; every cell (URL variant × method × persona) is a test of
# its own, against a world built once for the module (module_transaction).

METHODS = ("GET", "POST")

# The outcome classes a cell accepts (`outcome`); a cell may also name one class as a string.
OK = frozenset({"ok"})
ALLOWED = frozenset({"ok", "400"})  # past the permission checks (an empty POST is often refused)
REFUSED = frozenset({"400"})
LOGIN = frozenset({"login"})
MFA = frozenset({"mfa"})
FORBIDDEN = frozenset({"403"})
NOT_FOUND = frozenset({"404"})
METHOD_NOT_ALLOWED = frozenset({"405"})

Cells = Mapping[str, str | frozenset[str]]  # persona → the outcome (or outcomes) expected

WITHOUT_TOTP = ("coordinator_no_totp", "staff_no_totp")


def full_grid(personas: Iterable[str], cells: dict) -> dict:
    """One outcome per persona; those without TOTP are sent to set it up where only their role
    would let them in (unless `cells` says otherwise); a persona left out or unknown fails."""
    for persona in WITHOUT_TOTP:
        cells.setdefault(persona, MFA)
    assert set(cells) == set(personas), sorted(set(personas) ^ set(cells))
    return cells


def no_arguments(world: Any) -> dict:
    return {}


@dataclass(frozen=True)
class Case:
    """A URL's variant: its kwargs and the POST's data (both from the world), and what each
    persona gets for GET and for POST (None: the matrix's `unlisted` cells)."""

    kwargs: Callable[[Any], dict] = no_arguments
    GET: Cells | None = None
    POST: Cells | None = None
    data: Callable[[Any], dict] = no_arguments


def roles(
    personas: Iterable[str], allowed: str = "ok", *, other_area: str | None = None, **own: str
) -> dict[str, str]:
    """A page of the coordinators and staff: `allowed` for the area's coordinator and staff with
    TOTP (and, unless `other_area` says otherwise, for another area's coordinator), the TOTP
    set-up for those without it, the login for anonymous, 403 for the rest; `own` for the
    matrix's own personas (its members, say)."""
    return dict.fromkeys(personas, "403") | {
        "anonymous": "login", "coordinator": allowed, "staff": allowed,
        "other_coordinator": allowed if other_area is None else other_area,
        "coordinator_no_totp": "mfa", "staff_no_totp": "mfa",
    } | own  # fmt: skip


def url_names(resolver=None, namespace: str = "") -> set[str]:
    """Every named URL pattern of the portal, as "namespace:name" (or "name" without one)."""
    names: set[str] = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def urls_of(*spaces: str) -> set[str]:
    """The named URLs of the given namespaces ("units:") and single names ("guidance-short")."""
    return {
        name
        for name in url_names()
        if any(
            name == space or (space.endswith(":") and name.startswith(space)) for space in spaces
        )
    }


def assert_rows_cover(spaces: Iterable[str], *matrices: Mapping[str, object]) -> None:
    """Every URL of the namespaces and names `spaces` (as for `urls_of`) has a row in one of the
    matrices, and no row names a URL that is gone: a new page lands with its permission row."""
    found = urls_of(*spaces)
    rows = set().union(*matrices)
    assert found, "no URLs found: the URLconf walk is broken"
    missing = sorted(found - rows)
    assert not missing, f"add these URLs to the permission matrix: {missing}"
    stale = sorted(rows - found)
    assert not stale, f"these URLs no longer exist; remove them from the matrix: {stale}"


def assert_every_cell_names_every_persona(
    matrix: Mapping[str, Mapping[str, Case]], personas: tuple[str, ...]
) -> None:
    for name, variants in matrix.items():
        for variant, case in variants.items():
            for method in METHODS:
                cells = getattr(case, method)
                if cells is not None:
                    difference = sorted(set(cells) ^ set(personas))
                    assert not difference, (name, variant, method, difference)


def request_as(client, user, method: str, name: str, kwargs: dict, data: dict | None = None):
    """`user` (None: anonymous) requests the URL `name` (with `kwargs`, in Finnish) by GET or
    POST (with `data`); the URL and the response."""
    with translation.override("fi"):
        url = reverse(name, kwargs=kwargs)
    if user is not None:
        client.force_login(user)
    response = client.get(url) if method == "GET" else client.post(url, data or {})
    return url, response


def matrix_test(
    matrix: Mapping[str, Mapping[str, Case]],
    personas: tuple[str, ...],
    *,
    world: str = "world",
    unlisted: Cells | None = None,
    known_bugs: Mapping[tuple[str, str, str, str], str] | None = None,
):
    """The test of every cell of `matrix`: the persona (world.users[persona], None for
    anonymous) is logged in, requests the variant's URL (in Finnish) with the method, and the
    response's outcome class must be one the cell accepts. `world` names the module's world
    fixture; `unlisted` are the cells of a method a Case leaves out (not tested if None);
    `known_bugs` marks cells (name, variant, method, persona) as strict xfails with the reason.

    In a module: `test_access = matrix_test(MATRIX, PERSONAS)`."""
    assert_every_cell_names_every_persona(matrix, personas)
    known_bugs = known_bugs or {}

    def expected(case: Case, method: str) -> Cells | None:
        cells = getattr(case, method)
        return unlisted if cells is None else cells

    params = []
    for name, variants in matrix.items():
        for variant, case in variants.items():
            for method in METHODS:
                if expected(case, method) is None:
                    continue
                for persona in personas:
                    key = (name, variant, method, persona)
                    marks = []
                    if key in known_bugs:
                        marks.append(pytest.mark.xfail(strict=True, reason=known_bugs[key]))
                    label = f"{name}[{variant}]" if variant else name
                    params.append(pytest.param(*key, marks=marks, id=f"{label}-{method}-{persona}"))

    # The world is a fixture of the module's scope: set up before the test's own transaction.
    @pytest.mark.django_db
    @pytest.mark.usefixtures(world)
    @pytest.mark.parametrize(("name", "variant", "method", "persona"), params)
    def test_access(request, client, name, variant, method, persona):
        w = request.getfixturevalue(world)
        case = matrix[name][variant]
        url, response = request_as(
            client, w.users[persona], method, name, case.kwargs(w), case.data(w)
        )

        cells = expected(case, method)
        assert cells is not None
        accepted = cells[persona]
        accepted = frozenset({accepted}) if isinstance(accepted, str) else accepted
        assert outcome(response) in accepted, (
            f"{method} {url} as {persona}: {response.status_code} "
            f"{response.get('Location', '')} ({outcome(response)}), expected {sorted(accepted)}"
        )

    return test_access
