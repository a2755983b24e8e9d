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
from django.urls import reverse
from django.utils import translation
from PIL import Image

from meetingplaces import photos
from meetingplaces.models import PlacePhoto, PublishStatus
from tests.meetingplaces.factories import ActivityFactory, MeetingPlaceFactory
from tests.organisations.test_permissions import (
    METHODS,
    NOT_ALLOWED,
    NOT_FOUND,
    OK,
    PERSONAS,
    Case,
    build_world,
    draft_viewers,
    everyone,
    outcome,
    url_names,
)

# Each test in a savepoint inside the module's transaction (tests/conftest.py).
pytestmark = pytest.mark.django_db

NAMESPACE = "meetingplaces:"


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


MATRIX: dict[str, dict[str, Case]] = {
    "meetingplaces:place": {
        "published": Case(slug_of("place"), GET=everyone(OK)),
        "draft": Case(slug_of("draft_place"), GET=draft_viewers(OK)),
    },
    "meetingplaces:activity": {
        "published": Case(slug_of("activity"), GET=everyone(OK)),
        "draft": Case(slug_of("draft_activity"), GET=draft_viewers(OK)),
        "draft organisation's": Case(slug_of("draft_org_activity"), GET=draft_viewers(OK)),
    },
    "meetingplaces:place-feed": {
        "published": Case(slug_of("place"), GET=everyone(OK)),
        "draft": Case(slug_of("draft_place"), GET=everyone(NOT_FOUND)),
    },
    "meetingplaces:activity-feed": {
        "published": Case(slug_of("activity"), GET=everyone(OK)),
        "draft": Case(slug_of("draft_activity"), GET=everyone(NOT_FOUND)),
        "draft organisation's": Case(slug_of("draft_org_activity"), GET=everyone(NOT_FOUND)),
    },
    "meetingplaces:occurrence-ics": {
        "published": Case(occurrence_of("activity"), GET=everyone(OK)),
        "draft": Case(occurrence_of("draft_activity"), GET=everyone(NOT_FOUND)),
        "draft organisation's": Case(occurrence_of("draft_org_activity"), GET=everyone(NOT_FOUND)),
    },
    # A place's photo: only while the place is public, like its page.
    "meetingplaces:place-photo": {
        "published": Case(photo_of("place_photo"), GET=everyone(OK)),
        "draft": Case(photo_of("draft_photo"), GET=draft_viewers(OK)),
    },
    "meetingplaces:organisation-feed": {
        "published": Case(slug_of("org"), GET=everyone(OK)),
        "draft": Case(slug_of("draft"), GET=everyone(NOT_FOUND)),
    },
}


def test_every_public_url_has_a_row():
    found = {name for name in url_names() if name.startswith(NAMESPACE)}
    assert "meetingplaces:place" in found
    missing = sorted(found - set(MATRIX))
    assert not missing, f"add these URLs to MATRIX in {__name__}: {missing}"
    stale = sorted(set(MATRIX) - found)
    assert not stale, f"these URLs no longer exist; remove them from MATRIX: {stale}"


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


def cells():
    for name, variants in MATRIX.items():
        for variant in variants:
            for method in METHODS:
                for persona in PERSONAS:
                    label = f"{name}[{variant}]-{method}-{persona}"
                    yield pytest.param(name, variant, method, persona, id=label)


@pytest.mark.parametrize(("name", "variant", "method", "persona"), list(cells()))
def test_access(client, world, name, variant, method, persona):
    case = MATRIX[name][variant]
    with translation.override("fi"):
        url = reverse(name, kwargs=case.kwargs(world))
    user = world.users[persona]
    if user is not None:
        client.force_login(user)
    response = client.get(url) if method == "GET" else client.post(url, {})
    expected = getattr(case, method)[persona]
    assert outcome(response) in expected, (
        f"{method} {url} as {persona}: {response.status_code} "
        f"{response.get('Location', '')} ({outcome(response)}), expected {sorted(expected)}"
    )


def test_post_is_refused_everywhere():
    assert all(
        case.POST is NOT_ALLOWED for variants in MATRIX.values() for case in variants.values()
    )
