"""The residents' search ranks deterministically and by what a person means (search/README.md,
"Ranking")."""

import pytest
from django.db import connection

from search import query, residents
from search.models import SearchEntry
from tests.organisations.factories import OrganisationFactory

URL = "/fi/search/"

pytestmark = pytest.mark.django_db


def titles(client, **params) -> list[str]:
    response = client.get(URL, params)
    assert response.status_code == 200
    return [r.title for r in response.context["result"].results]


def move_to_the_end_of_the_table(ids) -> None:
    """Rewrite rows (a new tuple at the end of the heap): the physical order changes."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {SearchEntry._meta.db_table} SET updated_at = now() WHERE id = ANY(%s)",  # noqa: S608
            [list(ids)],
        )


@pytest.mark.parametrize("q", ["muisti", "muisti tuki"])
def test_the_same_url_ranks_the_same_rows_whatever_the_physical_order(client, monkeypatch, q):
    monkeypatch.setattr(query, "RANK_CANDIDATES", 3)
    monkeypatch.setattr(residents, "PAGE_SIZE", 2)
    for letter in "HGFEDCBA":
        OrganisationFactory(name=f"Muistiyhdistys {letter} ry", summary_fi="Tukea ja muistia")
    first = titles(client, q=q)
    assert first
    ids = SearchEntry.objects.order_by("id").values_list("id", flat=True)[:4]
    move_to_the_end_of_the_table(ids)
    assert titles(client, q=q) == first
    move_to_the_end_of_the_table(SearchEntry.objects.values_list("id", flat=True))
    assert titles(client, q=q) == first
