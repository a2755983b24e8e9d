"""The result cards' facts are made once per result in Python (search/cards.py): what a person
reads on a card, escaped as the template would, and the page's template stays slim."""

import re

import pytest
from django.template import base

from meetingplaces.models import Venue
from tests.meetingplaces.factories import ActivityFactory, pinned_place, weekly
from tests.organisations.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

URL = "/fi/search/"
JYVASKYLA = (62.2415, 25.7209)


@pytest.fixture
def cards(db):
    org = OrganisationFactory(name="Muistiyhdistys <Keski-Suomi> ry")
    place = pinned_place(
        (JYVASKYLA[0] + 3 / 111.2, JYVASKYLA[1]),
        name_fi="Kohtaamo & kahvila",
        street_address="Kauppakatu 1",
        organisations=[org],
    )
    weekly(
        "Muistikahvila", "TH", (18, 20), organisation=org, place=place, is_free=True,
        signup_required=True,
    )  # fmt: skip
    ActivityFactory(
        title_fi="Muistiryhmä verkossa",
        organisation=org,
        venue=Venue.ONLINE,
        place=None,
        is_free=False,
        fee_amount=5,
    )


def card_html(html: str, title: str) -> str:
    start = html.index(f"<bdi>{title}</bdi>")
    return html[html.rindex("<li", 0, start) : html.index("</li>", start)]


def test_an_activity_card_says_when_where_how_far_cost_and_who(client, cards):
    response = client.get(URL, {"q": "muisti", "postcode": "40100", "radius": "10"})
    html = response.text
    card = card_html(html, "Muistikahvila")
    assert "<dt>Seuraavan kerran</dt>" in card
    assert '<time datetime="' in card and "torstai" in card and "klo 18.00" in card
    assert "<dd><bdi>Kohtaamo &amp; kahvila</bdi>, Kauppakatu 1, Jyväskylä</dd>" in card
    assert re.search(r"<dt>Etäisyys</dt><dd>3,\d km</dd>", card)  # ~3 km, a decimal comma
    assert "<dd>Maksuton</dd>" in card and "<dd>Ilmoittautuminen tarvitaan</dd>" in card
    assert "<dd><bdi>Muistiyhdistys &lt;Keski-Suomi&gt; ry</bdi></dd>" in card
    assert 'data-lat="' in card and 'data-title="Muistikahvila"' in card
    online = card_html(html, "Muistiryhmä verkossa")
    assert "<dd>Verkossa</dd>" in online and "<dd>5,00 €</dd>" in online
    assert "km</dd>" not in online and "data-lat" not in online


def test_the_page_renders_a_few_hundred_template_nodes(client, cards, monkeypatch):
    """Twenty cards and the filters were some 1,200 nodes; a card is now about ten."""
    client.get(URL, {"q": "muisti"})  # the filters' fragment is cached
    rendered = []
    original = base.Node.render_annotated

    def counting(self, context):
        rendered.append(type(self).__name__)
        return original(self, context)

    monkeypatch.setattr(base.Node, "render_annotated", counting)
    client.get(URL, {"q": "muisti"})
    assert len(rendered) < 250
