"""Who may open what: every URL of the portal × every persona × GET and POST.

The expectations live in MATRIX, keyed by URL name. Every named URL of every namespace (and the
project's own unnamespaced ones) must have a row, or be listed in EXEMPT with the reason:
`test_every_url_is_in_the_matrix` fails on a URL without either, so each new app's pages land in
the matrix with their first test. The rules (see organisations/access.py, accounts/roles.py):

- the public directory and a published organisation's page: everyone;
- a draft's page: its members, the coordinator of its area and staff; 404 for everyone else;
- manage pages: login required; editing by members (editor, admin), the members page by admins,
  and both by the coordinator of the organisation's area and staff;
- coordinate pages: coordinators and staff (with TOTP); 403 for everyone else, 404 for an
  organisation outside the coordinator's areas, the login page for anonymous visitors;
- rights from a role (coordinator, staff) need TOTP: a coordinator or staff member without it
  has a resident's rights, and where only the role would let them in, they are sent to set up
  TOTP ("mfa") instead, whatever the URL.

Outcome classes: "ok" is 2xx or a redirect that is not to the login or MFA set-up page; "400" a
form or request the view refused after the permission check; "login" a redirect to the login
page; "mfa" a redirect to the TOTP set-up; "403", "404" and "405" the status codes. ALLOWED
accepts "ok" and "400": the request got past the permission checks (an empty POST is often
invalid). A cell that fails because a view breaks the rules is marked in KNOWN_BUGS as a strict
xfail, so the bug stays visible.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode

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
    area,
)
from tests.personas import (
    ALLOWED,
    FORBIDDEN,
    LOGIN,
    NOT_FOUND,
    OK,
    REFUSED,
    WITHOUT_TOTP,
    Case,
    full_grid,
    matrix_test,
    outcome,
    person,
    request_as,
    role_personas,
    url_names,
)

PERSONAS = (
    "anonymous",
    "resident",
    "editor",
    "admin",
    "other_member",
    "coordinator",
    "other_coordinator",
    "staff",
    # A coordinator of Keski-Suomi and a staff member who have not set up TOTP.
    "coordinator_no_totp",
    "staff_no_totp",
)

# A method the view does not accept: 405, or the login page first when login_required is the
# outer decorator, or the TOTP set-up first on the staff paths. Either way nothing happens.
NOT_ALLOWED = (
    dict.fromkeys(PERSONAS, frozenset({"405"}))
    | {"anonymous": frozenset({"405", "login"})}
    | dict.fromkeys(WITHOUT_TOTP, frozenset({"405", "mfa"}))
)


def grid(**cells: frozenset[str]) -> dict[str, frozenset[str]]:
    return full_grid(PERSONAS, cells)


def everyone(outcome: frozenset[str]) -> dict[str, frozenset[str]]:
    return dict.fromkeys(PERSONAS, outcome)


def logged_in(outcome: frozenset[str]) -> dict[str, frozenset[str]]:
    return everyone(outcome) | {"anonymous": LOGIN}


def draft_viewers(outcome: frozenset[str]) -> dict[str, frozenset[str]]:
    """A draft: its members, the coordinator of its area and staff; nobody else sees it. The
    public page does not point to the TOTP set-up: without TOTP, a resident's 404."""
    return grid(
        anonymous=NOT_FOUND, resident=NOT_FOUND, editor=outcome, admin=outcome,
        other_member=NOT_FOUND, coordinator=outcome, other_coordinator=NOT_FOUND, staff=outcome,
        coordinator_no_totp=NOT_FOUND, staff_no_totp=NOT_FOUND,
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
    # One's own account: only ever one's own, so every logged-in persona gets past the checks.
    "accounts:profile": {"": Case(GET=logged_in(OK), POST=logged_in(ALLOWED))},
    "accounts:export": {"": Case(POST=logged_in(OK))},
    # An empty POST lacks the password: the form is shown again, nothing is deleted.
    "accounts:delete": {"": Case(GET=logged_in(OK), POST=logged_in(ALLOWED))},
    # Back to the page that asked for TOTP, or to one's own account.
    "accounts:totp-continue": {"": Case(GET=logged_in(OK))},
    # The site's own pages.
    "home": {"": Case(GET=everyone(OK))},
    "favicon": {"": Case(GET=everyone(OK))},
    "accessibility": {"": Case(GET=everyone(OK))},
    "privacy": {"": Case(GET=everyone(OK))},
    "data-sources": {"": Case(GET=everyone(OK))},
    # The benchmark's baseline page exists only with YHDESSA_BENCH_PAGES=1 (never in the tests).
    "bench-fortunes": {"": Case(GET=everyone(NOT_FOUND))},
}

