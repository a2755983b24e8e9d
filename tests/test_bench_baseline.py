"""The benchmark baseline page (portal/bench_views.py): hidden unless enabled, 1 query, escaped."""

import pytest
from django.urls import reverse

from portal.bench_views import ADDED_MESSAGE


@pytest.fixture
def url():
    return reverse("bench-fortunes")


@pytest.mark.django_db
def test_fortunes_is_hidden_without_the_environment_switch(client, url, monkeypatch):
    monkeypatch.delenv("YHDESSA_BENCH_PAGES", raising=False)
    assert client.get(url).status_code == 404

    monkeypatch.setenv("YHDESSA_BENCH_PAGES", "0")
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_fortunes_is_one_query_of_twelve_rows_escaped(
    client, url, monkeypatch, django_assert_num_queries
):
    monkeypatch.setenv("YHDESSA_BENCH_PAGES", "1")
    with django_assert_num_queries(1):  # the twelve municipalities, ordered by code
        response = client.get(url)

    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<tr><td>") == 13  # twelve rows plus the one added in Python
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&quot;Lisätty pyynnön aikana &amp; escaped&quot;)" in html
    assert ADDED_MESSAGE.startswith("<script>")


@pytest.mark.django_db
def test_fortunes_accepts_only_safe_methods(client, url, monkeypatch):
    monkeypatch.setenv("YHDESSA_BENCH_PAGES", "1")
    assert client.post(url).status_code == 405
