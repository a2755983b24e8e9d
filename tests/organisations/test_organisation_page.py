"""One organisation's page: plain ORM and templates, its fragments in Django's shared cache, and
a way back to the search the visitor came from."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from organisations.models import Membership
from organisations.services.freshness import organisation_confirm
from organisations.views import public
from tests.organisations.factories import (
    MembershipFactory,
    OrganisationFactory,
    TermFactory,
    municipality,
)

pytestmark = pytest.mark.django_db
PLAIN = 'href="/fi/organisations/"'


def html(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_no_page_cache_inside_the_process():
    """Several web processes must answer the same: nothing of the page is kept in memory."""
    for name in ("SmallLRU", "ARTICLES", "ANONYMOUS_PAGES", "CSRF_PLACEHOLDER", "_detail_sql"):
        assert not hasattr(public, name), name


def test_a_change_shows_at_once_though_the_page_is_cached(client):
    organisation = OrganisationFactory(name="Muistiyhdistys ry", summary_fi="Vanha teksti.")
    url = organisation.get_absolute_url()
    assert "Vanha teksti." in html(client.get(url))
    assert "Vanha teksti." in html(client.get(url))  # from the cache

    organisation.summary_fi = "Uusi teksti."
    organisation.version += 1
    organisation.save()
    page = html(client.get(url))
    assert "Uusi teksti." in page and "Vanha teksti." not in page

    # Confirming touches one column with an UPDATE: the date still changes on the page.
    assert "Ei vielä vahvistettu" in html(client.get(url))
    organisation_confirm(organisation=organisation)
    page = html(client.get(url))
    assert "Ei vielä vahvistettu" not in page and "Not confirmed yet" not in page


def test_fragments_differ_by_language_and_edit_right(client):
    membership = MembershipFactory(
        organisation=OrganisationFactory(
            name="Kieliyhdistys ry",
            summary_fi="Suomeksi.",
            summary_sv="På svenska.",
            target_groups=[TermFactory(name_fi="lapset", name_sv="barn")],
        ),
        role=Membership.Role.EDITOR,
    )
    organisation = membership.organisation
    url = f"/fi/organisations/{organisation.slug}/"
    fi = html(client.get(url))
    sv = html(client.get(f"/sv/organisations/{organisation.slug}/"))
    assert "Suomeksi." in fi and "lapset" in fi
    assert "På svenska." in sv and "barn" in sv and "Suomeksi." not in sv

    edit_url = f"/fi/manage/organisations/{organisation.slug}/edit/"
    assert edit_url not in fi
    client.force_login(membership.user)
    assert edit_url in html(client.get(url))
    # And the member's cached fragment did not become the visitors'.
    client.logout()
    assert edit_url not in html(client.get(url))


def test_the_cache_is_djangos_shared_cache(client, django_assert_num_queries):
    organisation = OrganisationFactory(municipalities=[municipality("249")])
    url = organisation.get_absolute_url()
    html(client.get(url))
    with django_assert_num_queries(1):
        html(client.get(url))
    cache.clear()  # what another web process would see with an empty cache
    # The access check, the page, and its activities and meeting places (meetingplaces.pages).
    with django_assert_num_queries(4):
        assert "Keuruu" in html(client.get(url))


@pytest.mark.parametrize(
    ("headers", "params", "expected"),
    [
        # Came from a search with filters: back to it.
        (
            {"HTTP_REFERER": "http://testserver/fi/organisations/?q=muisti&category=carers"},
            {},
            'href="/fi/organisations/?q=muisti&amp;category=carers"',
        ),
        # An explicit back parameter (a relative URL) wins over the Referer.
        (
            {"HTTP_REFERER": "http://testserver/fi/organisations/?q=muisti"},
            {"back": "/fi/organisations/?q=omaishoitajat&page=2"},
            'href="/fi/organisations/?q=omaishoitajat&amp;page=2"',
        ),
        # Another site, another page of ours, a scheme trick: the plain directory.
        (
            {"HTTP_REFERER": "https://evil.example/fi/organisations/?q=x"},
            {},
            'href="/fi/organisations/"',
        ),
        ({"HTTP_REFERER": "http://testserver/fi/"}, {}, 'href="/fi/organisations/"'),
        ({}, {"back": "//evil.example/fi/organisations/?q=x"}, 'href="/fi/organisations/"'),
        ({}, {"back": "javascript:alert(1)"}, 'href="/fi/organisations/"'),
        ({}, {}, 'href="/fi/organisations/"'),
    ],
)
def test_back_to_the_directory_keeps_the_search(client, headers, params, expected):
    organisation = OrganisationFactory(name="Paluuyhdistys ry")
    page = html(client.get(organisation.get_absolute_url(), params, **headers))
    back = page.split('class="org-page__back"', 1)[1].split("</p>", 1)[0]
    assert expected in back


def test_user_given_names_are_isolated(client):
    parent = OrganisationFactory(name="Liitto \u202eyr")
    organisation = OrganisationFactory(
        name="Virallinen Nimi ry", display_name="Arkinimi", parent=parent
    )
    page = html(client.get(organisation.get_absolute_url()))
    assert ": <bdi>Virallinen Nimi ry</bdi>" in page
    assert f'<a href="{parent.get_absolute_url()}"><bdi>' in page
