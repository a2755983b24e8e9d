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


# A query, the organisation it finds and one it does not (the factory's fields of each).
FINDS_ONE_OF_TWO = {
    "inflected query finds base form": (
        "muistisairaiden",
        {"name": "Tukiyhdistys ry", "description_fi": "Tuemme, kun muistisairaus muuttaa arkea."},
        {"name": "Urheiluseura ry", "description_fi": "Jalkapalloa lapsille."},
    ),
    "carers genitive plural": (
        "omaishoitajien",
        {"name": "Jyväskylän seudun omaishoitajat ry"},
        {"name": "Kuoro ry", "description_fi": "Laulamme yhdessä."},
    ),
    "prefix finds longer compound": (
        "vertaistuki",
        {"name": "Kuoro ry", "description_fi": "Järjestämme vertaistukiryhmä-iltoja."},
        {"name": "Toinen ry", "description_fi": "Laulamme."},
    ),
    "typo in name is tolerated": (
        "Muistiyhdistyss",
        {"name": "Keuruun Muistiyhdistys ry"},
        {"name": "Jyväskylän Kuoro ry"},
    ),
    "swedish word matches swedish description": (
        "närståendevårdarna",
        {
            "name": "Svenska föreningen rf",
            "description_sv": "Vi erbjuder kamratstöd för närståendevårdare.",
        },
        {"name": "Suomalainen ry", "description_fi": "Tarjoamme vertaistukea."},
    ),
    "english word matches english description": (
        "families",
        {"name": "Kansainvälinen ry", "description_en": "Support for immigrant families."},
        {"name": "Suomalainen ry", "description_fi": "Tarjoamme vertaistukea."},
    ),
    "all words must match": (
        "muistiyhdistys keuruun",
        {"name": "Keuruun Muistiyhdistys ry"},
        {"name": "Jyväskylän Muistiyhdistys ry"},
    ),
}


@pytest.mark.parametrize(
    ("query", "found", "other"),
    [pytest.param(*case, id=name) for name, case in FINDS_ONE_OF_TWO.items()],
)
def test_a_query_finds_the_organisation_it_describes(client, query, found, other):
    OrganisationFactory(**found)
    OrganisationFactory(**other)
    assert result_names(client, q=query) == [found["name"]]


def test_compound_tail_matches_through_compound_parts(client):
    OrganisationFactory(name="Keuruun Muistiyhdistys ry")
    OrganisationFactory(name="Keuruun Kuoro", description_fi="Laulamme.")
    assert result_names(client, q="yhdistys") == ["Keuruun Muistiyhdistys ry"]
    # An inflected tail: consonant gradation (yhdistyksen → yhdistys).
    assert result_names(client, q="yhdistyksen") == ["Keuruun Muistiyhdistys ry"]


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


def page(client, **params) -> str:
    response = client.get(reverse("organisations:list"), params)
    assert response.status_code == 200
    return response.content.decode()


def test_no_profile_holds_every_word_ranks_by_how_many_match(client):
    """Issue 7 item 11: a natural phrase finds the profiles holding some of its words, the most
    matching first, and says which words found nothing."""
    OrganisationFactory(name="Keuruun Muistiyhdistys ry", municipalities=[municipality("249")])
    OrganisationFactory(name="Jyväskylän Kuoro ry", description_fi="Laulamme yhdessä.")
    OrganisationFactory(name="Urheiluseura ry", description_fi="Jalkapalloa.")
    html = page(client, q="muisti keuruu kuoro zzzq")
    assert result_names(client, q="muisti keuruu kuoro zzzq") == [
        "Keuruun Muistiyhdistys ry",  # two words
        "Jyväskylän Kuoro ry",  # one word
    ]
    assert "No organisation matches every word" in html or "Yksikään järjestö" in html
    assert re.search(r"<q>zzzq</q>", html)
    assert "2 järjestöä löytyi" in html


def test_every_word_matching_still_comes_first_and_alone(client):
    OrganisationFactory(name="Keuruun Muistiyhdistys ry", municipalities=[municipality("249")])
    OrganisationFactory(name="Jyväskylän Muistiyhdistys ry")
    assert result_names(client, q="muisti keuruu") == ["Keuruun Muistiyhdistys ry"]


def test_words_typed_without_a_umlaut_find_the_same(client):
    """Issue 7 item 12: å, ä, ö may be typed as a, a, o."""
    OrganisationFactory(
        name="Kuoro ry",
        description_fi="Päihdetyön vertaisryhmä.",
        municipalities=[municipality("992")],  # Äänekoski
    )
    OrganisationFactory(name="Toinen ry", description_fi="Laulamme.")
    for q in ["Äänekoski", "Aanekoski", "päihde", "paihde", "paihdetyon"]:
        assert result_names(client, q=q) == ["Kuoro ry"], q