# URLs deliberately not in the matrix, with the reason. A namespace ("admin:") covers all its
# names. Keep this short: a page of our own belongs in MATRIX.
ALLAUTH = (
    "django-allauth's own sign-in, sign-up, password, e-mail, two-factor and session pages: "
    "they act only on the logged-in person's own account (tested upstream; our flows through "
    "them in tests/accounts and tests/browser/test_accounts.py)"
)
EXEMPT: dict[str, str] = {
    "admin:": "Django's admin: is_staff checked by the admin itself, TOTP by "
    "accounts.middleware before it (tests/accounts/test_accounts.py)",
    "media": "uploaded files (logos) by their generated path; content type from an allow-list, "
    "nosniff, never rendered as a page (tests/test_security.py)",
    "forums:": "covered by tests/forums/test_permissions.py",
    "healthz": "the health check: no user data, no rights (tests/test_health.py)",
    "bodies:": "covered by tests/bodies/test_permissions.py",
    "set_language": "Django's language switch: stores a language choice, no user data",
    "accounts:confirm-email": "allauth's e-mail confirmation by its secret key, which also "
    "signs a never-used account in (tests/accounts/test_email_confirmation.py)",
    "search:": "the residents' search: public, GET only (tests/search/test_permissions.py)",
    "meetingplaces:": "meeting places' and activities' public pages: their own matrix in "
    "tests/meetingplaces/test_permissions.py",
    "places_manage:": "associations' editing of meeting places and activities: their own "
    "matrix in tests/meetingplaces/test_permissions.py",
    "signups:": "covered by tests/signups/test_permissions.py",
    "guidance:": "covered by tests/guidance/test_permissions.py",
    "guidance-short": "a shortlist's short link: covered by tests/guidance/test_permissions.py",
    "knowledge:": "the welfare area's knowledge pages: tests/knowledge/test_permissions.py",
    "api:": "the open read API: anyone reads published data, no personal data (tests/api/)",
    "openapi-json": "the open API's document: public (tests/api/test_schema.py)",
    "open_data:": "the open data pages: public (tests/browser/test_open_data.py)",
    "attendance:": "covered by tests/attendance/test_permissions.py",
    "units:": "covered by tests/units/test_permissions.py",
    "units_coordinate:": "covered by tests/units/test_permissions.py",
    "data_sources:": "the write API's data sources and keys: tests/api/test_permissions.py",
    "source_grants:": "an organisation's grants of data sources: tests/api/test_permissions.py",
    "bench-api-activities": "a benchmark page, only with YHDESSA_BENCH_PAGES=1 (bench/)",
    **dict.fromkeys(
        [
            "account_change_password",
            "account_confirm_email",
            "account_confirm_login_code",
            "account_email",
            "account_email_verification_sent",
            "account_inactive",
            "account_login",
            "account_logout",
            "account_reauthenticate",
            "account_request_login_code",
            "account_reset_password",
            "account_reset_password_done",
            "account_reset_password_from_key",
            "account_reset_password_from_key_done",
            "account_set_password",
            "account_signup",
            "mfa_activate_totp",
            "mfa_authenticate",
            "mfa_deactivate_totp",
            "mfa_download_recovery_codes",
            "mfa_generate_recovery_codes",
            "mfa_index",
            "mfa_reauthenticate",
            "mfa_view_recovery_codes",
            "usersessions_list",
        ],
        ALLAUTH,
    ),
}

# (URL name, variant, method, persona) → what the view does instead and why it is wrong.
# Each entry is a strict xfail: when the view is fixed the cell passes, fails as XPASS, and the
# entry must go. (At 1225534 the public list and detail accepted POST; @require_safe fixed it.)
KNOWN_BUGS: dict[tuple[str, str, str, str], str] = {}


