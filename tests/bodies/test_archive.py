"""The public archive: published minutes, decisions and agenda items in the shared search,
found with inflected Finnish words, filtered by body and year; drafts never."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from bodies import services
from bodies.models import AgendaItem, Meeting
from bodies.search import KIND_AGENDA_ITEM, KIND_DECISION, KIND_MINUTES, archive_search
from search.models import SearchEntry
from tests.bodies.conftest import member

pytestmark = pytest.mark.django_db


def found(q: str, *, kinds=(KIND_DECISION,), body_ids=(), years=()) -> set[int]:
    sections = archive_search(q=q, body_ids=list(body_ids), years=list(years), kinds=list(kinds))
    return {hit.object_id for section in sections for hit in section.hits}


def publish(world, *, title: str, decision: str, days_ago: int = 30, body=None) -> AgendaItem:
    body = body or world.body
    meeting = Meeting.objects.create(
        body=body, starts_at=timezone.now() - timedelta(days=days_ago), place="Jyväskylä"
    )
    item = AgendaItem.objects.create(
        meeting=meeting, title=title, decision=decision, outcome="approved"
    )
    chair = body.members.filter(role="chair").first() or member(body, "P J", "chair")
    services.minutes_submit(meeting=meeting, review_days=1)
    services.minutes_approve(meeting=meeting, chair=chair, user=None)
    return item


def test_inflected_words_find_the_base_forms(body_world):
    item = publish(body_world, title="Toimintasuunnitelma", decision="Tehtiin päätös asiasta.")
    club = publish(body_world, title="Yhdistys mukaan", decision="Hyväksyttiin.")

    assert item.pk in found("päätöksiä")
    assert club.pk in found("yhdistysten")
    # "Yhdistysten avustukset" of the world's published minutes, by its base form.
    assert body_world.published_item.pk in found("yhdistys")
    assert body_world.published_item.pk in found("avustuksia")


def test_drafts_are_not_in_the_archive(body_world):
    assert (
        SearchEntry.objects.filter(kind=KIND_DECISION, object_id=body_world.draft_item.pk).count()
        == 0
    )
    assert found("luonnospäätös") == set()
    assert not SearchEntry.objects.filter(kind=KIND_MINUTES, object_id=body_world.draft.pk).exists()


def test_the_upcoming_agenda_is_searchable_as_agenda_items(body_world):
    item = body_world.upcoming.items.get()
    assert item.pk in found("tulevat", kinds=(KIND_AGENDA_ITEM,))


def test_filters_by_body_and_year(body_world):
    other = publish(
        body_world, title="Areenan päätös", decision="Päätös tehtiin.", body=body_world.other_body
    )
    old = publish(body_world, title="Vanha päätös", decision="Päätös.", days_ago=800)

    assert found("päätös", body_ids=[body_world.other_body.pk]) == {other.pk}
    year = (timezone.localtime(timezone.now()) - timedelta(days=800)).year
    assert found("päätös", years=[year]) == {old.pk}


def test_a_correction_replaces_the_archived_text(body_world):
    meeting = body_world.published
    services.minutes_start_correction(meeting=meeting)
    body_world.published_item.decision = "Korjattu ratkaisu: haku siirtyy."
    services.item_save(item=body_world.published_item)
    assert body_world.published_item.pk in found("avataan")  # still the published text

    services.minutes_submit(meeting=meeting, review_days=1, note="Päätöksen sanamuoto korjattu.")
    services.minutes_approve(meeting=meeting, chair=body_world.chair, user=None)

    assert body_world.published_item.pk in found("ratkaisu")
    assert body_world.published_item.pk not in found("avataan")


def test_the_archive_page_lists_hits_per_kind(client, body_world):
    response = client.get(reverse("bodies:archive"), {"q": "avustuksia"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Yhdistysten avustukset" in html
    assert reverse("bodies:meeting", kwargs={"pk": body_world.published.pk}) in html


def test_a_long_result_has_a_next_page_of_its_kind(client, body_world):
    for n in range(21):
        publish(body_world, title=f"Päätös numero {n}", decision="Päätettiin.", days_ago=30 + n)

    first = client.get(reverse("bodies:archive"), {"q": "päätettiin"})
    html = first.content.decode()
    assert "kind=body_decision" in html and "page=2" in html
    second = client.get(
        reverse("bodies:archive"), {"q": "päätettiin", "kind": "body_decision", "page": 2}
    )
    assert len(second.context["sections"]) == 1
    assert len(second.context["sections"][0].hits) == 1


@pytest.mark.parametrize("q", ["päätös", "päätökset", "päätöksiä", "paatoksia", "päätösten"])
def test_every_form_of_decision_finds_the_same_decisions(body_world, q):
    """The base form, plural and partitive, and the partitive typed without ä and ö."""
    one = publish(body_world, title="Avustusten jako", decision="Päätöksiä tehtiin kaksi.")
    two = publish(body_world, title="Tilojen käyttö", decision="Päätökset julkaistaan verkossa.")
    assert {one.pk, two.pk} <= found(q)
