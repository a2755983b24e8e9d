"""Fixtures of the guidance tests: units, a professional with TOTP, an association with an
admin and a published activity."""

from __future__ import annotations

import itertools

import pytest

from organisations.models import Membership
from tests.meetingplaces.factories import ActivityFactory
from tests.organisations.factories import OrganisationFactory, area, municipality
from tests.personas import make_professional, make_user

_numbers = itertools.count(1)


def make_unit(name: str = "", *, area_slug: str = "keski-suomi", code: str = "179", **fields):
    from units.models import Unit, UnitKind

    n = next(_numbers)
    name = name or f"Testin sote-keskus {n}"
    fields.setdefault("contact_name", "Kaisa Yhteyshenkilö")
    fields.setdefault("contact_email", f"yhteys{n}@hyvinvointialue.example.com")
    fields.setdefault("contact_consent", True)
    return Unit.objects.create(
        welfare_area=area(area_slug),
        name_fi=name,
        slug=fields.pop("slug", f"testiyksikko-{n}"),
        kind=UnitKind.SOTE_CENTRE,
        street_address="Testikatu 1",
        postcode="40100",
        municipality=municipality(code),
        latitude=62.24,
        longitude=25.75,
        **fields,
    )


@pytest.fixture
def unit(db):
    return make_unit("Keuruun sote-keskus", code="249")


@pytest.fixture
def professional(unit):
    return make_professional("hoitaja@hyvinvointialue.example.com", unit)


@pytest.fixture
def organisation(db):
    organisation = OrganisationFactory(name="Keuruun Muistiyhdistys ry", slug="muistiyhdistys")
    admin = make_user("puheenjohtaja@example.com", language="sv")
    Membership.objects.create(organisation=organisation, user=admin, role="admin")
    return organisation


@pytest.fixture
def admin(organisation):
    return Membership.objects.get(organisation=organisation, role="admin").user


@pytest.fixture
def activity(organisation):
    return ActivityFactory(organisation=organisation, title_fi="Muistikahvila")
