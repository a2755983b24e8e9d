"""Who may open and post each sign-up page (namespace "signups"): every URL of the namespace
must have a row here (`test_every_signup_url_is_in_the_matrix`).

- signing up: anyone who may see the activity (a draft's: its members, the area's coordinator
  and staff); 404 where the activity asks for no sign-up;
- confirm and a sign-up's own page: whoever holds the signed link; a bad link is 404;
- my sign-ups: signed-in people, and only their own sign-ups (someone else's is 404);
- organisers' pages: the organisation's members, the area's coordinator and staff (with TOTP);
  403 for other signed-in people, the TOTP set-up for a role without it, login for anonymous.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest
import time_machine
from django.urls import URLResolver, get_resolver, reverse
from django.utils import translation

from meetingplaces.models import PublishStatus
from organisations.models import Membership
from signups import services, tokens
from tests.organisations.factories import OrganisationFactory
from tests.personas import outcome, person, role_personas
from tests.signups.conftest import NOW, make_activity, next_occurrence

pytestmark = pytest.mark.django_db

PERSONAS = (
    "anonymous", "resident", "participant", "member", "other_member", "coordinator",
    "other_coordinator", "staff", "coordinator_no_totp", "staff_no_totp",
)  # fmt: skip


def everyone(outcome: str) -> dict[str, str]:
    return dict.fromkeys(PERSONAS, outcome)


def signed_in(outcome: str, anonymous: str = "login") -> dict[str, str]:
    return everyone(outcome) | {"anonymous": anonymous}


def organisers(allowed: str) -> dict[str, str]:
    return everyone("403") | {
        "anonymous": "login", "member": allowed, "coordinator": allowed, "staff": allowed,
        "coordinator_no_totp": "mfa", "staff_no_totp": "mfa",
    }  # fmt: skip


def draft_viewers(allowed: str) -> dict[str, str]:
    return everyone("404") | {"member": allowed, "coordinator": allowed, "staff": allowed}


@dataclass
class Case:
    kwargs: object  # world -> URL kwargs
    GET: dict[str, str]
    POST: dict[str, str]
    data: object = field(default=lambda w: {})


MATRIX: dict[str, dict[str, Case]] = {
    "signups:signup": {
        "": Case(
            lambda w: {"slug": w.activity.slug, "pk": w.occurrence.pk},
            everyone("ok"),
            # Anonymous: name and address needed; the participant has signed up already.
            everyone("ok") | {"anonymous": "400", "participant": "400"},
        ),
        "draft": Case(
            lambda w: {"slug": w.draft.slug, "pk": next_occurrence(w.draft).pk},
            draft_viewers("ok"),
            draft_viewers("ok"),
        ),
        "no sign-up": Case(
            lambda w: {"slug": w.open_door.slug, "pk": next_occurrence(w.open_door).pk},
            everyone("404"),
            everyone("404"),
        ),
    },
    "signups:signup_date": {
        "": Case(
            lambda w: {"pk": w.occurrence.pk},
            everyone("ok"),
            everyone("ok") | {"anonymous": "400", "participant": "400"},
        ),
        "sensitive": Case(
            lambda w: {"pk": next_occurrence(w.sensitive).pk},
            everyone("ok"),
            # Consent and (anonymous) a name and an address are needed.
            everyone("400"),
        ),
        "draft": Case(
            lambda w: {"pk": next_occurrence(w.draft).pk},
            draft_viewers("ok"),
            draft_viewers("ok"),
        ),
        "no sign-up": Case(
            lambda w: {"pk": next_occurrence(w.open_door).pk},
            everyone("404"),
            everyone("404"),
        ),
        "no such date": Case(lambda w: {"pk": 999999}, everyone("404"), everyone("404")),
    },
    "signups:confirm": {
        "": Case(lambda w: {"token": w.confirm_token}, everyone("ok"), everyone("ok")),
        "bad link": Case(lambda w: {"token": "väärä"}, everyone("404"), everyone("404")),
    },
    "signups:link": {
        "": Case(
            lambda w: {"token": w.link_token},
            everyone("ok"),
            everyone("ok"),
            lambda w: {"action": "reminders_off"},
        ),
        "no action": Case(lambda w: {"token": w.link_token}, everyone("ok"), everyone("400")),
        "bad link": Case(lambda w: {"token": "väärä"}, everyone("404"), everyone("404")),
    },
    "signups:mine": {
        "": Case(lambda w: {}, signed_in("ok"), signed_in("404")),
        "own": Case(
            lambda w: {},
            signed_in("ok"),
            signed_in("404") | {"participant": "ok"},
            lambda w: {"signup": w.own.pk, "action": "reminders_off"},
        ),
    },
    "signups:organise": {
        "": Case(
            lambda w: {"slug": w.activity.slug, "pk": w.occurrence.pk},
            organisers("ok"),
            organisers("400"),
        ),
        "message": Case(
            lambda w: {"slug": w.activity.slug, "pk": w.occurrence.pk},
            organisers("ok"),
            organisers("ok"),
            lambda w: {"text": "Tänään huoneessa 2."},
        ),
    },
    "signups:organise_suspicious": {
        "": Case(
            lambda w: {"slug": w.activity.slug, "pk": w.occurrence.pk},
            organisers("ok"),
            organisers("404"),  # no such sign-up to remove
        ),
        "remove": Case(
            lambda w: {"slug": w.activity.slug, "pk": w.occurrence.pk},
            organisers("ok"),
            organisers("ok"),
            lambda w: {"signup": w.pending.pk},
        ),
    },
    "signups:reminders": {
        "": Case(lambda w: {"slug": w.activity.slug}, organisers("ok"), organisers("ok")),
    },
}


def namespace_urls() -> set[str]:
    for pattern in get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            for inner in pattern.url_patterns:
                if isinstance(inner, URLResolver) and inner.namespace == "signups":
                    return {f"signups:{p.name}" for p in inner.url_patterns if p.name}
    return set()


def test_every_signup_url_is_in_the_matrix():
    found = namespace_urls()
    assert "signups:signup" in found
    from tests.signups.test_permissions_new import NEW_MATRIX  # issue 16's pages

    assert found == set(MATRIX) | set(NEW_MATRIX), sorted(found ^ set(MATRIX) ^ set(NEW_MATRIX))


@pytest.fixture(scope="module")
def world(module_transaction) -> SimpleNamespace:
    """Built once for the module's cells, at the sign-up tests' NOW (each cell runs there too),
    in a transaction; each test runs in a savepoint (tests/conftest.py)."""
    with time_machine.travel(NOW, tick=True):
        return build_world()


def build_world() -> SimpleNamespace:
    w = SimpleNamespace()
    organisation = OrganisationFactory(name="Testiyhdistys ry", slug="testiyhdistys")
    other = OrganisationFactory(name="Toinen yhdistys ry", slug="toinen-yhdistys")
    w.activity = make_activity(organisation=organisation, slug="muistikahvila")
    w.occurrence = next_occurrence(w.activity)
    w.draft = make_activity(organisation=organisation, slug="luonnos", status=PublishStatus.DRAFT)
    w.sensitive = make_activity(organisation=organisation, slug="vertaisryhma", is_sensitive=True)
    w.open_door = make_activity(organisation=organisation, slug="avoin", signup_required=False)
    w.users = {
        "anonymous": None,
        "resident": person("asukas@example.com"),
        "participant": person("osallistuja@example.com"),
        "member": person("jasen@example.com"),
        "other_member": person("toisen-jasen@example.com"),
        **role_personas(),
    }
    Membership.objects.create(organisation=organisation, user=w.users["member"], role="editor")
    Membership.objects.create(organisation=other, user=w.users["other_member"], role="admin")
    (w.own,) = services.signup_create(occurrence=w.occurrence, user=w.users["participant"])
    (pending,) = services.signup_create(occurrence=w.occurrence, name="M", email="m@example.com")
    w.pending = pending
    w.confirm_token = tokens.confirm_token(pending)
    w.link_token = tokens.link_token(pending)
    return w


def cells():
    for name, variants in MATRIX.items():
        for variant in variants:
            for method in ("GET", "POST"):
                for persona in PERSONAS:
                    label = f"{name}[{variant}]-{method}-{persona}"
                    yield pytest.param(name, variant, method, persona, id=label)


@pytest.mark.parametrize(("name", "variant", "method", "persona"), list(cells()))
def test_access(client, world, name, variant, method, persona):
    case = MATRIX[name][variant]
    with translation.override("fi"):
        url = reverse(name, kwargs=case.kwargs(world))
    user = world.users[persona]
    if user is not None:
        client.force_login(user)
    response = client.get(url) if method == "GET" else client.post(url, case.data(world))
    expected = getattr(case, method)[persona]
    assert outcome(response) == expected, (
        f"{method} {url} as {persona}: {response.status_code} "
        f"{response.get('Location', '')}, expected {expected}"
    )
