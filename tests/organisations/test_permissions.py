"""Who may open what: every registry URL × every persona × GET and POST.

The expectations live in MATRIX, keyed by URL name. A URL of the "organisations", "manage"
or "coordinate" namespaces that is missing from MATRIX fails
`test_every_registry_url_is_in_the_matrix`: add it to the matrix. The rules (see access.py):

- the public directory and a published organisation's page: everyone;
- a draft's page: its members, the coordinator of its area and staff; 404 for everyone else;
- manage pages: login required; editing by members (editor, admin), the members page by admins,
  and both by the coordinator of the organisation's area and staff;
- coordinate pages: coordinators and staff (with TOTP); 403 for everyone else, 404 for an
  organisation outside the coordinator's areas, the login page for anonymous visitors.

Outcome classes: "ok" is 2xx or a redirect that is not to the login or MFA set-up page; "400" a
form or request the view refused after the permission check; "login" a redirect to the login
page; "403", "404" and "405" the status codes. ALLOWED accepts "ok" and "400": the request got
past the permission checks (an empty POST is often invalid). A cell that fails because a view
breaks the rules is marked in KNOWN_BUGS as a strict xfail, so the bug stays visible.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

from areas.models import Coordinator
from organisations.models import (
    AccessRequest,
    ImportJob,
    Invitation,
    Membership,
)
from organisations.services.core import organisation_record_version
from organisations.services.freshness import organisation_confirm_token
from tests.organisations.factories import (
    DraftOrganisationFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    area,
)
from tests.personas import add_totp

NAMESPACES = ("organisations", "manage", "coordinate")
PERSONAS = (
    "anonymous",
    "resident",
    "editor",
    "admin",
    "other_member",
    "coordinator",
    "other_coordinator",
    "staff",
)
METHODS = ("GET", "POST")

OK = frozenset({"ok"})
ALLOWED = frozenset({"ok", "400"})
LOGIN = frozenset({"login"})
FORBIDDEN = frozenset({"403"})
NOT_FOUND = frozenset({"404"})
REFUSED = frozenset({"400"})
# A method the view does not accept: 405, or the login page first when login_required is the
# outer decorator. Either way nothing happens.
NOT_ALLOWED = {p: frozenset({"405"}) for p in PERSONAS} | {"anonymous": frozenset({"405", "login"})}


def grid(**cells: frozenset[str]) -> dict[str, frozenset[str]]:
    assert set(cells) == set(PERSONAS), sorted(set(PERSONAS) ^ set(cells))
    return cells


def everyone(outcome: frozenset[str]) -> dict[str, frozenset[str]]:
    return dict.fromkeys(PERSONAS, outcome)


def logged_in(outcome: frozenset[str]) -> dict[str, frozenset[str]]:
    return everyone(outcome) | {"anonymous": LOGIN}


def draft_viewers(outcome: frozenset[str]) -> dict[str, frozenset[str]]:
    """A draft: its members, the coordinator of its area and staff; nobody else sees it."""
    return grid(
        anonymous=NOT_FOUND, resident=NOT_FOUND, editor=outcome, admin=outcome,
        other_member=NOT_FOUND, coordinator=outcome, other_coordinator=NOT_FOUND, staff=outcome,
    )  # fmt: skip


def editors(denied: frozenset[str] = FORBIDDEN) -> dict[str, frozenset[str]]:
    """Members (editor, admin), the coordinator of the area and staff; login for anonymous."""
    return grid(
        anonymous=LOGIN, resident=denied, editor=ALLOWED, admin=ALLOWED, other_member=denied,
        coordinator=ALLOWED, other_coordinator=denied, staff=ALLOWED,
    )  # fmt: skip


def admins(denied: frozenset[str] = FORBIDDEN) -> dict[str, frozenset[str]]:
    """The members page: admins, the coordinator of the area and staff; editors are refused."""
    return editors(denied) | {"editor": FORBIDDEN}


def coordinators() -> dict[str, frozenset[str]]:
    """Area-wide coordinator pages: any coordinator (for their own areas) and staff."""
    return grid(
        anonymous=LOGIN, resident=FORBIDDEN, editor=FORBIDDEN, admin=FORBIDDEN,
        other_member=FORBIDDEN, coordinator=ALLOWED, other_coordinator=ALLOWED, staff=ALLOWED,
    )  # fmt: skip


def area_coordinators() -> dict[str, frozenset[str]]:
    """One organisation (or import) of Keski-Suomi: 404 for the coordinator of another area."""
    return coordinators() | {"other_coordinator": NOT_FOUND}


@dataclass(frozen=True)
class Case:
    """The URL arguments (from the world fixture) and the outcome per method and persona."""

    kwargs: Callable[[SimpleNamespace], dict] = lambda w: {}
    GET: dict[str, frozenset[str]] = field(default_factory=lambda: NOT_ALLOWED)
    POST: dict[str, frozenset[str]] = field(default_factory=lambda: NOT_ALLOWED)


def org_slug(w):
    return {"slug": w.org.slug}


def draft_slug(w):
    return {"slug": w.draft.slug}


def org_pk(w):
    return {"pk": w.org.pk}


# URL name → variant → Case. The variant names the object the URL points at.
MATRIX: dict[str, dict[str, Case]] = {
    # The public directory.
    "organisations:list": {"": Case(GET=everyone(OK))},
    "organisations:detail": {
        "published": Case(org_slug, GET=everyone(OK)),
        "draft": Case(draft_slug, GET=draft_viewers(OK)),
    },
    # Associations' own pages.
    "manage:dashboard": {"": Case(GET=logged_in(OK))},
    "manage:create": {"": Case(GET=logged_in(OK), POST=logged_in(ALLOWED))},
    "manage:organisation": {
        "published": Case(org_slug, GET=editors()),
        "draft": Case(draft_slug, GET=editors(denied=NOT_FOUND)),
    },
    "manage:edit": {
        "published": Case(org_slug, GET=editors(), POST=editors()),
        "draft": Case(draft_slug, GET=editors(denied=NOT_FOUND), POST=editors(denied=NOT_FOUND)),
    },
    "manage:confirm-own": {"published": Case(org_slug, POST=editors())},
    "manage:members": {
        "published": Case(org_slug, GET=admins(), POST=admins()),
        "draft": Case(draft_slug, GET=admins(denied=NOT_FOUND), POST=admins(denied=NOT_FOUND)),
    },
    "manage:member-role": {
        "editor's membership": Case(
            lambda w: {"slug": w.org.slug, "pk": w.editor_membership.pk}, POST=admins()
        )
    },
    "manage:member-remove": {
        "editor's membership": Case(
            lambda w: {"slug": w.org.slug, "pk": w.editor_membership.pk}, POST=admins()
        )
    },
    "manage:invitation-cancel": {
        "open invitation": Case(
            lambda w: {"slug": w.org.slug, "pk": w.invitation.pk}, POST=admins()
        )
    },
    "manage:request-access": {
        "published": Case(org_slug, GET=logged_in(ALLOWED), POST=logged_in(ALLOWED))
    },
    # An invitation to someone else's address: shown with an explanation, never accepted.
    "manage:accept-invitation": {
        "someone else's": Case(
            lambda w: {"token": w.invitation.token}, GET=logged_in(OK), POST=logged_in(REFUSED)
        )
    },
    "manage:decide-access": {
        "pending request": Case(lambda w: {"pk": w.access_request.pk}, POST=admins())
    },
    # The signed link of the yearly reminder works without logging in.
    "manage:confirm": {
        "valid token": Case(
            lambda w: {"token": w.confirm_token}, GET=everyone(OK), POST=everyone(OK)
        )
    },
    # Coordinators' pages.
    "coordinate:dashboard": {"": Case(GET=coordinators())},
    "coordinate:organisations": {"": Case(GET=coordinators())},
    "coordinate:queue": {"": Case(GET=coordinators())},
    "coordinate:duplicates": {"": Case(GET=coordinators())},
    "coordinate:stale": {"": Case(GET=coordinators())},
    "coordinate:export": {"": Case(GET=coordinators())},
    "coordinate:import": {"": Case(GET=coordinators(), POST=coordinators())},
    "coordinate:review": {
        "published": Case(org_pk, GET=area_coordinators(), POST=area_coordinators()),
        "draft": Case(
            lambda w: {"pk": w.draft.pk}, GET=area_coordinators(), POST=area_coordinators()
        ),
    },
    "coordinate:edit": {
        "published": Case(org_pk, GET=area_coordinators(), POST=area_coordinators())
    },
    "coordinate:history": {"published": Case(org_pk, GET=area_coordinators())},
    "coordinate:restore": {
        "first version": Case(
            lambda w: {"pk": w.org.pk, "version_pk": w.version.pk}, POST=area_coordinators()
        )
    },
    "coordinate:archive": {
        "published": Case(org_pk, GET=area_coordinators(), POST=area_coordinators())
    },
    "coordinate:unarchive": {"published": Case(org_pk, POST=area_coordinators())},
    "coordinate:merge": {
        "two of the area": Case(
            lambda w: {"pk": w.other_org.pk, "target_pk": w.org.pk},
            GET=area_coordinators(),
            POST=area_coordinators(),
        )
    },
    "coordinate:import-job": {
        "area's job": Case(lambda w: {"pk": w.job.pk}, GET=area_coordinators())
    },
    "coordinate:import-confirm": {
        "area's job": Case(lambda w: {"pk": w.job.pk}, POST=area_coordinators())
    },
}

# (URL name, variant, method, persona) → what the view does instead and why it is wrong.
# Each entry is a strict xfail: when the view is fixed the cell passes, fails as XPASS, and the
# entry must go. (At 1225534 the public list and detail accepted POST; @require_safe fixed it.)
KNOWN_BUGS: dict[tuple[str, str, str, str], str] = {}


def registry_url_names(resolver=None, namespace: str = "") -> set[str]:
    """Every named URL pattern under the registry namespaces, as "namespace:name"."""
    names: set[str] = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= registry_url_names(pattern, inner)
        elif (
            isinstance(pattern, URLPattern)
            and pattern.name
            and namespace.split(":")[0] in NAMESPACES
        ):
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_registry_url_is_in_the_matrix():
    found = registry_url_names()
    assert found, "no registry URLs found: is organisations.urls included?"
    missing = sorted(found - set(MATRIX))
    assert not missing, f"add these URLs to the matrix in {__name__}: {missing}"
    stale = sorted(set(MATRIX) - found)
    assert not stale, f"these URLs no longer exist; remove them from the matrix: {stale}"


def cells():
    for name, variants in MATRIX.items():
        for variant in variants:
            for method in METHODS:
                for persona in PERSONAS:
                    key = (name, variant, method, persona)
                    marks = []
                    if key in KNOWN_BUGS:
                        marks.append(pytest.mark.xfail(strict=True, reason=KNOWN_BUGS[key]))
                    label = (
                        f"{name}[{variant}]-{method}-{persona}"
                        if variant
                        else (f"{name}-{method}-{persona}")
                    )
                    yield pytest.param(name, variant, method, persona, marks=marks, id=label)


def person(email: str, *, staff: bool = False, totp: bool = False):
    # No password: the tests log in with force_login, and hashing is the slow part.
    user = UserFactory(email=email, password=None, is_staff=staff)
    if totp:
        add_totp(user)
    return user


@pytest.fixture
def world(db) -> SimpleNamespace:
    """Two published organisations and a draft in Keski-Suomi, and everyone around them."""
    w = SimpleNamespace()
    w.org = OrganisationFactory(name="Testiyhdistys ry", slug="testiyhdistys")
    w.draft = DraftOrganisationFactory(name="Luonnosyhdistys ry", slug="luonnosyhdistys")
    w.other_org = OrganisationFactory(name="Toinen yhdistys ry", slug="toinen-yhdistys")

    w.users = {"anonymous": None, "resident": person("asukas@example.com")}
    w.users["editor"] = person("muokkaaja@example.com")
    w.users["admin"] = person("yllapitaja@example.com")
    w.users["other_member"] = person("toisen-jasen@example.com")
    for organisation in (w.org, w.draft):
        MembershipFactory(organisation=organisation, user=w.users["admin"], role="admin")
    w.editor_membership = MembershipFactory(
        organisation=w.org, user=w.users["editor"], role=Membership.Role.EDITOR
    )
    MembershipFactory(organisation=w.draft, user=w.users["editor"], role=Membership.Role.EDITOR)
    MembershipFactory(
        organisation=w.other_org, user=w.users["other_member"], role=Membership.Role.ADMIN
    )
    w.users["coordinator"] = person("koordinaattori@example.com", totp=True)
    Coordinator.objects.create(user=w.users["coordinator"], welfare_area=area("keski-suomi"))
    w.users["other_coordinator"] = person("vantaa@example.com", totp=True)
    Coordinator.objects.create(
        user=w.users["other_coordinator"], welfare_area=area("vantaa-kerava")
    )
    w.users["staff"] = person("yllapito@example.com", staff=True, totp=True)

    requester = person("pyytaja@example.com")
    w.invitation = Invitation.objects.create(
        organisation=w.org, email="kutsuttu@example.com", token="kutsu-token-123", role="editor"
    )
    w.access_request = AccessRequest.objects.create(organisation=w.org, user=requester)
    w.version = organisation_record_version(organisation=w.org, user=None, action="created")
    w.job = ImportJob.objects.create(welfare_area=area("keski-suomi"), filename="tuonti.csv")
    w.confirm_token = organisation_confirm_token(organisation=w.org)
    return w


def outcome(response) -> str:
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


@pytest.mark.parametrize(("name", "variant", "method", "persona"), list(cells()))
def test_access(client, world, name, variant, method, persona):
    if name not in registry_url_names():
        pytest.fail(f"{name} is in the matrix but not in the URLconf")
    case = MATRIX[name][variant]
    with translation.override("fi"):
        url = reverse(name, kwargs=case.kwargs(world))
    user = world.users[persona]
    if user is not None:
        client.force_login(user)

    response = client.get(url) if method == "GET" else client.post(url, {})

    expected = getattr(case, method)[persona]
    assert outcome(response) in expected, (
        f"{method} {url} as {persona}: {response.status_code} "
        f"{response.get('Location', '')} ({outcome(response)}), expected {sorted(expected)}"
    )


COORDINATE_GETS = [
    pytest.param(name, variant, id=f"{name}[{variant}]" if variant else name)
    for name, variants in MATRIX.items()
    if name.startswith("coordinate:")
    for variant, case in variants.items()
    if case.GET is not NOT_ALLOWED
]


@pytest.mark.parametrize(("name", "variant"), COORDINATE_GETS)
def test_coordinate_pages_send_a_coordinator_without_totp_to_set_it_up(
    client, world, name, variant
):
    coordinator = person("ilman-totp@example.com")
    Coordinator.objects.create(user=coordinator, welfare_area=area("keski-suomi"))
    client.force_login(coordinator)
    with translation.override("fi"):
        url = reverse(name, kwargs=MATRIX[name][variant].kwargs(world))

    assert outcome(client.get(url)) == "mfa"
