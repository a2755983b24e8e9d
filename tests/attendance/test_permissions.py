"""Who may open and post each attendance page (namespace "attendance"): every URL of the
namespace has a row (`test_every_attendance_url_is_in_the_matrix`).

Recording attendance and reading the yearly report follow the editing rights: the
organisation's members, the area's coordinator and staff (with TOTP); 403 for other signed-in
people, the TOTP set-up for a role without it, login for anonymous. A date still to come has no
attendance page (404)."""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest
import time_machine
from django.urls import URLResolver, get_resolver, reverse
from django.utils import translation

from organisations.models import Membership
from tests.organisations.factories import OrganisationFactory
from tests.personas import outcome, person, role_personas

from .conftest import NOVEMBER, NOW, dates_of, make_past_activity

pytestmark = pytest.mark.django_db

PERSONAS = (
    "anonymous", "resident", "member", "other_member", "coordinator", "other_coordinator",
    "staff", "coordinator_no_totp", "staff_no_totp",
)  # fmt: skip


def everyone(result: str) -> dict[str, str]:
    return dict.fromkeys(PERSONAS, result)


def organisers(allowed: str) -> dict[str, str]:
    return everyone("403") | {
        "anonymous": "login", "member": allowed, "coordinator": allowed, "staff": allowed,
        "coordinator_no_totp": "mfa", "staff_no_totp": "mfa",
    }  # fmt: skip


@dataclass
class Case:
    kwargs: object
    GET: dict[str, str]
    POST: dict[str, str]
    data: object = field(default=lambda w: {})


MATRIX: dict[str, dict[str, Case]] = {
    "attendance:activity": {
        "": Case(
            lambda w: {"slug": w.activity.slug},
            organisers("ok"),
            organisers("ok"),
            lambda w: {f"d{w.date.pk}-visitors": "5"},
        ),
    },
    "attendance:date": {
        "": Case(
            lambda w: {"slug": w.activity.slug, "pk": w.date.pk},
            organisers("ok"),
            organisers("ok"),
            lambda w: {"visitors": "5"},
        ),
        "to come": Case(
            lambda w: {"slug": w.activity.slug, "pk": w.coming.pk},
            organisers("404"),
            organisers("404"),
        ),
        "another activity's date": Case(
            lambda w: {"slug": w.activity.slug, "pk": w.other_date.pk},
            organisers("404"),
            organisers("404"),
        ),
    },
    "attendance:place": {
        "": Case(lambda w: {"slug": w.activity.place.slug}, organisers("ok"), organisers("ok")),
    },
    "attendance:door": {
        "": Case(
            lambda w: {"slug": w.activity.place.slug},
            everyone("405") | {"anonymous": "login"},
            organisers("ok"),
        ),
    },
    "attendance:report": {
        "": Case(
            lambda w: {"slug": w.activity.organisation.slug},
            organisers("ok"),
            everyone("405") | {"anonymous": "login"},
        ),
    },
}


def namespace_urls() -> set[str]:
    for pattern in get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            for inner in pattern.url_patterns:
                if isinstance(inner, URLResolver) and inner.namespace == "attendance":
                    return {f"attendance:{p.name}" for p in inner.url_patterns if p.name}
    return set()


def test_every_attendance_url_is_in_the_matrix():
    assert namespace_urls() == set(MATRIX)


@pytest.fixture(scope="module")
def world(module_transaction) -> SimpleNamespace:
    with time_machine.travel(NOW, tick=True):
        w = SimpleNamespace()
        organisation = OrganisationFactory(name="Testiyhdistys ry", slug="testiyhdistys")
        other = OrganisationFactory(name="Toinen yhdistys ry", slug="toinen-yhdistys")
        w.activity = make_past_activity(organisation=organisation, slug="muistikahvila")
        w.date = dates_of(w.activity, NOVEMBER)[0]
        w.coming = w.activity.occurrences.filter(date__gt=NOW.date()).first()
        w.other_date = dates_of(make_past_activity(organisation=other), NOVEMBER)[0]
        w.users = {
            "anonymous": None,
            "resident": person("asukas@example.com"),
            "member": person("jasen@example.com"),
            "other_member": person("toisen-jasen@example.com"),
            **role_personas(),
        }
        Membership.objects.create(organisation=organisation, user=w.users["member"])
        Membership.objects.create(organisation=other, user=w.users["other_member"], role="admin")
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
