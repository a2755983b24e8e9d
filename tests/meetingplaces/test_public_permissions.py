"""Who may open the public pages, calendar files and feeds of meeting places and activities:
every URL of the "meetingplaces" namespace × every persona × GET and POST.

The personas, outcome classes and world are those of tests/organisations/test_permissions.py
(which exempts this namespace). `test_every_public_url_has_a_row` fails on a URL of the
namespace without a row here, so a new public URL lands with its permission row. The rules:

- a published place or activity (of a published organisation): everyone;
- a draft place or activity, or an activity of a draft organisation: those who may edit it
  (members of its organisation, the coordinator of its area, staff), 404 for everyone else;
- calendar files and feeds: only published things, 404 to everyone otherwise (calendar
  programs fetch them without a login);
- no POST anywhere (405).
"""

from __future__ import annotations

import io
from types import SimpleNamespace

import pytest
from django.test import override_settings
from PIL import Image

from meetingplaces import photos
from meetingplaces.models import PlacePhoto, PublishStatus
from tests.meetingplaces.factories import ActivityFactory, MeetingPlaceFactory
from tests.organisations.test_permissions import (
    NOT_ALLOWED,
    PERSONAS,
    build_world,
    draft_viewers,
    everyone,
)
from tests.personas import NOT_FOUND, OK, Case, assert_rows_cover, matrix_test


def slug_of(attribute: str):
    return lambda w: {"slug": getattr(w, attribute).slug}


def occurrence_of(attribute: str):
    def kwargs(w):
        activity = getattr(w, attribute)
        return {"slug": activity.slug, "pk": activity.occurrences.order_by("starts_at")[0].pk}

    return kwargs


def photo_of(attribute: str):
    def kwargs(w):
        photo = getattr(w, attribute)
        return {"slug": photo.place.slug, "pk": photo.pk, "size": "page"}

    return kwargs


def public_rows(of, attributes: tuple[str, ...], drafts) -> dict[str, Case]:
    """A public page's rows (GET): everyone gets the published one (the world's first
    attribute); the draft and the draft organisation's (the others) get `drafts`."""
    variants = ("published", "draft", "draft organisation's")
    return {
        variant: Case(of(attribute), GET=everyone(OK) if variant == "published" else drafts)
        for variant, attribute in zip(variants, attributes, strict=False)
    }


PLACE = ("place", "draft_place")
ACTIVITY = ("activity", "draft_activity", "draft_org_activity")

MATRIX: dict[str, dict[str, Case]] = {
    "meetingplaces:place": public_rows(slug_of, PLACE, draft_viewers(OK)),
    "meetingplaces:activity": public_rows(slug_of, ACTIVITY, draft_viewers(OK)),
    "meetingplaces:place-feed": public_rows(slug_of, PLACE, everyone(NOT_FOUND)),
    "meetingplaces:activity-feed": public_rows(slug_of, ACTIVITY, everyone(NOT_FOUND)),
    "meetingplaces:occurrence-ics": public_rows(occurrence_of, ACTIVITY, everyone(NOT_FOUND)),
    # A place's photo: only while the place is public, like its page.
    "meetingplaces:place-photo": public_rows(
        photo_of, ("place_photo", "draft_photo"), draft_viewers(OK)
    ),
    "meetingplaces:organisation-feed": public_rows(slug_of, ("org", "draft"), everyone(NOT_FOUND)),
}


def test_every_public_url_has_a_row():
    assert_rows_cover(["meetingplaces:"], MATRIX)


@pytest.fixture(scope="module", autouse=True)
def _media_root(tmp_path_factory):
    """The places' photos in a folder of this module."""
    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        yield


def photo(place) -> PlacePhoto:
    row = PlacePhoto(place=place, alt_fi="Sisäänkäynti")
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "green").save(buffer, "PNG")
    photos.photo_store(row, io.BytesIO(buffer.getvalue()))
    row.save()
    return row


@pytest.fixture(scope="module")
def world(module_transaction, _media_root) -> SimpleNamespace:
    """Built once for the module's hundreds of cells; each test runs in a savepoint."""
    w = build_world()
    w.place = MeetingPlaceFactory(organisations=[w.org], slug="olohuone")
    w.draft_place = MeetingPlaceFactory(
        organisations=[w.org], slug="luonnospaikka", status=PublishStatus.DRAFT
    )
    w.activity = ActivityFactory(organisation=w.org, place=w.place, slug="vertaisryhma")
    w.draft_activity = ActivityFactory(
        organisation=w.org, place=w.place, slug="luonnosryhma", status=PublishStatus.DRAFT
    )
    w.draft_org_activity = ActivityFactory(organisation=w.draft, slug="luonnosyhdistyksen-ryhma")
    w.place_photo = photo(w.place)
    w.draft_photo = photo(w.draft_place)
    return w


# No row names POST: it is NOT_ALLOWED everywhere.
test_access = matrix_test(MATRIX, PERSONAS, unlisted=NOT_ALLOWED)


def test_post_is_refused_everywhere():
    assert all(case.POST is None for variants in MATRIX.values() for case in variants.values())
