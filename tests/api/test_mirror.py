"""A consumer keeps a copy of one welfare area through modified_since: after creates, edits,
archiving and a merge, its copy equals what the API gives from scratch."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from meetingplaces.editing import activity_set_status
from meetingplaces.models import PublishStatus
from meetingplaces.services import activity_saved, place_saved
from organisations.services.merge import organisation_merge
from organisations.services.review import organisation_archive
from tests.meetingplaces.factories import ActivityFactory, MeetingPlaceFactory
from tests.organisations.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

KINDS = ("organisations", "places", "activities")


def fetch_all(client, kind: str, since: str | None) -> tuple[list[dict], list[dict], str]:
    """Every page of a list (2 a page, so that the cursor is used): objects, tombstones, and
    the first page's generated_at (the next call's modified_since)."""
    url = f"/api/v1/{kind}?welfare_area=keski-suomi&page_size=2"
    if since:
        url += f"&modified_since={since}"
    results, removed, generated = [], [], None
    while url:
        page = client.get(url).json()
        generated = generated or page["meta"]["generated_at"]
        results += page["results"]
        removed += page.get("removed") or []
        url = page["meta"]["next"] and page["meta"]["next"].split("8000", 1)[1]
    return results, removed, generated


class Mirror:
    def __init__(self) -> None:
        self.copy: dict[str, dict[int, dict]] = {kind: {} for kind in KINDS}
        self.since: dict[str, str | None] = dict.fromkeys(KINDS)

    def sync(self, client) -> None:
        for kind in KINDS:
            results, removed, generated = fetch_all(client, kind, self.since[kind])
            for item in results:
                self.copy[kind][item["id"]] = item
            for stone in removed:
                self.copy[kind].pop(stone["id"], None)
            self.since[kind] = generated


def portal_now(client) -> dict[str, dict[int, dict]]:
    """What a consumer starting afresh gets once the first pages kept for a minute in the API's
    shared cache (api/middleware.py) have gone."""
    cache.clear()
    return {kind: {i["id"]: i for i in fetch_all(client, kind, None)[0]} for kind in KINDS}


def test_a_mirror_follows_creates_edits_archiving_and_a_merge(client):
    first, second = OrganisationFactory(name="Eka ry"), OrganisationFactory(name="Toka ry")
    place = MeetingPlaceFactory(organisations=[first])
    kept = ActivityFactory(organisation=first, place=place)
    archived = ActivityFactory(organisation=second)
    mirror = Mirror()
    mirror.sync(client)
    assert len(mirror.copy["activities"]) == 2

    # Creates
    third = OrganisationFactory(name="Kolmas ry")
    orphaned = ActivityFactory(organisation=third)
    mirror.sync(client)
    assert orphaned.pk in mirror.copy["activities"]

    # Edits: the activity's title, its place's name (what the activity list shows of it)
    kept.title_fi = "Uusi nimi"
    kept.save()
    activity_saved(kept)
    place.name_fi = "Olohuone"
    place.latitude = 62.25
    place.save()
    place_saved(place)
    mirror.sync(client)
    assert mirror.copy["activities"][kept.pk]["title"]["fi"] == "Uusi nimi"
    assert mirror.copy["activities"][kept.pk]["latitude"] == 62.25

    # Archiving: an activity, and an organisation (its activities go with it)
    activity_set_status(archived, PublishStatus.ARCHIVED)
    organisation_archive(organisation=third, user=None, reason="Toiminta päättyi")
    mirror.sync(client)
    assert third.pk not in mirror.copy["organisations"]
    assert orphaned.pk not in mirror.copy["activities"]

    # A merge: the second organisation lives on as the first
    organisation_merge(source=second, target=first, user=None)
    mirror.sync(client)

    assert mirror.copy == portal_now(client)
    assert set(mirror.copy["organisations"]) == {first.pk}
    assert set(mirror.copy["activities"]) == {kept.pk}
