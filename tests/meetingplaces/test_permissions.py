"""Who may open what in meeting places and activities: every URL of the namespaces
"meetingplaces" (public pages) and "places_manage" (associations' editing) × every persona ×
GET and POST.

The personas, outcome classes and the registry's world (a published organisation with an
editor and an admin, a draft, another organisation with its own member, coordinators of this
and of another area, staff, and a coordinator and a staff member without TOTP) come from
tests/organisations/test_permissions.py; this module adds places, activities and an occurrence.

The rules (meetingplaces/access.py):
- public pages: everyone for a published place or activity; a draft is 404 to all but its
  organisation's members, the area's coordinator and staff (no TOTP set-up from a public page);
- editing: login required; members (editor, admin) of an organisation that runs the place or
  owns the activity, the area's coordinator and staff; someone else's published object is 403,
  a draft 404; a coordinator or staff member without TOTP is sent to set it up.

Every URL of both namespaces needs a row: in MATRIX here or, for public pages, in MATRIX of
tests/meetingplaces/test_public_permissions.py (the public pages' own matrix, run there; this
module checks that no URL of either namespace is left without a row). `place_page()` and
`activity_page()` give the usual public rows.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from meetingplaces.models import ActivityBreak, Occurrence, PublishStatus
from tests.meetingplaces.factories import ActivityFactory, MeetingPlaceFactory
from tests.meetingplaces.test_public_permissions import MATRIX as PUBLIC_MATRIX
from tests.meetingplaces.test_public_permissions import slug_of
from tests.organisations.test_permissions import (
    NOT_ALLOWED,
    PERSONAS,
    build_world,
    draft_viewers,
    editors,
    everyone,
    grid,
)
from tests.personas import (
    ALLOWED,
    FORBIDDEN,
    LOGIN,
    NOT_FOUND,
    OK,
    Case,
    assert_rows_cover,
    matrix_test,
    outcome,
    request_as,
)

# Each test in a savepoint inside the module's transaction (tests/conftest.py).
pytestmark = pytest.mark.django_db

NAMESPACES = ("meetingplaces:", "places_manage:")


def place_page() -> dict[str, Case]:
    """A public page of one place (URL kwarg `slug`): everyone for a published place, its
    organisations' members, the coordinator and staff for a draft; no POST."""
    return {
        "published place": Case(lambda w: {"slug": w.place.slug}, GET=everyone(OK)),
        "draft place": Case(lambda w: {"slug": w.draft_place.slug}, GET=draft_viewers(OK)),
    }


def activity_page() -> dict[str, Case]:
    """A public page of one activity (URL kwarg `slug`); no POST."""
    return {
        "published activity": Case(lambda w: {"slug": w.activity.slug}, GET=everyone(OK)),
        "draft activity": Case(lambda w: {"slug": w.draft_activity.slug}, GET=draft_viewers(OK)),
    }


def others(denied=FORBIDDEN) -> dict:
    """Another organisation's object: its member, the coordinator and staff; our members not."""
    return editors(denied) | {"editor": denied, "admin": denied, "other_member": ALLOWED}


def shared() -> dict:
    """A place run by both organisations: members of either edit it."""
    return editors() | {"other_member": ALLOWED}


def wrong_activity() -> dict:
    """A date of another activity through this activity's URL: refused as the activity is,
    and not found for those who may edit this activity."""
    return grid(
        anonymous=LOGIN, resident=FORBIDDEN, editor=NOT_FOUND, admin=NOT_FOUND,
        other_member=FORBIDDEN, coordinator=NOT_FOUND, other_coordinator=FORBIDDEN,
        staff=NOT_FOUND,
    )  # fmt: skip


def editing(thing: str, *, draft: bool = False, other: bool = False) -> dict[str, Case]:
    """An editing page (GET and POST) of our published place or activity (`thing`), and of our
    draft (404 to those who may not edit it) and another organisation's (403) when asked."""
    rows = {"published": Case(slug_of(thing), GET=editors(), POST=editors())}
    if draft:
        rows["draft"] = Case(
            slug_of(f"draft_{thing}"), GET=editors(NOT_FOUND), POST=editors(NOT_FOUND)
        )
    if other:
        rows["another organisation's"] = Case(
            slug_of(f"other_{thing}"), GET=others(), POST=others()
        )
    return rows


org, place, activity = slug_of("org"), slug_of("place"), slug_of("activity")
other_activity = slug_of("other_activity")


def occurrence(w):
    return {"slug": w.activity.slug, "pk": w.occurrence.pk}


