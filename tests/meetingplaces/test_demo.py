"""The demo's meeting places and activities (`manage.py seed_demo`): what a person trying the
portal finds, and that the seeder is deterministic and idempotent.

Seeding takes a while, so it runs once for the module inside a transaction that is rolled back
at the end; each test runs in a savepoint of it.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.postgres.fields import ArrayField
from django.core.management import call_command
from django.db import connection, models, transaction

from meetingplaces.demo.places import CENTRE, SUPPORT_ORGANISATION
from meetingplaces.demo.seed import seed, seed_meeting_places
from meetingplaces.demo.seed_activities import PHONE_PREFIX
from meetingplaces.models import (
    Activity,
    MeetingPlace,
    Occurrence,
    OpeningException,
    OpeningHours,
    PublishStatus,
    Venue,
)
from meetingplaces.schedule import Schedule
from meetingplaces.services import local_today


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        out = StringIO()
        call_command("seed_demo", stdout=out)
        # The seeded rows' deferred foreign keys, checked once here: left pending, they would be
        # checked again at every test's teardown (Django checks them before rolling a test
        # back, and the rolled-back savepoint leaves them pending for the next test).
        connection.check_constraints()
        yield out.getvalue()
        transaction.set_rollback(True)


pytestmark = pytest.mark.django_db


def own_places():
    """The meeting places' own demo: the places the welfare area's units host (units' demo,
    run by no organisation) are checked in tests/units/test_demo.py."""
    return MeetingPlace.objects.filter(organisations__isnull=False).distinct()


def own_activities():
    return Activity.objects.exclude(place__in=MeetingPlace.objects.filter(organisations=None))


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    dy = (lat2 - lat1) * 111.2
    dx = (lon2 - lon1) * 111.2 * math.cos(math.radians((lat1 + lat2) / 2))
    return math.hypot(dx, dy)


def test_the_demo_has_about_forty_places_and_four_hundred_activities(demo):
    assert re.search(r"Created \d+ demo meeting places and \d+ activities", demo)
    places = MeetingPlace.objects.all()
    assert 35 <= places.count() <= 45
    activities = Activity.objects.all()
    assert 360 <= activities.count() <= 440
    kinds = Counter(activities.values_list("kind", flat=True))
    assert set(kinds) == {"peer_support", "drop_in", "club", "course", "event", "volunteer_task"}
    assert kinds["peer_support"] + kinds["club"] + kinds["drop_in"] > 0.6 * activities.count()
    assert activities.filter(status=PublishStatus.PUBLISHED).count() > 0.95 * activities.count()

    # Stored occurrences for the year ahead: every published activity has a next date.
    today = local_today()
    upcoming = Occurrence.objects.filter(date__gte=today)
    assert upcoming.count() > 10_000
    published = activities.filter(status=PublishStatus.PUBLISHED)
    assert not published.exclude(occurrences__date__gte=today).exists()


def test_the_activity_centre_and_the_two_site_volunteer_points(demo):
    centre = MeetingPlace.objects.get(slug=CENTRE)
    assert centre.kind == "activity_centre" and centre.municipality.name_fi == "Jyväskylä"
    runners = set(centre.organisations.values_list("slug", flat=True))
    assert SUPPORT_ORGANISATION["slug"] in runners
    assert centre.activities.count() >= 40  # actors meet there every day
    assert centre.opening_hours.values("weekday").distinct().count() >= 5

    points = MeetingPlace.objects.filter(kind="volunteer_point")
    assert points.count() == 2
    hospital = points.get(slug__contains="sairaala")
    at_centre = points.exclude(pk=hospital.pk).get()
    assert at_centre.street_address == centre.street_address
    for point in points:
        assert SUPPORT_ORGANISATION["slug"] in point.organisations.values_list("slug", flat=True)
    # Patients' and carers' associations hold their groups at the hospital.
    for activity in hospital.activities.select_related("organisation"):
        assert {"patient_disability", "mental_substance", "carers"} & set(
            activity.organisation.categories
        ) or activity.organisation.slug == SUPPORT_ORGANISATION["slug"]


def test_village_houses_across_the_region_with_hours_points_and_addresses(demo):
    villages = MeetingPlace.objects.filter(kind="village_house", welfare_area__slug="keski-suomi")
    assert villages.count() >= 20
    assert villages.values("municipality").distinct().count() >= 20
    # Every municipality of Keski-Suomi has a place.
    ks = MeetingPlace.objects.filter(welfare_area__slug="keski-suomi")
    assert ks.values("municipality").distinct().count() == 22

    for place in own_places().select_related("municipality"):
        place.full_clean()  # postcode, phone and the map point inside Finland
        assert re.fullmatch(r"\D+ \d+", place.street_address)
        assert place.organisations.exists()
        assert place.opening_hours.exists(), place
        assert place.directions_fi and place.description_fi, place
        municipality = place.municipality
        distance = km(
            place.latitude,
            place.longitude,
            float(municipality.latitude),
            float(municipality.longitude),
        )
        assert distance < 15, (place, distance)
        assert place.municipality.welfare_area_id == place.welfare_area_id
        assert place.organisations.exclude(status="published").count() == 0
    assert OpeningHours.objects.filter(opens__gte="16:00").exists()  # some evening hours

    christmas = OpeningException.objects.filter(date__month=12)
    assert christmas.filter(closed=True, note="Joulutauko").exists()
    assert christmas.filter(closed=False, date__day=24).exists()


def test_every_activity_fits_the_profile_of_its_organisation(demo):
    activities = (
        own_activities()
        .select_related("organisation")
        .prefetch_related(
            "themes", "target_groups", "organisation__themes", "organisation__target_groups"
        )
    )
    for activity in activities:
        organisation = activity.organisation
        assert organisation.status == "published" and organisation.welfare_area_id
        assert activity.welfare_area_id == organisation.welfare_area_id
        themes = {term.slug for term in activity.themes.all()}
        groups = {term.slug for term in activity.target_groups.all()}
        assert themes, activity
        assert themes <= {term.slug for term in organisation.themes.all()}, activity
        assert groups <= {term.slug for term in organisation.target_groups.all()}, activity
        if activity.venue == Venue.PLACE:
            # Held in the organisation's own municipality or at a place it runs.
            assert (
                activity.place.municipality_id in {m.pk for m in organisation.municipalities.all()}
                or activity.place.organisations.filter(pk=organisation.pk).exists()
            )
        assert organisation.name in activity.description_fi


def test_vantaa_kerava_languages_and_the_other_kinds_of_activity(demo):
    vk = Activity.objects.filter(welfare_area__slug="vantaa-kerava")
    assert 15 <= vk.count() <= 60
    assert MeetingPlace.objects.filter(welfare_area__slug="vantaa-kerava").count() >= 4

    activities = Activity.objects.all()
    for language in ("sv", "en", "selko"):
        assert activities.filter(languages__contains=[language]).count() >= 5, language
    assert vk.filter(languages__contains=["sv"]).exists()
    held_in_swedish = activities.filter(languages__contains=["sv"])
    assert not held_in_swedish.filter(title_sv="").exists()
    assert not activities.filter(languages__contains=["en"], title_en="").exists()
    assert activities.filter(languages__contains=["selko"], summary_fi__contains="selkeää")

    assert 10 <= activities.filter(venue=Venue.ONLINE).count() <= 20
    assert not activities.filter(venue=Venue.ONLINE, online_url="").exists()
    assert activities.filter(venue=Venue.ADDRESS).exclude(latitude=None).count() >= 20
    assert activities.filter(is_free=False).exclude(fee_amount=None).count() >= 10
    assert activities.filter(signup_required=True).exclude(capacity=None).count() >= 20
    sensitive = activities.filter(is_sensitive=True)
    assert 5 <= sensitive.count() <= 60
    # A sensitive group online never shows its link to everyone.
    assert not sensitive.filter(venue=Venue.ONLINE, online_url_public=True).exists()


def test_every_schedule_is_valid_and_realistic(demo):
    today = local_today()
    rules = Counter()
    for activity in Activity.objects.select_related("place", "organisation"):
        activity.full_clean()  # phone numbers, postcodes, fees
        Schedule.of(activity).validate(today)
        rules[activity.recurrence.split(";BYDAY")[0] if activity.recurrence else "once"] += 1
        if activity.contact_phone:
            assert activity.contact_phone.startswith(PHONE_PREFIX)
    assert rules["FREQ=WEEKLY"] > 100
    assert rules["FREQ=WEEKLY;INTERVAL=2"] > 20
    assert rules["FREQ=MONTHLY"] > 20
    assert rules["once"] >= 10
    activities = Activity.objects.all()
    assert activities.filter(recurrence__contains="BYDAY=1MO").exists()  # first Monday
    assert activities.exclude(recurrence="").exclude(end_date=None).count() >= 30  # courses
    assert activities.exclude(skipped_dates=[]).count() >= 30  # a Christmas break
    for phone in MeetingPlace.objects.exclude(phone="").values_list("phone", flat=True):
        assert phone.startswith(PHONE_PREFIX)


def test_texts_differ_per_language_where_given(demo):
    activities = own_activities()
    with_sv = activities.exclude(title_sv="")
    with_en = activities.exclude(title_en="")
    assert with_sv.count() > 60 and with_en.count() > 100
    for activity in activities:
        for field in ("title", "description", "summary"):
            finnish = getattr(activity, f"{field}_fi")
            assert finnish
            for language in ("sv", "en"):
                text = getattr(activity, f"{field}_{language}")
                if text:
                    assert text != finnish, (activity.slug, field, language)
        # Plain-language summaries: short sentences.
        sentences = [s for s in re.split(r"[.!?]\s*", activity.summary_fi) if s]
        assert all(len(sentence.split()) <= 10 for sentence in sentences), activity.summary_fi
    for place in MeetingPlace.objects.exclude(name_sv=""):
        assert place.name_sv != place.name_fi


def test_seeding_again_changes_nothing_and_the_same_seed_gives_the_same_demo(demo):
    counts = (
        MeetingPlace.objects.count(),
        Activity.objects.count(),
        Occurrence.objects.count(),
        OpeningException.objects.count(),
    )
    assert seed() == ["The demo meeting places exist already; nothing to create."]
    call_command("seed_demo", stdout=StringIO())
    assert counts == (
        MeetingPlace.objects.count(),
        Activity.objects.count(),
        Occurrence.objects.count(),
        OpeningException.objects.count(),
    )

    def fingerprint():
        return sorted(
            own_activities().values_list(
                "slug", "organisation__slug", "place__slug", "recurrence", "start_date"
            )
        )

    first = fingerprint()
    with transaction.atomic():
        Activity.objects.all().delete()
        MeetingPlace.objects.all().delete()
        assert seed_meeting_places() is not None
        assert fingerprint() == first
        transaction.set_rollback(True)


# What the demo seeds, pinned when its content moved from Python literals to the YAML files in
# organisations/demo/data/ and meetingplaces/demo/data/ (the old modules and the new files seeded
# these same rows). Per model: the number of rows and a SHA-256 of every row's fields, with
# foreign keys as the natural key of the row they point to. Dates and timestamps are left out:
# they follow the day the demo is seeded. If you change the demo's data on purpose, run this test
# and copy the new values from its failure message.
SEEDED_CONTENT = {
    "organisations.Organisation": (
        531,
        "ba053398e6ea7e1ffe367f39a6caa76da8fb82a8f33744e050f38b6553c8999c",
    ),
    "organisations.Membership": (
        4,
        "d3df1ecad7c243f320965b00ece4036fb9eae610487c6b9656e224d091e6691c",
    ),
    "meetingplaces.MeetingPlace": (
        43,
        "ccc6f0492abd81abd8692a6151ec418f5b378503308ce28bd7e3893274072577",
    ),
    "meetingplaces.OpeningHours": (
        115,
        "7f28460521434ddcf6b55bce1b2c1b2e58a6b687be95f304cf34edf7034180c8",
    ),
    "meetingplaces.Activity": (
        399,
        "8bb513e93e2c26a3984b29ff76e3038b659e41e9c7858a1af4a73ec302e74033",
    ),
}


def _natural_key(obj) -> str:
    for attribute in ("slug", "code", "email"):
        if hasattr(obj, attribute):
            return str(getattr(obj, attribute))
    raise AssertionError(f"no natural key for {obj!r}")


def _content_digest(model) -> tuple[int, str]:
    fields = []
    for field in model._meta.concrete_fields:
        inner = field.base_field if isinstance(field, ArrayField) else field
        if field.primary_key or isinstance(inner, (models.DateField, models.FileField)):
            continue  # DateTimeField is a DateField
        fields.append(field)
    keys = {
        field.name: {obj.pk: _natural_key(obj) for obj in field.related_model.objects.all()}
        for field in fields
        if field.is_relation
    }
    rows = []
    for values in model.objects.values_list(*(field.attname for field in fields)):
        row = [
            keys[field.name].get(value) if field.is_relation else value
            for field, value in zip(fields, values, strict=True)
        ]
        rows.append(repr(row))
    rows.sort()
    return len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest()


def test_the_seeded_content_is_the_pinned_demo(demo):
    seeded = {label: _content_digest(apps.get_model(label)) for label in SEEDED_CONTENT}
    assert seeded == SEEDED_CONTENT, f"seeded now: {seeded}"


def test_the_demo_activities_search_entries_are_those_a_save_writes(demo):
    """The demo writes the activities' entries in one bulk replace: each is the entry that
    saving the activity in the editor would write, and no public activity is missing."""
    from meetingplaces.search import activity_refresh_search
    from search.models import SearchEntry

    fields = ["title", "subtitle", "keywords", "body_fi", "body_sv", "body_en", "facet_keys",
              "latitude", "longitude", "next_at", "card", "welfare_area_id"]  # fmt: skip
    entries = SearchEntry.objects.filter(kind="activity")
    public = own_activities().filter(status="published", organisation__status="published")
    assert entries.count() >= public.count() > 300
    for activity in public.order_by("pk")[::40]:
        stored = entries.values(*fields).get(object_id=activity.pk)
        activity_refresh_search(activity)
        assert entries.values(*fields).get(object_id=activity.pk) == stored
    assert not entries.filter(object_id__in=own_activities().filter(status="draft"))
