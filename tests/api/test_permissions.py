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

from types import SimpleNamespace

import pytest

from api import services
from organisations.models import Membership
from tests.organisations.factories import OrganisationFactory, area
from tests.personas import Case, assert_rows_cover, matrix_test, matrix_users, roles

PERSONAS = (
    "anonymous", "resident", "admin", "editor", "coordinator", "other_coordinator", "staff",
    "coordinator_no_totp", "staff_no_totp",
)  # fmt: skip


def everyone(result: str) -> dict[str, str]:
    return dict.fromkeys(PERSONAS, result)


def not_allowed() -> dict[str, str]:
    return everyone("405") | {"coordinator_no_totp": "mfa", "staff_no_totp": "mfa"}


def members_page_people() -> dict[str, str]:
    return roles(PERSONAS, other_area="403", admin="ok")


def source_kwargs(w) -> dict:
    return {"pk": w.source.pk}


def key_kwargs(w) -> dict:
    return {"pk": w.source.pk, "key_pk": w.key.pk}


MATRIX: dict[str, dict[str, Case]] = {
    "data_sources:list": {
        "": Case(
            lambda w: {},
            roles(PERSONAS, "ok"),
            roles(PERSONAS, "ok", other_area="400"),
            lambda w: {"name": "Uusi lähde", "contact": "x@example.com", "welfare_area": area().pk},
        ),
        "empty": Case(
            lambda w: {}, roles(PERSONAS, "ok"), roles(PERSONAS, "400", other_area="400")
        ),
    },
    "data_sources:detail": {
        "": Case(source_kwargs, roles(PERSONAS, "ok", other_area="404"), not_allowed()),
    },
    "data_sources:key-issue": {
        "": Case(source_kwargs, not_allowed(), roles(PERSONAS, "ok", other_area="404")),
    },
    "data_sources:key-rotate": {
        "": Case(key_kwargs, not_allowed(), roles(PERSONAS, "ok", other_area="404")),
    },
    "data_sources:key-revoke": {
        "": Case(key_kwargs, not_allowed(), roles(PERSONAS, "ok", other_area="404")),
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
    assert_rows_cover(["data_sources:", "source_grants:"], MATRIX)


@pytest.fixture(scope="module")
def world(module_transaction) -> SimpleNamespace:
    w = SimpleNamespace()
    w.org = OrganisationFactory(slug="lupayhdistys")
    w.users = matrix_users(admin="yllapitaja@example.com", editor="muokkaaja@example.com")
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


test_access = matrix_test(MATRIX, PERSONAS)
