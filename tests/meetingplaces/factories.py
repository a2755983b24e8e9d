"""factory_boy factories for meeting places, activities and occurrences.

A place is published, in Jyväskylä, run by a published organisation; an activity is a weekly
Tuesday 13–15 peer support group at a new place, free, no sign-up. Relations (organisations,
target groups, themes) are passed as lists. `ActivityFactory` stores the occurrences and the
search entry as the services do (`meetingplaces.services.activity_saved`), from today or the
`today=` passed:

    activity = ActivityFactory(recurrence="FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", today=date(2026, 3, 1))
"""

from __future__ import annotations

import datetime as dt

import factory

from meetingplaces.models import (
    Activity,
    ActivityKind,
    LocationSource,
    MeetingPlace,
    PlaceKind,
    Venue,
)
from meetingplaces.services import activity_saved, place_saved
from tests.organisations.factories import InJyvaskylaFactory, OrganisationFactory, many


class MeetingPlaceFactory(InJyvaskylaFactory):
    class Meta:
        model = MeetingPlace
        skip_postgeneration_save = True

    name_fi = factory.Sequence(lambda n: f"Kohtaamispaikka {n}")
    slug = factory.Sequence(lambda n: f"kohtaamispaikka-{n}")
    kind = PlaceKind.ACTIVITY_CENTRE

    @factory.post_generation
    def organisations(obj, create, extracted, **kwargs):
        if not create:
            return
        obj.organisations.set(extracted if extracted is not None else [OrganisationFactory()])
        place_saved(obj)


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity
        skip_postgeneration_save = True

    today = None
    organisation = factory.SubFactory(OrganisationFactory)
    welfare_area = factory.LazyAttribute(lambda o: o.organisation.welfare_area)
    slug = factory.Sequence(lambda n: f"toiminta-{n}")
    kind = ActivityKind.PEER_SUPPORT
    title_fi = factory.Sequence(lambda n: f"Vertaisryhmä {n}")
    venue = Venue.PLACE
    place = factory.LazyAttribute(
        lambda o: (
            MeetingPlaceFactory(organisations=[o.organisation]) if o.venue == Venue.PLACE else None
        )
    )
    start_date = factory.LazyAttribute(lambda o: o.today or dt.date.today())
    start_time = dt.time(13, 0)
    end_time = dt.time(15, 0)
    recurrence = "FREQ=WEEKLY;BYDAY=TU"

    target_groups = many("target_groups")
    themes = many("themes")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        today = kwargs.pop("today", None)
        obj = super()._create(model_class, *args, **kwargs)
        obj._factory_today = today
        return obj

    @factory.post_generation
    def occurrences(obj, create, extracted, **kwargs):
        if create:
            activity_saved(obj, today=getattr(obj, "_factory_today", None))


def pinned_place(point: tuple[float, float], **fields) -> MeetingPlace:
    """A meeting place pinned on the map at `point` (latitude, longitude)."""
    return MeetingPlaceFactory(
        location_source=LocationSource.PIN, latitude=point[0], longitude=point[1], **fields
    )


def weekly(title: str, day: str, hours: tuple[int, int], **fields) -> Activity:
    """An activity every week on `day` ("TU") from hours[0] to hours[1] o'clock."""
    return ActivityFactory(
        title_fi=title,
        recurrence=f"FREQ=WEEKLY;BYDAY={day}",
        start_time=dt.time(hours[0]),
        end_time=dt.time(hours[1]),
        **fields,
    )
