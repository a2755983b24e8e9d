"""Associations' editing of meeting places and activities: what an editor relies on.

Creating and editing a place (hours with several intervals a day, exceptions, photos checked by
content, the map point from the municipality or typed, never outside Finland); an activity in
one form with its schedule in plain controls and a preview in plain words; impossible schedules
that get an error at the right control with nothing saved and nothing typed lost; copying an
activity; cancelling, moving and restoring one date. The activities' tests are in
test_manage_activities.py.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from meetingplaces.models import (
    LocationSource,
    MeetingPlace,
    OpeningException,
    OpeningHours,
    PlacePhoto,
    PublishStatus,
)
from organisations.models import Membership
from tests.meetingplaces.editing import errors, management, place_data, png_bytes, url
from tests.meetingplaces.factories import MeetingPlaceFactory
from tests.organisations.factories import (
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    municipality,
)

pytestmark = pytest.mark.django_db


def test_a_new_place_gets_the_municipality_centre_and_its_hours(client, editor, org):
    data = place_data(
        **management("hours", total=3),
        **{
            "hours-0-weekday": "0", "hours-0-opens": "09:00", "hours-0-closes": "12:00",
            "hours-1-weekday": "0", "hours-1-opens": "13:00", "hours-1-closes": "16:00",
            "hours-2-weekday": "", "hours-2-opens": "", "hours-2-closes": "",
        },
        **management("exceptions", total=1),
        **{"exceptions-0-date": "2026-12-24", "exceptions-0-closed": "on",
           "exceptions-0-note": "Jouluaatto"},
    )  # fmt: skip

    response = client.post(url("places_manage:place-create", slug=org.slug), data)

    assert response.status_code == 302, errors(response)
    place = MeetingPlace.objects.get(name_fi="Kylätalo Kuusela")
    jyvaskyla = municipality("179")
    assert (place.latitude, place.longitude) == (
        float(jyvaskyla.latitude),
        float(jyvaskyla.longitude),
    )
    assert place.location_source == LocationSource.MUNICIPALITY
    assert list(place.organisations.all()) == [org]
    assert place.welfare_area_id == org.welfare_area_id
    assert place.is_free and place.no_signup and not place.no_referral
    assert place.step_free_entrance and not place.induction_loop
    hours = list(OpeningHours.objects.filter(place=place).values_list("weekday", "opens"))
    assert hours == [(0, dt.time(9, 0)), (0, dt.time(13, 0))]
    assert OpeningException.objects.get(place=place).note == "Jouluaatto"


def test_a_typed_point_is_a_pin_and_one_outside_finland_is_refused(client, editor, org):
    outside = client.post(
        url("places_manage:place-create", slug=org.slug),
        place_data(latitude="25.7", longitude="62.2"),
    )
    assert outside.status_code == 200
    form = outside.context["form"]
    assert "latitude" in form.errors and "longitude" in form.errors
    assert "Suomessa" in str(form.errors["latitude"]) or "Finland" in str(form.errors["latitude"])
    assert 'value="Kylätalo Kuusela"' in outside.content.decode()
    assert not MeetingPlace.objects.filter(name_fi="Kylätalo Kuusela").exists()

    inside = client.post(
        url("places_manage:place-create", slug=org.slug),
        place_data(latitude="62.3", longitude="25.8"),
    )
    assert inside.status_code == 302
    place = MeetingPlace.objects.get(name_fi="Kylätalo Kuusela")
    assert (place.latitude, place.longitude, place.location_source) == (62.3, 25.8, "pin")


def test_overlapping_hours_and_closing_before_opening_are_errors_at_the_fields(client, editor, org):
    data = place_data(
        **management("hours", total=2),
        **{
            "hours-0-weekday": "2", "hours-0-opens": "09:00", "hours-0-closes": "12:00",
            "hours-1-weekday": "2", "hours-1-opens": "11:00", "hours-1-closes": "10:00",
        },
    )  # fmt: skip
    response = client.post(url("places_manage:place-create", slug=org.slug), data)
    assert response.status_code == 200
    second = response.context["hours"].forms[1]
    assert "closes" in second.errors
    assert not MeetingPlace.objects.filter(name_fi="Kylätalo Kuusela").exists()

    data["hours-1-closes"] = "14:00"
    response = client.post(url("places_manage:place-create", slug=org.slug), data)
    assert "opens" in response.context["hours"].forms[1].errors


def test_a_photo_needs_alternative_text_and_real_image_content(
    client, editor, org, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    create = url("places_manage:place-create", slug=org.slug)
    fake = SimpleUploadedFile("kuva.png", b"<html>not an image</html>", content_type="image/png")
    response = client.post(
        create, place_data(**management("photos", total=1), **{"photos-0-image": fake,
                                                              "photos-0-alt_fi": "Sisäänkäynti"})
    )  # fmt: skip
    assert response.status_code == 200
    assert "image" in response.context["photos"].forms[0].errors

    real = SimpleUploadedFile("kuva.png", png_bytes(), content_type="image/png")
    response = client.post(
        create, place_data(**management("photos", total=1), **{"photos-0-image": real})
    )
    assert response.status_code == 200
    assert "alt_fi" in response.context["photos"].forms[0].errors
    assert not MeetingPlace.objects.exists()

    real = SimpleUploadedFile("kuva.png", png_bytes(), content_type="image/png")
    response = client.post(
        create,
        place_data(**management("photos", total=1), **{"photos-0-image": real,
                                                       "photos-0-alt_fi": "Sisäänkäynti"}),
    )  # fmt: skip
    assert response.status_code == 302
    assert PlacePhoto.objects.get().alt_fi == "Sisäänkäynti"


def test_a_place_shared_by_two_organisations_is_edited_by_members_of_either(client, org):
    other = OrganisationFactory(name="Kyläyhdistys ry", slug="kylayhdistys")
    place = MeetingPlaceFactory(organisations=[org, other], slug="yhteinen")
    member = UserFactory(email="kyla@example.com", password=None)
    MembershipFactory(organisation=other, user=member, role=Membership.Role.EDITOR)
    client.force_login(member)

    edit = url("places_manage:place-edit", slug=place.slug)
    data = place_data(name_fi="Yhteinen olohuone", organisations=[org.pk, other.pk])
    response = client.post(edit, data)

    assert response.status_code == 302
    place.refresh_from_db()
    assert place.name_fi == "Yhteinen olohuone"
    assert set(place.organisations.all()) == {org, other}


def test_editing_keeps_a_pin_and_follows_the_municipality_otherwise(client, editor, org, place):
    place.location_source = LocationSource.PIN
    place.latitude, place.longitude = 62.25, 25.76
    place.save()
    form = client.get(url("places_manage:place-edit", slug=place.slug)).context["form"]
    data = place_data(name_fi=place.name_fi, organisations=[org.pk])
    data["latitude"], data["longitude"] = form.initial["latitude"], form.initial["longitude"]
    data["municipality"] = municipality("249").pk  # Keuruu

    assert client.post(url("places_manage:place-edit", slug=place.slug), data).status_code == 302
    place.refresh_from_db()
    assert (place.latitude, place.longitude) == (62.25, 25.76)


def test_archiving_a_place_hides_it_and_it_can_come_back(client, editor, org, place):
    archive = url("places_manage:place-archive", slug=place.slug)
    assert client.get(archive).status_code == 200
    client.post(archive)
    place.refresh_from_db()
    assert place.status == PublishStatus.ARCHIVED
    client.post(archive)
    place.refresh_from_db()
    assert place.status == PublishStatus.DRAFT
