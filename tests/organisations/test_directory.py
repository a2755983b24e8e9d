"""The public directory and organisation pages, through the HTTP interface."""

import json
import re
from datetime import UTC, datetime

import pytest
from django.test import Client
from django.urls import reverse

from organisations.models import Membership

from .factories import (
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
    TermFactory,
    UserFactory,
    municipality,
)

pytestmark = pytest.mark.django_db
LIST_URL = "/fi/organisations/"


def names(response) -> list[str]:
    return re.findall(
        r'class="org-card__name"><a href="[^"]+"><bdi>([^<]+)</bdi></a>', response.content.decode()
    )


def facet_label(response, param: str, value: str) -> str:
    """The text of one facet checkbox's label, whitespace collapsed."""
    html = response.content.decode()
    match = re.search(rf'<label for="facet-{param}-{value}">(.*?)</label>', html, re.S)
    assert match, f"no facet {param}={value}"
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split())


@pytest.fixture
def catalogue():
    carers = TermFactory(slug="omaishoitajat", name_fi="Omaishoitajat", name_en="Carers")
    elderly = TermFactory(slug="ikaantyneet", name_fi="Ikääntyneet", name_en="Older people")
    arena = NetworkFactory(slug="areena", name_fi="Järjestöareena")
    jkl, keuruu = municipality("179"), municipality("249")
    return {
        "a": OrganisationFactory(
            name="A-yhdistys ry", categories=["older_people"], municipalities=[jkl],
            target_groups=[carers], networks=[arena], languages=["fi", "sv"],
            produces_services=True,
        ),
        "b": OrganisationFactory(
            name="B-yhdistys ry", categories=["carers"], municipalities=[keuruu],
            target_groups=[carers, elderly], languages=["fi"],
        ),
        "c": OrganisationFactory(
            name="C-yhdistys ry", categories=["youth"], municipalities=[jkl], languages=["en"],
        ),
    }  # fmt: skip


def test_url_names():
    assert reverse("organisations:list") == LIST_URL
    assert reverse("organisations:detail", kwargs={"slug": "x"}) == "/fi/organisations/x/"


def test_facet_counts_and_labels(client, catalogue):
    response = client.get(LIST_URL)
    assert names(response) == ["A-yhdistys ry", "B-yhdistys ry", "C-yhdistys ry"]
    assert "3 järjestöä löytyi" in response.content.decode()
    assert facet_label(response, "municipality", "179").startswith("Jyväskylä (2")
    assert facet_label(response, "municipality", "249").startswith("Keuruu (1")
    assert facet_label(response, "target_group", "omaishoitajat").startswith("Omaishoitajat (2")
    assert facet_label(response, "network", "areena").startswith("Järjestöareena (1")
    assert "(2" in facet_label(response, "language", "fi")
    assert "(1" in facet_label(response, "services", "yes")
    assert "(2" in facet_label(response, "services", "no")
    assert "(3" in facet_label(response, "area", "keski-suomi")


def test_or_within_a_facet_and_across_facets(client, catalogue):
    # OR within a facet: either municipality.
    response = client.get(LIST_URL, {"municipality": ["179", "249"]})
    assert names(response) == ["A-yhdistys ry", "B-yhdistys ry", "C-yhdistys ry"]
    # AND across facets: Jyväskylä and Finnish.
    response = client.get(LIST_URL, {"municipality": "179", "language": "fi"})
    assert names(response) == ["A-yhdistys ry"]
    # The counts of a facet ignore its own selection: Keuruu still shows how many it would add.
    response = client.get(LIST_URL, {"municipality": "179"})
    assert names(response) == ["A-yhdistys ry", "C-yhdistys ry"]
    assert "(1" in facet_label(response, "municipality", "249")
    # ...while other facets count within the selection.
    assert "(1" in facet_label(response, "target_group", "omaishoitajat")
    assert 'id="facet-municipality-179" checked' in response.content.decode()


