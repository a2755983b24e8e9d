"""What the shared layout costs and gives every page: no query and no CSRF cookie for an
anonymous visitor, language links to the same page, and the signed-in person's own links
(issue 14, "Speed": the layout every page shares; issue 16 item 2)."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.personas import make_user

pytestmark = pytest.mark.django_db


def test_an_information_page_costs_no_query_for_an_anonymous_visitor(
    client, django_assert_num_queries
):
    client.get(reverse("accessibility"))  # templates loaded, caches warm
    with django_assert_num_queries(0):
        response = client.get(reverse("accessibility"))
    assert response.status_code == 200


def test_the_layout_mints_no_csrf_token_for_pages_without_forms(client):
    response = client.get(reverse("accessibility"))
    assert "csrftoken" not in response.cookies
    assert b"csrfmiddlewaretoken" not in response.content


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_language_links_lead_to_the_same_page(client, lang):
    with translation.override(lang):
        path = reverse("accessibility")
    response = client.get(path + "?from=test")
    html = response.content.decode()
    for code in {"fi", "sv", "en"} - {lang}:
        with translation.override(code):
            other = reverse("accessibility")
        assert f'<a href="{other}?from=test" hreflang="{code}" lang="{code}">' in html
    assert f'lang="{lang}" aria-current="true"' in html


def test_signed_in_header_links_the_persons_own_sign_ups(client):
    client.force_login(make_user("asukas@example.com"))
    response = client.get(reverse("home"))
    assert f'href="{reverse("signups:mine")}"' in response.content.decode()
    assert "Omat ilmoittautumiset" in response.content.decode()
    response = client.get(reverse("signups:mine"))
    html = response.content.decode()
    assert f'<a href="{reverse("signups:mine")}" aria-current="page">' in html
