"""Relevance of the directory search: inflection, compounds, typos, languages and ranking.

Tested through the HTTP interface: the order of the result cards is the order of the names in
the response.
"""

import re

import pytest
from django.urls import reverse

from organisations.models import Category, Term

from .factories import OrganisationFactory, area, municipality

pytestmark = pytest.mark.django_db


def result_names(client, **params) -> list[str]:
    response = client.get(reverse("organisations:list"), params)
    assert response.status_code == 200
    html = response.content.decode()
    return re.findall(r'class="org-card__name"><a href="[^"]+"><bdi>([^<]+)</bdi></a>', html)


def test_inflected_query_finds_base_form(client):
    OrganisationFactory(
        name="Tukiyhdistys ry", description_fi="Tuemme, kun muistisairaus muuttaa arkea."
    )
    OrganisationFactory(name="Urheiluseura ry", description_fi="Jalkapalloa lapsille.")
    assert result_names(client, q="muistisairaiden") == ["Tukiyhdistys ry"]


def test_carers_genitive_plural(client):
    OrganisationFactory(name="Jyväskylän seudun omaishoitajat ry")
    OrganisationFactory(name="Kuoro ry", description_fi="Laulamme yhdessä.")
    assert result_names(client, q="omaishoitajien") == ["Jyväskylän seudun omaishoitajat ry"]


def test_prefix_finds_longer_compound(client):
    OrganisationFactory(name="Kuoro ry", description_fi="Järjestämme vertaistukiryhmä-iltoja.")
    OrganisationFactory(name="Toinen ry", description_fi="Laulamme.")
    assert result_names(client, q="vertaistuki") == ["Kuoro ry"]


def test_compound_tail_matches_through_compound_parts(client):
    OrganisationFactory(name="Keuruun Muistiyhdistys ry")
    OrganisationFactory(name="Keuruun Kuoro", description_fi="Laulamme.")
    assert result_names(client, q="yhdistys") == ["Keuruun Muistiyhdistys ry"]
    # An inflected tail: consonant gradation (yhdistyksen → yhdistys).
    assert result_names(client, q="yhdistyksen") == ["Keuruun Muistiyhdistys ry"]


def test_typo_in_name_is_tolerated(client):
    OrganisationFactory(name="Keuruun Muistiyhdistys ry")
    OrganisationFactory(name="Jyväskylän Kuoro ry")
    assert result_names(client, q="Muistiyhdistyss") == ["Keuruun Muistiyhdistys ry"]


def test_swedish_word_matches_swedish_description(client):
    OrganisationFactory(
        name="Svenska föreningen rf", description_sv="Vi erbjuder kamratstöd för närståendevårdare."
    )
    OrganisationFactory(name="Suomalainen ry", description_fi="Tarjoamme vertaistukea.")
    assert result_names(client, q="närståendevårdarna") == ["Svenska föreningen rf"]


def test_english_word_matches_english_description(client):
    OrganisationFactory(name="Kansainvälinen ry", description_en="Support for immigrant families.")
    OrganisationFactory(name="Suomalainen ry", description_fi="Tarjoamme vertaistukea.")
    assert result_names(client, q="families") == ["Kansainvälinen ry"]


def test_all_words_must_match(client):
    OrganisationFactory(name="Keuruun Muistiyhdistys ry")
    OrganisationFactory(name="Jyväskylän Muistiyhdistys ry")
    assert result_names(client, q="muistiyhdistys keuruun") == ["Keuruun Muistiyhdistys ry"]


def test_name_matches_rank_first(client):
    OrganisationFactory(
        name="Aaltosen Kuoro ry",
        description_fi="Omaishoitajat ovat tervetulleita. Omaishoitajat laulavat. Omaishoitajat.",
    )
    OrganisationFactory(name="Omaishoitajat Keski-Suomi ry")
    assert result_names(client, q="omaishoitajat") == [
        "Omaishoitajat Keski-Suomi ry",
        "Aaltosen Kuoro ry",
    ]


def test_drafts_and_merged_are_not_found(client):
    OrganisationFactory(name="Julkaistu Muistiyhdistys ry")
    OrganisationFactory(name="Luonnos Muistiyhdistys ry", status="draft")
    survivor = OrganisationFactory(name="Uusi Muistiyhdistys ry")
    OrganisationFactory(name="Vanha Muistiyhdistys ry", merged_into=survivor)
    assert sorted(result_names(client, q="muistiyhdistys")) == [
        "Julkaistu Muistiyhdistys ry",
        "Uusi Muistiyhdistys ry",
    ]


def test_stopword_only_query_finds_nothing_without_error(client):
    OrganisationFactory(name="Keuruun Muistiyhdistys ry")
    assert result_names(client, q="ja") == []
    assert result_names(client, q="!!! ??") == ["Keuruun Muistiyhdistys ry"]


def test_swedish_and_english_searches_find_finnish_only_profiles_by_their_terms(client):
    """Most profiles are only in Finnish: their theme, sector and places are searchable in the
    other languages too (the taxonomy's and municipalities' own names)."""
    memory = Term.objects.get(kind=Term.Kind.THEME, name_fi="muisti ja muistisairaudet")
    assert "minne" in memory.name_sv and "memory" in memory.name_en
    OrganisationFactory(
        name="Muistiyhdistys ry",
        description_fi="Tukea arkeen.",
        themes=[memory],
        categories=[Category.OLDER_PEOPLE],
    )
    OrganisationFactory(
        name="Vantaan Kuoro ry",
        description_fi="Laulamme yhdessä.",
        categories=[Category.OTHER],
        welfare_area=area("vantaa-kerava"),
        municipalities=[municipality("092")],
    )
    assert result_names(client, q="minne") == ["Muistiyhdistys ry"]
    assert result_names(client, q="memory") == ["Muistiyhdistys ry"]
    # Sector names: Finnish "ikäihmiset", Swedish "äldre", English "older".
    for word in ["ikäihmiset", "äldre", "older"]:
        assert result_names(client, q=word) == ["Muistiyhdistys ry"], word
    # Vantaa is Vanda in Swedish.
    assert result_names(client, q="Vanda") == ["Vantaan Kuoro ry"]
