"""Who may open and post each unit page (namespaces "units" and "units_coordinate"): every URL of
both namespaces must have a row here (`test_every_unit_url_is_in_the_matrix`).

- the public pages: everyone; an archived unit is 404 except to its area's coordinator and
  staff; an area without units is 404;
- the coordinators' pages: the coordinator of the unit's area and staff (with TOTP); 403 for
  other signed-in people (a coordinator of another area: 404 for a unit of this one, as for
  organisations), the TOTP set-up for a role without it, login for anonymous.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLResolver, get_resolver, reverse
from django.utils import translation

from organisations.models import Membership
from tests.organisations.factories import OrganisationFactory, area
from tests.personas import outcome, person, role_personas
from units import importer
from units.services import unit_archive

from .factories import UnitFactory

pytestmark = pytest.mark.django_db

PERSONAS = (
    "anonymous", "resident", "member", "coordinator", "other_coordinator", "staff",
    "coordinator_no_totp", "staff_no_totp",
)  # fmt: skip


def everyone(result: str) -> dict[str, str]:
    return dict.fromkeys(PERSONAS, result)


def coordinators(allowed: str, *, other: str = "ok") -> dict[str, str]:
    """Pages of the coordinators' own areas: `other` for the coordinator of another area."""
    return everyone("403") | {
        "anonymous": "login", "coordinator": allowed, "staff": allowed,
        "other_coordinator": other, "coordinator_no_totp": "mfa", "staff_no_totp": "mfa",
    }  # fmt: skip


def not_allowed() -> dict[str, str]:
    """A method the view refuses (405); under /coordinate/ a role without TOTP is sent to the
    set-up first (accounts.middleware)."""
    return everyone("405") | {"coordinator_no_totp": "mfa", "staff_no_totp": "mfa"}


def area_viewers(allowed: str) -> dict[str, str]:
    return everyone("404") | {"coordinator": allowed, "staff": allowed}


@dataclass
class Case:
    kwargs: object  # world -> URL kwargs
    GET: dict[str, str]
    POST: dict[str, str]
    data: object = field(default=lambda w: {})


def unit_form(w) -> dict:
    return {
        "welfare_area": area().pk, "name_fi": "Uusi terveysasema", "kind": "health_station",
        "street_address": "Kauppakatu 3", "postcode": "40100",
        "municipality": w.unit.municipality_id,
        "hours-TOTAL_FORMS": "0", "hours-INITIAL_FORMS": "0",
        "exceptions-TOTAL_FORMS": "0", "exceptions-INITIAL_FORMS": "0",
    }  # fmt: skip


def upload(w) -> dict:
    csv = "name_fi;street_address;postcode;municipality\nUusi asema;Kauppakatu 3;40100;179\n"
    return {
        "file": SimpleUploadedFile("units.csv", csv.encode(), content_type="text/csv"),
        "welfare_area": area().pk,  # staff choose; a coordinator of one area does not
    }


MATRIX: dict[str, dict[str, Case]] = {
    "units:index": {"": Case(lambda w: {}, everyone("ok"), everyone("405"))},
    "units:area": {
        "": Case(lambda w: {"slug": "keski-suomi"}, everyone("ok"), everyone("405")),
        "no units": Case(lambda w: {"slug": "lappi"}, everyone("404"), everyone("405")),
    },
    "units:unit": {
        "": Case(lambda w: {"slug": w.unit.slug}, everyone("ok"), everyone("405")),
        "archived": Case(lambda w: {"slug": w.archived.slug}, area_viewers("ok"), everyone("405")),
    },
    "units_coordinate:list": {
        "": Case(lambda w: {}, coordinators("ok"), not_allowed()),
    },
    "units_coordinate:create": {
        "": Case(lambda w: {}, coordinators("ok"), coordinators("ok", other="400"), unit_form),
        "empty": Case(
            lambda w: {},
            coordinators("ok"),
            coordinators("400", other="400"),
            lambda w: {"name_fi": ""},
        ),
    },
    "units_coordinate:edit": {
        "": Case(
            lambda w: {"pk": w.unit.pk},
            coordinators("ok", other="404"),
            coordinators("ok", other="404"),
            unit_form,
        ),
    },
    "units_coordinate:archive": {
        "": Case(
            lambda w: {"pk": w.unit.pk},
            coordinators("ok", other="404"),
            coordinators("ok", other="404"),
        ),
    },
    "units_coordinate:unarchive": {
        "": Case(
            lambda w: {"pk": w.archived.pk},
            not_allowed(),
            coordinators("ok", other="404"),
        ),
    },
    "units_coordinate:import": {
        "": Case(lambda w: {}, coordinators("ok"), coordinators("ok", other="ok"), upload),
    },
    "units_coordinate:import-job": {
        "": Case(
            lambda w: {"pk": w.job.pk},
            coordinators("ok", other="404"),
            not_allowed(),
        ),
    },
    "units_coordinate:import-confirm": {
        "": Case(
            lambda w: {"pk": w.job.pk},
            not_allowed(),
            coordinators("ok", other="404"),
        ),
    },
}


def namespace_urls(namespace: str) -> set[str]:
    found: set[str] = set()
    for pattern in get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            for inner in pattern.url_patterns:
                if isinstance(inner, URLResolver) and inner.namespace == namespace:
                    found |= {f"{namespace}:{p.name}" for p in inner.url_patterns if p.name}
    return found


def test_every_unit_url_is_in_the_matrix():
    found = namespace_urls("units") | namespace_urls("units_coordinate")
    assert "units:unit" in found and "units_coordinate:edit" in found
    assert found == set(MATRIX), sorted(found ^ set(MATRIX))


@pytest.fixture(scope="module")
def world(module_transaction) -> SimpleNamespace:
    """Built once for the module's cells in a transaction; each cell runs in a savepoint."""
    w = SimpleNamespace()
    w.unit = UnitFactory(name_fi="Kyllön terveysasema", slug="kyllon-terveysasema")
    w.archived = UnitFactory(name_fi="Vanha asema", slug="vanha-asema")
    unit_archive(unit=w.archived)
    organisation = OrganisationFactory()
    w.users = {
        "anonymous": None,
        "resident": person("asukas@example.com"),
        "member": person("jasen@example.com"),
        **role_personas(),
    }
    Membership.objects.create(organisation=organisation, user=w.users["member"], role="admin")
    _header, rows = importer.import_read_file(uploaded=upload(w)["file"])
    w.job = importer.UnitImportJob.objects.create(
        welfare_area=area(),
        filename="units.csv",
        rows=[{"row": number, "cells": cells} for number, cells in rows],
    )
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
