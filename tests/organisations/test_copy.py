"""Words on the pages: "optional" is not "volunteer", counts in their plural forms, one date
format in every language."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from organisations.models import Category, Status
from tests.organisations.factories import OrganisationFactory
from tests.personas import make_coordinator

pytestmark = pytest.mark.django_db

OPTIONAL_TEXTS = [
    "Optional. Shown to other members of your organisation.",
    "Message to the organisation's administrators (optional)",
    "Y-tunnus, for example 1234567-1. Optional.",
    "Yhdistysrekisterinumero, for example 123.456. Optional.",
]


@pytest.mark.parametrize("text", OPTIONAL_TEXTS)
def test_optional_is_not_called_volunteer(text):
    """On this portal "vapaaehtoinen" / "frivillig" reads as "volunteer"."""
    with translation.override("fi"):
        finnish = gettext(text)
    with translation.override("sv"):
        swedish = gettext(text)
    assert "ei pakollinen" in finnish.lower()
    assert "vapaaehto" not in finnish.lower()
    assert "valfritt" in swedish.lower()
    assert "frivillig" not in swedish.lower()


def test_facet_counts_read_in_their_plural_forms(client):
    for _ in range(3):
        OrganisationFactory(categories=[Category.OLDER_PEOPLE])
    OrganisationFactory(categories=[Category.YOUTH])

    finnish = client.get("/fi/organisations/").content.decode()
    assert '(3<span class="visually-hidden"> järjestöä</span>)' in finnish
    assert '(1<span class="visually-hidden"> järjestö</span>)' in finnish

    swedish = client.get("/sv/organisations/").content.decode()
    assert '(3<span class="visually-hidden"> organisationer</span>)' in swedish
    assert '(1<span class="visually-hidden"> organisation</span>)' in swedish
    # The phone's "Show filters (1 chosen)" in Swedish: "1 valt", "2 valda".
    assert 'data-chosen-one="{count} valt"' in swedish
    assert 'data-chosen-other="{count} valda"' in swedish


@pytest.mark.parametrize(
    ("language", "shown"),
    [("fi", "17.3.2026 9.05"), ("sv", "17.3.2026 9.05"), ("en", "17.3.2026 09:05")],
)
def test_dates_in_one_format_in_every_language(client, language, shown):
    coordinator = make_coordinator("koordinaattori@example.com")
    client.force_login(coordinator)
    submitted = datetime(2026, 3, 17, 7, 5, tzinfo=UTC)  # 9.05 in Helsinki
    OrganisationFactory(status=Status.IN_REVIEW, submitted_at=submitted)
    published = OrganisationFactory(status=Status.PUBLISHED, last_confirmed_at=submitted)

    with translation.override(language):
        queue = client.get(reverse("coordinate:queue")).content.decode()
        page = client.get(published.get_absolute_url()).content.decode()
    assert f">{shown}</time>" in queue
    assert '<time datetime="2026-03-17">17.3.2026</time>' in page