# A method a row leaves out is NOT_ALLOWED (as on the public pages: test_public_permissions.py).
MATRIX: dict[str, dict[str, Case]] = {
    "meetingplaces:place": place_page(),
    "meetingplaces:activity": activity_page(),
    # An organisation's list of places and activities.
    "places_manage:overview": {
        "published": Case(org, GET=editors()),
        "draft organisation": Case(lambda w: {"slug": w.draft.slug}, GET=editors(NOT_FOUND)),
    },
    "places_manage:place-create": {
        "published": Case(org, GET=editors(), POST=editors()),
        "draft organisation": Case(
            lambda w: {"slug": w.draft.slug}, GET=editors(NOT_FOUND), POST=editors(NOT_FOUND)
        ),
        "another organisation": Case(
            lambda w: {"slug": w.other_org.slug}, GET=others(), POST=others()
        ),
    },
    "places_manage:activity-create": {
        "published": Case(org, GET=editors(), POST=editors()),
        "another organisation": Case(
            lambda w: {"slug": w.other_org.slug}, GET=others(), POST=others()
        ),
    },
    "places_manage:activity-preview": {"published": Case(org, POST=editors())},
    "places_manage:place-edit": editing("place", draft=True, other=True)
    | {"shared": Case(slug_of("shared_place"), GET=shared(), POST=shared())},
    "places_manage:place-archive": editing("place", other=True),
    "places_manage:activity-edit": editing("activity", draft=True, other=True),
    "places_manage:activity-duplicate": editing("activity", other=True),
    "places_manage:activity-archive": editing("activity", draft=True),
    "places_manage:occurrences": {
        "published": Case(activity, GET=editors()),
        "another organisation's": Case(lambda w: {"slug": w.other_activity.slug}, GET=others()),
    },
    "places_manage:occurrence-cancel": {
        "coming date": Case(occurrence, GET=editors(), POST=editors()),
        # Another activity's date through this activity's URL: not found for everyone.
        "another activity's date": Case(
            lambda w: {"slug": w.activity.slug, "pk": w.other_occurrence.pk},
            GET=wrong_activity(),
            POST=wrong_activity(),
        ),
    },
    "places_manage:occurrence-move": {
        "coming date": Case(occurrence, GET=editors(), POST=editors()),
    },
    "places_manage:occurrence-restore": {"coming date": Case(occurrence, POST=editors())},
    # Breaks of an activity: declared and removed by those who edit the activity.
    "places_manage:break-add": {"activity": Case(activity, GET=editors(), POST=editors())},
    "places_manage:break-remove": {
        "coming break": Case(
            lambda w: {"slug": w.activity.slug, "pk": w.activity_break.pk}, POST=editors()
        ),
        # Another activity's break through this activity's URL: not found.
        "another activity's break": Case(
            lambda w: {"slug": w.activity.slug, "pk": w.other_break.pk},
            POST=wrong_activity(),
        ),
    },
}


def test_every_url_of_places_and_activities_has_a_row():
    assert_rows_cover(NAMESPACES, MATRIX, PUBLIC_MATRIX)


@pytest.fixture(scope="module")
def places_world(module_transaction) -> SimpleNamespace:
    """The registry's world with places, activities and dates of both organisations, built once
    for the module's hundreds of cells; each test runs in a savepoint."""
    w = build_world()
    today = dt.date.today()
    w.place = MeetingPlaceFactory(organisations=[w.org], slug="olohuone")
    w.draft_place = MeetingPlaceFactory(
        organisations=[w.org], slug="luonnospaikka", status=PublishStatus.DRAFT
    )
    w.other_place = MeetingPlaceFactory(organisations=[w.other_org], slug="toisen-paikka")
    w.shared_place = MeetingPlaceFactory(organisations=[w.org, w.other_org], slug="yhteinen")
    w.activity = ActivityFactory(organisation=w.org, place=w.place, slug="vertaisryhma")
    w.draft_activity = ActivityFactory(
        organisation=w.org, place=w.place, slug="luonnosryhma", status=PublishStatus.DRAFT
    )
    w.other_activity = ActivityFactory(
        organisation=w.other_org, place=w.other_place, slug="toisen-ryhma"
    )
    w.occurrence = Occurrence.objects.filter(activity=w.activity, date__gte=today).first()
    w.other_occurrence = Occurrence.objects.filter(activity=w.other_activity).first()
    assert w.occurrence is not None and w.other_occurrence is not None
    w.activity_break = ActivityBreak.objects.create(
        activity=w.activity, starts_on=today, ends_on=today, note="Tauko"
    )
    w.other_break = ActivityBreak.objects.create(
        activity=w.other_activity, starts_on=today, ends_on=today, note="Tauko"
    )
    return w


test_access = matrix_test(MATRIX, PERSONAS, world="places_world", unlisted=NOT_ALLOWED)


def test_someone_elses_activity_is_not_changed_by_a_refused_post(client, places_world):
    w = places_world
    _url, response = request_as(
        client, w.users["editor"], "POST", "places_manage:activity-archive", other_activity(w)
    )
    assert response.status_code == 403
    w.other_activity.refresh_from_db()
    assert w.other_activity.status == PublishStatus.PUBLISHED


def test_a_coordinator_without_totp_cannot_cancel_a_date(client, places_world):
    w = places_world
    _url, response = request_as(
        client, w.users["coordinator_no_totp"], "POST", "places_manage:occurrence-cancel",
        occurrence(w), {"note": "Peruttu"},
    )  # fmt: skip
    assert outcome(response) == "mfa"
    w.occurrence.refresh_from_db()
    assert w.occurrence.status == Occurrence.Status.SCHEDULED
