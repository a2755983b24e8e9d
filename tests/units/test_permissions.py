"""Who may open and post each unit page (namespaces "units" and "units_coordinate"): every URL of
both namespaces must have a row here (`test_every_unit_url_is_in_the_matrix`).

- the public pages: everyone; an archived unit is 404 except to its area's coordinator and
  staff; an area without units is 404;
- the coordinators' pages: the coordinator of the unit's area and staff (with TOTP); 403 for
  other signed-in people (a coordinator of another area: 404 for a unit of this one, as for
  organisations), the TOTP set-up for a role without it, login for anonymous.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from organisations.models import Membership
from tests.organisations.factories import OrganisationFactory, area
from tests.personas import Case, assert_rows_cover, matrix_test, matrix_users, roles
from units import importer
from units.services import unit_archive

from .factories import UnitFactory

PERSONAS = (
    "anonymous", "resident", "member", "coordinator", "other_coordinator", "staff",
    "coordinator_no_totp", "staff_no_totp",
)  # fmt: skip


def everyone(result: str) -> dict[str, str]:
    return dict.fromkeys(PERSONAS, result)


def coordinators(allowed: str, *, other: str = "ok") -> dict[str, str]:
    """Pages of the coordinators' own areas: `other` for the coordinator of another area."""
    return roles(PERSONAS, allowed, other_area=other)


def not_allowed() -> dict[str, str]:
    """A method the view refuses (405); under /coordinate/ a role without TOTP is sent to the
    set-up first (accounts.middleware)."""
    return everyone("405") | {"coordinator_no_totp": "mfa", "staff_no_totp": "mfa"}


def area_viewers(allowed: str) -> dict[str, str]:
    return everyone("404") | {"coordinator": allowed, "staff": allowed}


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


def test_every_unit_url_is_in_the_matrix():
    assert_rows_cover(["units:", "units_coordinate:"], MATRIX)


@pytest.fixture(scope="module")
def world(module_transaction) -> SimpleNamespace:
    """Built once for the module's cells in a transaction; each cell runs in a savepoint."""
    w = SimpleNamespace()
    w.unit = UnitFactory(name_fi="Kyllön terveysasema", slug="kyllon-terveysasema")
    w.archived = UnitFactory(name_fi="Vanha asema", slug="vanha-asema")
    unit_archive(unit=w.archived)
    organisation = OrganisationFactory()
    w.users = matrix_users(member="jasen@example.com")
    Membership.objects.create(organisation=organisation, user=w.users["member"], role="admin")
    _header, rows = importer.import_read_file(uploaded=upload(w)["file"])
    w.job = importer.UnitImportJob.objects.create(
        welfare_area=area(),
        filename="units.csv",
        rows=[{"row": number, "cells": cells} for number, cells in rows],
    )
    return w


test_access = matrix_test(MATRIX, PERSONAS)
