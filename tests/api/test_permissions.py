"""Who may open and post the write API's pages (namespaces "data_sources" and "source_grants"):
every URL of both must have a row here (`test_every_data_source_url_is_in_the_matrix`).

- the coordinators' data source pages: the coordinators of the source's area and staff (with
  TOTP); 403 for other signed-in people, 404 for a coordinator of another area, the TOTP set-up
  for a role without it, login for anonymous;
- granting and revoking on the members page: the organisation's admins, the coordinators of its
  area and staff, as the members page itself (organisations/access.py).

The API's own endpoints with keys of the right and the wrong scope: tests/api/test_write.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import translation

from api import services
from organisations.models import Membership
from tests.organisations.factories import OrganisationFactory, area
from tests.personas import outcome, person, role_personas
from tests.units.test_permissions import namespace_urls

pytestmark = pytest.mark.django_db

PERSONAS = (
    "anonymous", "resident", "admin", "editor", "coordinator", "other_coordinator", "staff",
    "coordinator_no_totp", "staff_no_totp",
)  # fmt: skip


def everyone(result: str) -> dict[str, str]:
    return dict.fromkeys(PERSONAS, result)


def coordinators(allowed: str, *, other: str = "ok") -> dict[str, str]:
    return everyone("403") | {
        "anonymous": "login", "coordinator": allowed, "staff": allowed,
        "other_coordinator": other, "coordinator_no_totp": "mfa", "staff_no_totp": "mfa",
    }  # fmt: skip


def not_allowed() -> dict[str, str]:
    return everyone("405") | {"coordinator_no_totp": "mfa", "staff_no_totp": "mfa"}


def members_page_people() -> dict[str, str]:
    return everyone("403") | {
        "anonymous": "login", "admin": "ok", "coordinator": "ok", "staff": "ok",
        "coordinator_no_totp": "mfa", "staff_no_totp": "mfa",
    }  # fmt: skip


@dataclass
class Case:
    kwargs: object  # world -> URL kwargs
    GET: dict[str, str]
    POST: dict[str, str]
    data: object = field(default=lambda w: {})


def source_kwargs(w) -> dict:
    return {"pk": w.source.pk}


def key_kwargs(w) -> dict:
    return {"pk": w.source.pk, "key_pk": w.key.pk}


MATRIX: dict[str, dict[str, Case]] = {
    "data_sources:list": {
        "": Case(
            lambda w: {},
            coordinators("ok"),
            coordinators("ok", other="400"),
            lambda w: {"name": "Uusi lähde", "contact": "x@example.com", "welfare_area": area().pk},
        ),
        "empty": Case(lambda w: {}, coordinators("ok"), coordinators("400", other="400")),
    },
    "data_sources:detail": {
        "": Case(source_kwargs, coordinators("ok", other="404"), not_allowed()),
    },
    "data_sources:key-issue": {
        "": Case(source_kwargs, not_allowed(), coordinators("ok", other="404")),
    },
    "data_sources:key-rotate": {
        "": Case(key_kwargs, not_allowed(), coordinators("ok", other="404")),
    },
    "data_sources:key-revoke": {
        "": Case(key_kwargs, not_allowed(), coordinators("ok", other="404")),
    },
    "source_grants:grant": {
        "": Case(
            lambda w: {"slug": w.org.slug, "pk": w.source.pk},
            everyone("405"),
            members_page_people(),
        ),
    },
    "source_grants:revoke": {
        "": Case(
            lambda w: {"slug": w.org.slug, "pk": w.grant.pk},
            everyone("405"),
            members_page_people(),
        ),
    },
}


def test_every_data_source_url_is_in_the_matrix():
    found = namespace_urls("data_sources") | namespace_urls("source_grants")
    assert "data_sources:detail" in found and "source_grants:grant" in found
    assert found == set(MATRIX), sorted(found ^ set(MATRIX))


@pytest.fixture(scope="module")
def world(module_transaction) -> SimpleNamespace:
    w = SimpleNamespace()
    w.org = OrganisationFactory(slug="lupayhdistys")
    w.users = {
        "anonymous": None,
        "resident": person("asukas@example.com"),
        "admin": person("yllapitaja@example.com"),
        "editor": person("muokkaaja@example.com"),
        **role_personas(),
    }
    Membership.objects.create(organisation=w.org, user=w.users["admin"], role="admin")
    Membership.objects.create(organisation=w.org, user=w.users["editor"], role="editor")
    w.source = services.data_source_create(
        name="Yhdistystori", contact="tori@example.com", welfare_area=area(), user=None
    )
    w.key = services.key_issue(source=w.source, user=None).key
    other = OrganisationFactory(slug="toinen")
    w.grant = services.grant_create(organisation=w.org, source=w.source, user=w.users["admin"])
    services.grant_create(organisation=other, source=w.source, user=w.users["admin"])
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
