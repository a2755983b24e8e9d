"""The residents' search counts what was asked: one upsert per search, daily counts only, the
words kept from the fifth search of them on a day in an area, nothing about the person."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from knowledge.demand import matched_term, normalised_words
from knowledge.models import SearchDemand, SearchTerm

pytestmark = pytest.mark.django_db
SEARCH = "/fi/search/"


def test_a_search_adds_one_statement_and_counts(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(SEARCH, {"q": "Tuolijumppa", "municipality": "179"})
    assert response.status_code == 200
    writes = [q["sql"] for q in queries.captured_queries if "knowledge_" in q["sql"]]
    assert len(writes) == 1 and writes[0].startswith("WITH demand AS (INSERT")
    row = SearchDemand.objects.get()
    assert (row.municipality, row.welfare_area.slug, row.searches, row.empty) == (
        "179", "keski-suomi", 1, 1,
    )  # fmt: skip
    term = SearchTerm.objects.get()
    assert (term.text, term.searches) == ("", 1)
    assert "tuolijumppa" not in term.digest


def test_words_are_kept_from_the_fifth_search_only(client):
    for _ in range(4):
        client.get(SEARCH, {"q": "tuolijumppa", "municipality": "179"})
    assert SearchTerm.objects.get().text == ""
    client.get(SEARCH, {"q": "Tuolijumppa ", "municipality": "182"})  # same area, same words
    term = SearchTerm.objects.get()
    assert (term.text, term.searches) == ("tuolijumppa", 5)
    assert SearchDemand.objects.get(municipality="179").searches == 4


def test_what_is_not_counted(client):
    client.get(SEARCH)  # the empty page
    client.get(SEARCH, {"q": "kuoro", "page": "2"})  # another page of a counted search
    client.get(SEARCH, {"q": "kuoro", "sort": "date"})  # another order of it
    assert not SearchDemand.objects.exists()
    client.get(SEARCH, {"theme": "peer-support"})
    row = SearchDemand.objects.get()
    assert (row.theme, row.municipality, row.welfare_area) == ("peer-support", "", None)
    assert not SearchTerm.objects.exists()  # no words, no word row


def test_words_name_their_theme():
    assert matched_term("syöpä vertaistuki") == "cancer"
    assert matched_term("lauluhetki") == ""
    assert normalised_words("  Muisti   KAHVILA ") == "muisti kahvila"
