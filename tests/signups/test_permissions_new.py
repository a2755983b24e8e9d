"""Who may open and post the sign-up pages added for issue 16 (signups/flows.py); the rows of
the existing pages are in test_permissions.py, and together they cover the whole namespace
(`test_every_new_signup_url_is_in_this_matrix`).

- the calendar page: signed-in people, each for their own address; the feed: whoever holds the
  secret address (no login: calendar apps have none), a wrong or reset one is 404;
- the organisers' pages (every date's sign-ups, print, export, e-mails about sign-ups): the
  organisation's members, the area's coordinator and staff (with TOTP); 403 for other
  signed-in people, the TOTP set-up for a role without it, login for anonymous. Print and
  export only read: a POST is 405.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest
from django.urls import URLResolver, get_resolver, reverse
from django.utils import translation

from areas.models import Coordinator
from organisations.models import Membership
from signups import feeds, services
from tests.organisations.factories import OrganisationFactory, UserFactory, area
from tests.personas import add_totp, outcome
from tests.signups.conftest import make_activity, next_occurrence

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


@dataclass
class Case:
    kwargs: object  # world -> URL kwargs
    GET: dict[str, str]
    POST: dict[str, str]
    data: object = field(default=lambda w: {})


def _activity(w):
    return {"slug": w.activity.slug}


def _date(w):
    return {"slug": w.activity.slug, "pk": w.occurrence.pk}


NEW_MATRIX: dict[str, dict[str, Case]] = {
    "signups:calendar": {
        "": Case(lambda w: {}, signed_in("ok"), signed_in("ok")),
    },
    "signups:feed": {
        "": Case(lambda w: {"token": w.feed.token}, everyone("ok"), everyone("405")),
        "wrong address": Case(lambda w: {"token": "arvaus"}, everyone("404"), everyone("405")),
    },
    "signups:activity": {
        "": Case(_activity, organisers("ok"), signed_in("405")),
        "no such activity": Case(lambda w: {"slug": "ei-ole"}, signed_in("404"), signed_in("405")),
    },
    "signups:notices": {
        "": Case(
            _activity,
            organisers("ok"),
            organisers("ok"),
            lambda w: {"on_signup": "on", "mode": "daily"},
        ),
        "invalid": Case(
            _activity, organisers("ok"), organisers("400"), lambda w: {"on_signup": "on"}
        ),
    },
    "signups:print_series": {
        "": Case(_activity, organisers("ok"), signed_in("405")),
    },
    "signups:print_date": {
        "": Case(_date, organisers("ok"), signed_in("405")),
        "another activity's date": Case(
            lambda w: {"slug": w.activity.slug, "pk": w.other_date.pk},
            organisers("404"),
            signed_in("405"),
        ),
    },
    "signups:export_series": {
        "csv": Case(lambda w: _activity(w) | {"fmt": "csv"}, organisers("ok"), signed_in("405")),
        "xlsx": Case(lambda w: _activity(w) | {"fmt": "xlsx"}, organisers("ok"), signed_in("405")),
        "other format": Case(
            lambda w: _activity(w) | {"fmt": "pdf"}, signed_in("404"), signed_in("405")
        ),
    },
    "signups:export_date": {
        "csv": Case(lambda w: _date(w) | {"fmt": "csv"}, organisers("ok"), signed_in("405")),
        "xlsx": Case(lambda w: _date(w) | {"fmt": "xlsx"}, organisers("ok"), signed_in("405")),
    },
}


def namespace_urls() -> set[str]:
    for pattern in get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            for inner in pattern.url_patterns:
                if isinstance(inner, URLResolver) and inner.namespace == "signups":
                    return {f"signups:{p.name}" for p in inner.url_patterns if p.name}
    return set()


def test_every_new_signup_url_is_in_this_matrix():
    from tests.signups.test_permissions import MATRIX

    found = namespace_urls() - set(MATRIX)
    assert found == set(NEW_MATRIX), sorted(found ^ set(NEW_MATRIX))


def person(email: str, *, staff: bool = False, totp: bool = False):
    user = UserFactory(email=email, password=None, is_staff=staff)
    if totp:
        add_totp(user)
    return user


@pytest.fixture(scope="module")
def world(module_transaction) -> SimpleNamespace:
    """Built once for the module's cells; each test runs in a savepoint."""
    w = SimpleNamespace()
    organisation = OrganisationFactory(name="Testiyhdistys ry", slug="testiyhdistys")
    other = OrganisationFactory(name="Toinen yhdistys ry", slug="toinen-yhdistys")
    w.activity = make_activity(organisation=organisation, slug="muistikahvila")
    w.occurrence = next_occurrence(w.activity)
    w.other_date = next_occurrence(make_activity(organisation=organisation, slug="toinen"))
    w.users = {
        "anonymous": None,
        "resident": person("asukas@example.com"),
        "participant": person("osallistuja@example.com"),
        "member": person("jasen@example.com"),
        "other_member": person("toisen-jasen@example.com"),
        "coordinator": person("koordinaattori@example.com", totp=True),
        "other_coordinator": person("vantaa@example.com", totp=True),
        "staff": person("yllapito@example.com", staff=True, totp=True),
        "coordinator_no_totp": person("ilman-totp@example.com"),
        "staff_no_totp": person("yllapito-ilman-totp@example.com", staff=True),
    }
    Membership.objects.create(organisation=organisation, user=w.users["member"], role="editor")
    Membership.objects.create(organisation=other, user=w.users["other_member"], role="admin")
    Coordinator.objects.create(user=w.users["coordinator"], welfare_area=area("keski-suomi"))
    Coordinator.objects.create(
        user=w.users["other_coordinator"], welfare_area=area("vantaa-kerava")
    )
    Coordinator.objects.create(
        user=w.users["coordinator_no_totp"], welfare_area=area("keski-suomi")
    )
    services.signup_create(
        occurrence=w.occurrence, user=w.users["participant"], show_name=True, share_contact=True
    )
    w.feed = feeds.calendar_feed_reset(user=w.users["participant"])
    return w


def cells():
    for name, variants in NEW_MATRIX.items():
        for variant in variants:
            for method in ("GET", "POST"):
                for persona in PERSONAS:
                    label = f"{name}[{variant}]-{method}-{persona}"
                    yield pytest.param(name, variant, method, persona, id=label)


@pytest.mark.parametrize(("name", "variant", "method", "persona"), list(cells()))
def test_access(client, world, name, variant, method, persona):
    case = NEW_MATRIX[name][variant]
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