def is_exempt(name: str) -> bool:
    return name in EXEMPT or any(key.endswith(":") and name.startswith(key) for key in EXEMPT)


def test_every_url_is_in_the_matrix():
    found = url_names()
    assert {"manage:edit", "coordinate:dashboard", "accounts:profile"} <= found
    missing = sorted(name for name in found - set(MATRIX) if not is_exempt(name))
    assert not missing, f"add these URLs to the matrix (or EXEMPT) in {__name__}: {missing}"
    stale = sorted(set(MATRIX) - found)
    assert not stale, f"these URLs no longer exist; remove them from the matrix: {stale}"
    exempt_stale = sorted(
        key for key in EXEMPT if not any(n == key or n.startswith(key) for n in found)
    )
    assert not exempt_stale, f"these exemptions match no URL; remove them: {exempt_stale}"
    both = sorted(name for name in MATRIX if is_exempt(name))
    assert not both, f"these URLs are both in the matrix and exempt: {both}"


@pytest.fixture
def world(db) -> SimpleNamespace:
    return build_world()


def build_world() -> SimpleNamespace:
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
    w.users |= role_personas()

    requester = person("pyytaja@example.com")
    w.invitation = Invitation.objects.create(
        organisation=w.org, email="kutsuttu@example.com", token="kutsu-token-123", role="editor"
    )
    w.access_request = AccessRequest.objects.create(organisation=w.org, user=requester)
    w.version = organisation_record_version(organisation=w.org, user=None, action="created")
    w.job = ImportJob.objects.create(welfare_area=area("keski-suomi"), filename="tuonti.csv")
    w.confirm_token = organisation_confirm_token(organisation=w.org)
    return w


@pytest.fixture(scope="module")
def matrix_world(module_transaction) -> SimpleNamespace:
    """The world built once for the matrix's cells; each cell runs in a savepoint."""
    return build_world()


# A method a row leaves out: NOT_ALLOWED.
test_access = matrix_test(
    MATRIX, PERSONAS, world="matrix_world", unlisted=NOT_ALLOWED, known_bugs=KNOWN_BUGS
)


# A coordinator without TOTP, beyond the matrix: the state stays as it was, and membership
# rights need no TOTP.


@pytest.mark.django_db
def test_coordinator_without_totp_changes_nothing_through_manage(client, matrix_world):
    world = matrix_world
    coordinator = world.users["coordinator_no_totp"]
    client.force_login(coordinator)
    with translation.override("fi"):
        edit_url = reverse("manage:edit", kwargs={"slug": world.org.slug})
        members_url = reverse("manage:members", kwargs={"slug": world.org.slug})

    edited = client.post(
        edit_url,
        {"name": "Kaapattu ry", "version": world.org.version},
        HTTP_REFERER="http://testserver" + edit_url,
    )
    invited = client.post(members_url, {"email": "uusi@example.com", "role": "admin"})

    assert outcome(edited) == "mfa"
    assert edited["Location"] == (
        reverse("mfa_activate_totp") + "?" + urlencode({"next": edit_url})
    )
    assert outcome(invited) == "mfa"
    world.org.refresh_from_db()
    assert world.org.name == "Testiyhdistys ry"
    assert not Invitation.objects.filter(email="uusi@example.com").exists()


@pytest.mark.django_db
def test_totp_set_up_is_asked_for_with_the_page_to_return_to(client, matrix_world):
    world = matrix_world
    url, response = request_as(
        client, world.users["staff_no_totp"], "GET", "manage:members", {"slug": world.draft.slug}
    )

    assert response["Location"] == reverse("mfa_activate_totp") + "?" + urlencode({"next": url})


@pytest.mark.django_db
def test_a_member_without_totp_keeps_the_members_rights(client, matrix_world):
    world = matrix_world
    coordinator = world.users["coordinator_no_totp"]
    MembershipFactory(organisation=world.org, user=coordinator, role=Membership.Role.ADMIN)
    client.force_login(coordinator)
    with translation.override("fi"):
        response = client.get(reverse("manage:members", kwargs={"slug": world.org.slug}))
        other = client.get(reverse("manage:members", kwargs={"slug": world.other_org.slug}))

    assert response.status_code == 200
    assert outcome(other) == "mfa"