def test_three_filters_count_each_facet_within_the_other_two(client, catalogue):
    # Jyväskylä, Finnish and carers: only A. Each facet's counts ignore its own selection:
    # B (Keuruu, Finnish, carers) fails only the municipality and counts there; C (Jyväskylä,
    # English, no carers) fails two selections and counts nowhere.
    response = client.get(
        LIST_URL, {"municipality": "179", "language": "fi", "target_group": "omaishoitajat"}
    )
    assert names(response) == ["A-yhdistys ry"]
    assert facet_label(response, "municipality", "179").startswith("Jyväskylä (1")
    assert facet_label(response, "municipality", "249").startswith("Keuruu (1")
    assert "(1" in facet_label(response, "language", "fi")
    assert "(1" in facet_label(response, "language", "sv")
    assert 'for="facet-language-en"' not in response.content.decode()
    assert facet_label(response, "target_group", "omaishoitajat").startswith("Omaishoitajat (1")
    assert 'for="facet-target_group-ikaantyneet"' not in response.content.decode()


def test_search_and_facets_combine(client, catalogue):
    response = client.get(LIST_URL, {"q": "yhdistys", "category": "carers"})
    assert names(response) == ["B-yhdistys ry"]


def test_invalid_parameters_are_ignored(client, catalogue):
    response = client.get(
        LIST_URL, {"category": "nonsense", "municipality": "x'; drop", "page": "z"}
    )
    assert response.status_code == 200
    assert len(names(response)) == 3


def test_pagination(client):
    for n in range(23):
        OrganisationFactory(name=f"Yhdistys {n:02d} ry")
    first = client.get(LIST_URL, {"q": "yhdistys"})
    assert len(names(first)) == 20
    html = first.content.decode()
    assert "23 järjestöä löytyi" in html
    assert 'href="?q=yhdistys&amp;page=2"' in html
    second = client.get(LIST_URL, {"q": "yhdistys", "page": 2})
    assert names(second) == ["Yhdistys 20 ry", "Yhdistys 21 ry", "Yhdistys 22 ry"]
    # Past the end: the last page.
    assert names(client.get(LIST_URL, {"q": "yhdistys", "page": 99})) == names(second)


def test_no_javascript_form(client, catalogue):
    html = client.get(LIST_URL).content.decode()
    assert re.search(r'<form class="directory" method="get" action="/fi/organisations/"', html)
    assert '<fieldset class="facet facet--category">' in html
    assert "<legend>" in html
    assert '<label for="id_q">' in html
    assert re.search(r'role="status" aria-live="polite"', html)
    assert len(re.findall(r"<h1[\s>]", html)) == 1


