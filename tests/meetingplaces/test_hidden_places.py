"""A meeting place that is not public (a draft or archived) is never named on public pages and
feeds: the "move date" picker offers only public places the organisation runs, and a date
already moved there, or an activity held at such a place, shows neither the place's name nor
its address in the page, its JSON-LD or the .ics files (issue 15.6)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from meetingplaces import services
from meetingplaces.models import Occurrence, PublishStatus
from meetingplaces.schedule import local_instant
from tests.meetingplaces.editing import url
from tests.meetingplaces.factories import ActivityFactory, MeetingPlaceFactory

pytestmark = pytest.mark.django_db

SECRET_NAME = "Salainen luonnos"
SECRET_STREET = "Piilokuja 7"


@pytest.fixture
def draft_place(org):
    return MeetingPlaceFactory(
        organisations=[org],
        slug="luonnos",
        name_fi=SECRET_NAME,
        street_address=SECRET_STREET,
        status=PublishStatus.DRAFT,
    )


def public_outputs(activity, occurrence) -> str:
    anonymous = Client()
    pages = [
        anonymous.get(activity.get_absolute_url()),
        anonymous.get(url("meetingplaces:activity-feed", slug=activity.slug)),
        anonymous.get(url("meetingplaces:occurrence-ics", slug=activity.slug, pk=occurrence.pk)),
        anonymous.get(url("meetingplaces:organisation-feed", slug=activity.organisation.slug)),
        anonymous.get(activity.organisation.get_absolute_url()),
    ]
    assert [page.status_code for page in pages] == [200] * 5
    return "".join(page.content.decode() for page in pages)


def test_the_move_picker_offers_only_public_places_of_the_organisation(
    client, editor, org, place, draft_place
):
    archived = MeetingPlaceFactory(organisations=[org], slug="arkisto", status="archived")
    foreign = MeetingPlaceFactory(slug="vieras")
    activity = ActivityFactory(organisation=org, place=place)
    occurrence = activity.occurrences.order_by("date")[1]
    move = url("places_manage:occurrence-move", slug=activity.slug, pk=occurrence.pk)

    form = client.get(move).context["form"]
    assert list(form.fields["place"].queryset) == [place]
    for refused in (draft_place, archived, foreign):
        response = client.post(
            move,
            {
                "date": occurrence.date.isoformat(),
                "start_time": "13:00",
                "end_time": "15:00",
                "place": refused.pk,
            },
        )
        assert response.status_code == 200
        assert "place" in response.context["form"].errors
    occurrence.refresh_from_db()
    assert occurrence.status == Occurrence.Status.SCHEDULED


def test_a_date_moved_to_a_draft_place_does_not_name_it(org, place, draft_place):
    activity = ActivityFactory(organisation=org, place=place)
    occurrence = activity.occurrences.order_by("date")[0]
    services.occurrence_move(
        occurrence,
        starts_at=local_instant(occurrence.date, dt.time(17, 0)),
        ends_at=local_instant(occurrence.date, dt.time(18, 0)),
        place=draft_place,
        note="Siirretty.",
    )
    text = public_outputs(activity, occurrence)
    assert SECRET_NAME not in text and SECRET_STREET not in text
    assert "Siirretty." in text  # the date itself is still told


def test_an_activity_at_a_draft_place_does_not_name_it(org, draft_place):
    activity = ActivityFactory(organisation=org, place=draft_place)
    occurrence = activity.occurrences.order_by("date")[0]
    text = public_outputs(activity, occurrence)
    assert SECRET_NAME not in text and SECRET_STREET not in text
    assert "Kohtaamispaikan tiedot eivät ole vielä julkisia" in text


def test_a_public_place_is_still_named(org, place):
    activity = ActivityFactory(organisation=org, place=place)
    occurrence = activity.occurrences.order_by("date")[0]
    text = public_outputs(activity, occurrence)
    assert text.count("Olohuone") >= 5
