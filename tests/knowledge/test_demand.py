"""The residents' search counts what was asked: a queued task per search (no SQL in the
search's request), one upsert in the worker, daily counts only, the words kept from the fifth
search of them on a day in an area, nothing about the person."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from knowledge import demand, tasks
from knowledge.demand import matched_term, normalised_words
from knowledge.models import SearchDemand, SearchTerm

pytestmark = pytest.mark.django_db
SEARCH = "/fi/search/"


@pytest.fixture(autouse=True)
def worker(monkeypatch):
    """The queued counts, run as the worker would after each request."""
    queued = []
    monkeypatch.setattr(demand, "queue_task", lambda name, *args: queued.append((name, args)))
    yield queued


def search(client, worker, **params):
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.get(SEARCH, params)
    assert response.status_code == 200
    for name, args in worker:
        assert name == "knowledge.tasks.count_search"
        tasks.count_search(*args)
    worker.clear()
    return response


def test_a_search_queues_its_count_and_runs_no_statement_of_its_own(client, worker):
    with (
        CaptureQueriesContext(connection) as queries,
        TestCase.captureOnCommitCallbacks(execute=True),
    ):
        client.get(SEARCH, {"q": "Tuolijumppa", "municipality": "179"})
    assert not [q for q in queries.captured_queries if "knowledge_" in q["sql"]]
    assert len(worker) == 1
    with CaptureQueriesContext(connection) as queries:
        tasks.count_search(*worker[0][1])
    assert len(queries) == 1 and queries[0]["sql"].startswith("WITH demand AS (INSERT")
    row = SearchDemand.objects.get()
    assert (row.municipality, row.welfare_area.slug, row.searches, row.empty) == (
        "179", "keski-suomi", 1, 1,
    )  # fmt: skip
    term = SearchTerm.objects.get()
    assert (term.text, term.searches) == ("", 1)
    assert "tuolijumppa" not in term.digest


def test_words_are_kept_from_the_fifth_search_only(client, worker):
    for _ in range(4):
        search(client, worker, q="tuolijumppa", municipality="179")
    assert SearchTerm.objects.get().text == ""
    search(client, worker, q="Tuolijumppa ", municipality="182")  # same area, same words
    term = SearchTerm.objects.get()
    assert (term.text, term.searches) == ("tuolijumppa", 5)
    assert SearchDemand.objects.get(municipality="179").searches == 4


def test_what_is_not_counted(client, worker):
    search(client, worker)  # the empty page
    search(client, worker, q="kuoro", page="2")  # another page of a counted search
    search(client, worker, q="kuoro", sort="date")  # another order of it
    assert not SearchDemand.objects.exists()
    search(client, worker, theme="peer-support")
    row = SearchDemand.objects.get()
    assert (row.theme, row.municipality, row.welfare_area) == ("peer-support", "", None)
    assert not SearchTerm.objects.exists()  # no words, no word row


def test_words_name_their_theme():
    assert matched_term("syöpä vertaistuki") == "cancer"
    assert matched_term("lauluhetki") == ""
    assert normalised_words("  Muisti   KAHVILA ") == "muisti kahvila"