def test_htmx_request_gets_the_results_partial(client, catalogue):
    response = client.get(LIST_URL, {"category": "youth"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert names(response) == ["C-yhdistys ry"]
    assert html.lstrip().startswith('<div id="directory-results"')
    assert "<h1" not in html and "<html" not in html
    # The result count is announced through the live region, swapped out of band.
    assert re.search(r'id="result-status"[^>]*hx-swap-oob="true"', html)
    assert "1 järjestö löytyi" in html


def test_directory_query_count_does_not_grow(client, django_assert_num_queries):
    carers = TermFactory(slug="omaishoitajat", name_fi="Omaishoitajat")
    org = OrganisationFactory(
        name="Yhdistys ry", municipalities=[municipality("179")], target_groups=[carers]
    )
    # 1. facet counts and the total over the matching search entries (one unnest … GROUP BY)
    # 2.-5. the names of target groups, networks, municipalities and welfare areas (then cached
    #    for ten minutes per language)
    # 6. the page of results, ranked, each card's data stored in its entry
    with django_assert_num_queries(6):
        response = client.get(LIST_URL, {"q": "yhdistys"})
    assert names(response) == [org.name]
    for n in range(19):
        OrganisationFactory(
            name=f"Yhdistys {n} ry", municipalities=[municipality("249")], target_groups=[carers]
        )
    # Another search: counts and the page (the names are cached).
    with django_assert_num_queries(2):
        response = client.get(LIST_URL, {"q": "yhdistys", "municipality": ["179", "249"]})
    assert len(names(response)) == 20
    # The same search again: its counts, facets and rendered cards come from the cache.
    with django_assert_num_queries(0):
        response = client.get(LIST_URL, {"q": "yhdistys", "municipality": ["179", "249"]})
    assert len(names(response)) == 20


def test_organisation_page_shows_public_data(client):
    parent = OrganisationFactory(name="Muistiliitto ry")
    org = OrganisationFactory(
        name="Keuruun Muistiyhdistys ry",
        display_name="Keuruun Muisti",
        business_id="1572860-0",
        register_number="123.456",
        parent=parent,
        municipalities=[municipality("249")],
        categories=["older_people"],
        roles=["volunteering"],
        target_groups=[TermFactory(slug="omaishoitajat", name_fi="Omaishoitajat")],
        themes=[TermFactory(slug="muisti", name_fi="Muisti", kind="theme")],
        networks=[NetworkFactory(slug="areena", name_fi="Järjestöareena")],
        languages=["fi", "sv"],
        produces_services=True,
        service_kinds=["day_activities"],
        email="info@example.fi",
        phone="+358401234567",
        website="https://muisti.example.fi/",
        social_links=["https://www.facebook.com/muisti"],
        summary_fi="Tukea muistisairaille.",
        description_sv="Vi stöder personer med minnessjukdom.",
        last_confirmed_at=datetime(2026, 3, 1, 22, 30, tzinfo=UTC),
    )
    response = client.get(org.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Keuruun Muisti</h1>" in html
    for text in ["Keuruun Muistiyhdistys ry", "1572860-0", "123.456", "Keuruu", "Omaishoitajat",
                 "Muisti", "Järjestöareena", "info@example.fi", "040 123 4567",
                 "Tukea muistisairaille."]:  # fmt: skip
        assert text in html, text
    assert f'href="{parent.get_absolute_url()}"' in html
    assert '<a href="https://www.facebook.com/muisti" rel="noopener">' in html
    # The Swedish description is the fallback on a Finnish page: marked with its language.
    assert '<div lang="sv"><p>Vi stöder personer med minnessjukdom.</p></div>' in html
    # Confirmed 1 March 22:30 UTC is 2 March in Helsinki.
    assert '<time datetime="2026-03-02">' in html
    assert "Edit" not in html and "Muokkaa" not in html


def test_json_ld(client):
    org = OrganisationFactory(
        name="Keuruun Muistiyhdistys ry",
        display_name="Keuruun Muisti",
        business_id="1572860-0",
        municipalities=[municipality("249")],
        social_links=["https://www.facebook.com/muisti"],
        languages=["fi", "sv", "selko"],
        summary_fi="Tukea </script> muistisairaille & läheisille.",
        phone="+358401234567",
    )
    html = client.get(org.get_absolute_url()).content.decode()
    match = re.search(
        r'<script type="application/ld\+json" nonce="[^"]+">(.*?)</script>', html, re.S
    )
    assert match
    data = json.loads(match.group(1))
    assert data["@type"] == "Organization"
    assert data["name"] == "Keuruun Muistiyhdistys ry"
    assert data["alternateName"] == "Keuruun Muisti"
    assert data["taxID"] == "1572860-0"
    assert data["telephone"] == "+358401234567"
    assert data["address"][0]["addressLocality"] == "Keuruu"
    assert data["sameAs"] == ["https://www.facebook.com/muisti"]
    assert data["knowsLanguage"] == ["fi", "sv"]
    assert data["description"] == "Tukea </script> muistisairaille & läheisille."


def test_draft_is_hidden_from_anonymous_but_shown_to_members(client):
    membership = MembershipFactory(
        organisation=OrganisationFactory(name="Luonnos ry", status="draft"),
        role=Membership.Role.EDITOR,
    )
    url = membership.organisation.get_absolute_url()
    assert client.get(url).status_code == 404
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(membership.user)
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Luonnos ry</h1>" in html
    assert f'href="/fi/manage/organisations/{membership.organisation.slug}/edit/"' in html


def test_published_page_offers_non_members_a_way_to_ask_for_access(client):
    membership = MembershipFactory(organisation=OrganisationFactory(name="Julkinen ry"))
    organisation = membership.organisation
    request_url = f"/fi/manage/organisations/{organisation.slug}/request-access/"
    # Anonymous visitors and logged-in non-members see the link; it leads to the request form
    # (through the login page for visitors).
    assert f'href="{request_url}"' in client.get(organisation.get_absolute_url()).content.decode()
    client.force_login(UserFactory())
    html = client.get(organisation.get_absolute_url()).content.decode()
    assert f'href="{request_url}"' in html
    assert client.get(request_url).status_code == 200
    # Members edit instead.
    client.force_login(membership.user)
    html = client.get(organisation.get_absolute_url()).content.decode()
    assert request_url not in html
    assert f'href="/fi/manage/organisations/{organisation.slug}/edit/"' in html


def test_unknown_slug_is_404(client):
    assert client.get("/fi/organisations/ei-ole/").status_code == 404


def test_merged_organisation_redirects_permanently(client):
    survivor = OrganisationFactory(name="Uusi ry")
    middle = OrganisationFactory(name="Välissä ry", merged_into=survivor, status="archived",
                                 archive_reason="Yhdistetty")  # fmt: skip
    old = OrganisationFactory(name="Vanha ry", merged_into=middle, status="archived",
                              archive_reason="Yhdistetty")  # fmt: skip
    response = client.get(old.get_absolute_url())
    assert response.status_code == 301
    assert response["Location"] == survivor.get_absolute_url()


def test_detail_query_count(client, django_assert_num_queries):
    org = OrganisationFactory(
        parent=OrganisationFactory(),
        municipalities=[municipality("249")],
        target_groups=[TermFactory()],
        networks=[NetworkFactory()],
    )
    # 1. the organisation by slug: the columns of the access check, cache key and title
    # 2. the cache is empty: the shown columns with the welfare area and parent joined, and the
    #    names of its municipalities, networks, target groups and themes as subqueries
    # 3-4. its coming activities with their next dates, and the meeting places it runs
    #    (meetingplaces.pages)
    with django_assert_num_queries(4):
        response = client.get(org.get_absolute_url())
    assert response.status_code == 200
    # The article and JSON-LD come from the shared cache: only 1.
    with django_assert_num_queries(1):
        response = client.get(org.get_absolute_url())
    assert response.status_code == 200


def test_cached_page_has_this_requests_csrf_token_and_nonce():
    """A visitor's organisation page comes from the page cache from the second request on: its
    CSP nonce is still that of each response; an anonymous visitor's page has no form, so no
    CSRF token at all (the layout mints none); a signed-in person's logout form has a token of
    their own response, which is accepted."""
    client = Client(enforce_csrf_checks=True)
    org = OrganisationFactory(name="Välimuisti ry")
    seen_nonces = set()
    for _ in range(2):
        response = client.get(org.get_absolute_url())
        html = response.content.decode()
        nonces = set(re.findall(r'nonce="([^"]+)"', html))
        assert len(nonces) == 1
        nonce = nonces.pop()
        assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]
        seen_nonces.add(nonce)
        assert "csrfmiddlewaretoken" not in html and "X-CSRFToken" not in html
        assert "csrftoken" not in response.cookies
    assert len(seen_nonces) == 2
    # Logged-in visitors get a page rendered for them (their menu), never a cached one.
    client.force_login(UserFactory())
    seen = set()
    for _ in range(2):
        html = client.get(org.get_absolute_url()).content.decode()
        assert "<h1>Välimuisti ry</h1>" in html
        tokens = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html))
        assert len(tokens) == 1
        token = tokens.pop()
        assert len(token) == 64
        seen.add(token)
    assert len(seen) == 2  # masked afresh for each response
    response = client.post(reverse("account_logout"), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_page_says_when_the_texts_are_in_another_language(client):
    only_finnish = OrganisationFactory(name="Suomeksi ry", description_fi="Kerhoja ja retkiä.")
    html = client.get(only_finnish.get_absolute_url().replace("/fi/", "/sv/", 1)).content.decode()
    assert '<div lang="fi">' in html
    assert "Organisationen har skrivit sina egna texter bara på finska." in html
    # In Finnish, or when the text is in the page's language, nothing to say.
    html = client.get(only_finnish.get_absolute_url()).content.decode()
    assert "vain suomeksi" not in html
    both = OrganisationFactory(
        name="Tvåspråkig rf", description_fi="Kerhoja.", description_sv="Klubbar."
    )
    html = client.get(both.get_absolute_url().replace("/fi/", "/sv/", 1)).content.decode()
    assert "bara på" not in html


def test_card_summary_in_another_language_is_marked_with_its_language(client):
    OrganisationFactory(name="Suomeksi ry", summary_fi="Kerhoja ja retkiä.", summary_sv="")
    OrganisationFactory(name="Tvåspråkig rf", summary_fi="Kerhoja.", summary_sv="Klubbar.")
    html = client.get("/sv/organisations/").content.decode()
    assert '<p class="org-card__summary" lang="fi">Kerhoja ja retkiä.</p>' in html
    assert '<p class="org-card__summary">Klubbar.</p>' in html
    html = client.get("/fi/organisations/").content.decode()
    assert '<p class="org-card__summary">Kerhoja ja retkiä.</p>' in html
