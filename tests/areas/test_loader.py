"""The shipped reference lists (welfare areas, municipalities, postcodes, the taxonomy): loaded
whole by the data migrations, and loading them again puts back what was changed, adds what was
deleted and duplicates nothing."""

from __future__ import annotations

import pytest

from areas.loader import DATA, load_postcodes, load_reference_data
from areas.models import Municipality, Postcode, WelfareArea
from portal.lib.datafiles import read_csv
from taxonomy.loader import NETWORKS, TARGET_GROUPS, THEMES, load_taxonomy
from taxonomy.models import Network, Term

pytestmark = pytest.mark.django_db


def counts() -> tuple[int, ...]:
    return tuple(
        model.objects.count() for model in (WelfareArea, Municipality, Postcode, Term, Network)
    )


def load_all() -> None:
    load_reference_data(WelfareArea, Municipality)
    load_postcodes(Postcode, Municipality)
    load_taxonomy(Term, Network, WelfareArea)


def test_the_migrations_load_every_row_of_the_lists():
    assert counts() == (
        len(read_csv(DATA / "welfare_areas.csv")),
        len(read_csv(DATA / "municipalities.csv")),
        Postcode.objects.count(),
        len(TARGET_GROUPS) + len(THEMES),
        len(NETWORKS),
    )
    assert Postcode.objects.count() > 3000
    jyvaskyla = Municipality.objects.get(code="179")
    assert (jyvaskyla.name_fi, jyvaskyla.welfare_area.slug) == ("Jyväskylä", "keski-suomi")
    assert Postcode.objects.get(code="40100").municipality == jyvaskyla


def test_loading_again_restores_changed_and_deleted_rows_and_adds_no_duplicate():
    before = counts()
    jyvaskyla = Municipality.objects.get(code="179")
    Municipality.objects.filter(pk=jyvaskyla.pk).update(name_fi="Muutettu", welfare_area=None)
    WelfareArea.objects.filter(slug="keski-suomi").update(name_sv="Ändrad")
    Term.objects.filter(slug=TARGET_GROUPS[0][0]).update(name_en="Changed")
    Network.objects.filter(slug=NETWORKS[0][0]).delete()

    load_all()

    assert counts() == before
    jyvaskyla.refresh_from_db()
    assert jyvaskyla.pk == Municipality.objects.get(code="179").pk  # updated in place
    assert (jyvaskyla.name_fi, jyvaskyla.welfare_area.slug) == ("Jyväskylä", "keski-suomi")
    area = WelfareArea.objects.get(slug="keski-suomi")
    assert area.name_sv == "Mellersta Finlands välfärdsområde"
    assert Term.objects.get(slug=TARGET_GROUPS[0][0]).name_en == TARGET_GROUPS[0][3]
    assert Network.objects.filter(slug=NETWORKS[0][0]).exists()