def test_everyday_words_and_agent_nouns_find_the_same_as_the_finnish_term(client):
    """Issue 7 item 13: synonyms shipped as data (search/synonyms.json)."""
    cancer = Term.objects.get(slug="cancer")
    OrganisationFactory(name="Keski-Suomen Syöpäyhdistys ry", description_fi="Tukea syöpään.")
    OrganisationFactory(name="Tukipiiri ry", description_fi="Vertaistukea.", themes=[cancer])
    OrganisationFactory(name="Keski-Suomen Sydänyhdistys ry", description_fi="Sydän kuntoon.")
    OrganisationFactory(name="Jyväskylän Astma- ja Allergiayhdistys ry")
    OrganisationFactory(name="Kuoro ry", description_fi="Laulamme yhdessä.")
    cancer_orgs = sorted(result_names(client, q="syöpä"))
    assert cancer_orgs == ["Keski-Suomen Syöpäyhdistys ry", "Tukipiiri ry"]
    for q in ["cancer", "Cancer patients", "syöpäpotilaat"]:
        assert sorted(result_names(client, q=q)) == cancer_orgs, q
    heart = result_names(client, q="sydän")
    assert heart == ["Keski-Suomen Sydänyhdistys ry"]
    for q in ["heart disease", "hjärtsjukdom", "sydänsairaudet", "sydämen"]:
        assert result_names(client, q=q) == heart, q
    assert result_names(client, q="astma") == ["Jyväskylän Astma- ja Allergiayhdistys ry"]
    assert result_names(client, q="astmaatikot") == result_names(client, q="astma")


def test_compound_returns_organisations_about_its_distinctive_part(client):
    """Issue 7 item 14: "syöpäyhdistys" is about cancer; "yhdistys" alone carries nothing."""
    OrganisationFactory(name="Keski-Suomen Syöpäyhdistys ry")
    OrganisationFactory(name="Syöpäpotilaiden tukipiiri", description_fi="Vertaistukea.")
    OrganisationFactory(name="Jyväskylän Muistiyhdistys ry")
    OrganisationFactory(name="Keski-Suomen Sydänyhdistys ry")
    assert result_names(client, q="syöpäyhdistys") == [
        "Keski-Suomen Syöpäyhdistys ry",
        "Syöpäpotilaiden tukipiiri",
    ]
    assert result_names(client, q="syöpäyhdistyksen")[0] == "Keski-Suomen Syöpäyhdistys ry"


def test_a_generic_word_never_carries_a_partial_match(client):
    OrganisationFactory(name="Kuoro ry", description_fi="Laulamme.")
    OrganisationFactory(name="Jyväskylän Muistiyhdistys ry")
    OrganisationFactory(name="Urheiluseura", description_fi="Jalkapalloa.")
    assert result_names(client, q="kuoro yhdistys") == ["Kuoro ry"]
    assert result_names(client, q="kuoro seura") == ["Kuoro ry"]
    # Alone, a generic word is what the resident asked for.
    assert result_names(client, q="yhdistys") == ["Jyväskylän Muistiyhdistys ry"]


def suggestions(html: str) -> list[tuple[str, str]]:
    """(href, text) of the links offered under an empty result."""
    match = re.search(r'<ul class="directory__suggestions">(.*?)</ul>', html, re.S)
    if not match:
        return []
    items = re.findall(r'<li><a href="([^"]+)">(.*?)</a>(.*?)</li>', match.group(1), re.S)
    return [(href.replace("&amp;", "&"), " ".join(f"{t}{rest}".split())) for href, t, rest in items]


def test_empty_result_offers_to_remove_a_named_filter_with_its_count(client):
    """Issue 7 item 16."""
    OrganisationFactory(name="Muistiyhdistys ry", categories=[Category.OLDER_PEOPLE])
    html = page(client, q="muisti", category="youth")
    assert result_names(client, q="muisti", category="youth") == []
    offered = suggestions(html)
    assert offered == [
        ("/fi/organisations/?q=muisti", "Poista rajaus ”Toimiala: Nuorisokasvatus” (1 järjestö)")
    ], offered
    # Following it finds the organisation.
    assert result_names(client, q="muisti") == ["Muistiyhdistys ry"]


def test_empty_result_suggests_a_spelling_from_known_words(client):
    OrganisationFactory(name="Kuoro ry", municipalities=[municipality("249")])  # Keuruu
    html = page(client, q="keyruu")
    offered = suggestions(html)
    assert [href for href, _text in offered] == ["/fi/organisations/?q=keuruu"], offered
    assert "keuruu" in offered[0][1] and "(1 " in offered[0][1]


def test_empty_result_suggests_the_same_words_in_the_whole_welfare_area(client):
    OrganisationFactory(name="Muistiyhdistys ry", municipalities=[municipality("179")])
    html = page(client, q="muisti", municipality="249")  # Keuruu: none there
    offered = dict(suggestions(html))
    assert "/fi/organisations/?q=muisti&area=keski-suomi" in offered, offered
    assert "(1 " in offered["/fi/organisations/?q=muisti&area=keski-suomi"]
    assert result_names(client, q="muisti", area="keski-suomi") == ["Muistiyhdistys ry"]
