"""The activity list's ids query in SQL (ActivityFilter.ids_sql) finds what the FilterSet's
queryset finds (ActivityFilter.filter_queryset, which the events list uses), row for row with
the distance, for every filter alone and together, on both sides of a cursor."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.http import QueryDict
from django.utils import timezone

from api.endpoints.activity_sql import queryset_ids
from api.filters import ActivityFilter
from meetingplaces.models import Activity, ActivityKind, MeetingPlace, PublishStatus, Venue
from organisations.models import Organisation
from tests.meetingplaces.factories import ActivityFactory, pinned_place
from tests.organisations.factories import (
    DraftOrganisationFactory,
    OrganisationFactory,
    TermFactory,
    ThemeFactory,
    municipality,
)

pytestmark = pytest.mark.django_db

JYVASKYLA = (62.2415, 25.7209)
HELSINKI = (60.1699, 24.9384)


def _rows(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


@pytest.fixture
def activities():
    theme, other_theme, group = ThemeFactory(slug="liikunta"), ThemeFactory(), TermFactory()
    org = OrganisationFactory()
    near = pinned_place(JYVASKYLA, organisations=[org], step_free_entrance=True)
    south = pinned_place(
        HELSINKI, organisations=[org], municipality=municipality("091"), parking=True
    )
    made = {
        "near": ActivityFactory(
            organisation=org, place=near, themes=[theme], languages=["fi", "sv"]
        ),
        "south": ActivityFactory(
            organisation=org,
            place=south,
            target_groups=[group],
            themes=[other_theme],
            is_free=False,
            fee_amount=5,
            kind=ActivityKind.CLUB,
        ),
        "address": ActivityFactory(
            organisation=org,
            venue=Venue.ADDRESS,
            place=None,
            latitude=JYVASKYLA[0] + 0.02,
            longitude=JYVASKYLA[1] + 0.03,
            municipality=municipality("249"),
            kind=ActivityKind.COURSE,
        ),
        "online": ActivityFactory(organisation=org, venue=Venue.ONLINE, place=None),
        "later": ActivityFactory(
            organisation=org, place=near, today=dt.date.today() + dt.timedelta(days=60)
        ),
        "draft": ActivityFactory(organisation=org, place=near, status=PublishStatus.DRAFT),
        "draft org": ActivityFactory(organisation=DraftOrganisationFactory(), place=near),
        "merged org": ActivityFactory(organisation=OrganisationFactory(), place=near),
    }
    Organisation.objects.filter(pk=made["merged org"].organisation_id).update(merged_into=org)
    # A place's point, not the activity's own, says where it is held (and an activity with
    # both in the box is found once).
    Activity.objects.filter(pk__in=[made["south"].pk, made["later"].pk]).update(
        latitude=JYVASKYLA[0], longitude=JYVASKYLA[1]
    )
    # A day of changes: everything a month old but one activity, one organisation's and one
    # place's activities.
    month_ago = timezone.now() - dt.timedelta(days=30)
    Activity.objects.update(updated_at=month_ago)
    Organisation.objects.update(updated_at=month_ago)
    MeetingPlace.objects.update(updated_at=month_ago)
    Activity.objects.filter(pk=made["address"].pk).update(updated_at=timezone.now())
    Organisation.objects.filter(pk=made["draft org"].organisation_id).update(
        updated_at=timezone.now()
    )
    MeetingPlace.objects.filter(pk=south.pk).update(updated_at=timezone.now())
    return made


def test_the_sql_finds_what_the_queryset_finds(activities):
    today = dt.date.today()
    week = f"dates_from={today}&dates_to={today + dt.timedelta(days=7)}"
    since = (timezone.now() - dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    near = f"near={JYVASKYLA[0]},{JYVASKYLA[1]}"
    org, place = activities["near"].organisation_id, activities["near"].place_id
    queries = [
        "",
        week,
        f"dates_from={today + dt.timedelta(days=50)}",
        near,
        f"{near}&radius=1",
        f"{near}&radius=200",
        f"{near}&radius=10&{week}",
        "bbox=24.5,60.0,25.5,60.5",
        f"bbox=25.0,62.0,26.0,62.5&{near}&radius=50",
        "bbox=25.0,62.0,25.7,62.5",
        "theme=liikunta",
        "target_group=nobody,{}".format(activities["south"].target_groups.get().slug),
        "municipality=179",
        "municipality=091,249",
        "welfare_area=keski-suomi",
        "welfare_area=lappi",
        "accessibility=step_free_entrance",
        "accessibility=parking,induction_loop",
        "free=false",
        "free=true",
        "language=sv",
        "language=fi,en",
        "kind=club,course",
        f"organisation={org}",
        f"place={place}",
        f"modified_since={since}",
        f"modified_since={since}&{near}&radius=300",
        f"modified_since={since}&bbox=24.5,60.0,25.5,60.5",
        f"modified_since={since}&free=false",
        "modified_since=2000-01-01T00:00:00Z&municipality=179&theme=liikunta",
    ]
    middle = sorted(a.pk for a in activities.values())[3]
    found = 0
    for query in queries:
        for after in (0, middle):
            filterset = ActivityFilter(QueryDict(query), queryset=Activity.objects.published())
            assert filterset.is_valid(), (query, filterset.errors)
            filterset.check()
            expected = _rows(*queryset_ids(filterset.qs, after=after, limit=50))
            assert _rows(*filterset.ids_sql(after=after, limit=50)) == expected, (query, after)
            found += bool(expected)
    # Most of the cases find something (what the comparison compares is not empty).
    assert found >= len(queries)


def test_the_sql_pages_as_the_queryset_does(activities):
    filterset = ActivityFilter(QueryDict(""))
    assert filterset.is_valid()
    public = [activities[name].pk for name in ("near", "south", "address", "online", "later")]
    first = _rows(*filterset.ids_sql(after=0, limit=2))
    rest = _rows(*filterset.ids_sql(after=first[-1][0], limit=50))
    assert [row[0] for row in first + rest] == sorted(public)
    assert all(row[1] is None for row in first + rest)
