"""The demo's units: both welfare areas, contacts with and without consent, hosting units with
a meeting place and a peer group held there; a second run creates nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from meetingplaces.models import Activity
from search.models import SearchEntry
from tests.organisations.factories import OrganisationFactory, area
from units.demo.seed import seed_units
from units.models import Unit

pytestmark = pytest.mark.django_db


def test_the_demo_units_cover_both_areas_and_are_seeded_once():
    OrganisationFactory(name="Keski-Suomen Omaishoitajat ry")
    OrganisationFactory(name="Vantaan Mielenterveysyhdistys ry", welfare_area=area("vantaa-kerava"))
    assert seed_units(today=dt.date(2026, 3, 2)) == (9, 2)
    units = Unit.objects.all()
    assert {u.welfare_area.slug for u in units} == {"keski-suomi", "vantaa-kerava"}
    for slug in ("keski-suomi", "vantaa-kerava"):
        shown = units.filter(welfare_area__slug=slug, contact_consent=True)
        assert shown.exists() and all(u.contact_consent_at for u in shown)
        assert units.filter(welfare_area__slug=slug, contact_consent=False).exists()
    assert all(u.contact_email.endswith("@example.com") for u in units)
    assert all(u.contact_phone.startswith("+358400000") for u in units)
    assert SearchEntry.objects.filter(kind="unit").count() == 9
    activity = Activity.objects.get(place__unit__slug="tikkurilan-sote-keskus")
    assert activity.organisation.name == "Vantaan Mielenterveysyhdistys ry"
    assert activity.occurrences.exists()
    assert {t.slug for t in activity.themes.all()} == {"mental-health", "peer-support"}
    assert seed_units() is None
