"""The units' public pages and the coordinators' form, through HTTP: what shows with and without
the contact's consent, the per-area list, the search entry, the hosting meeting place that an
association's activity can choose, and bad input that saves nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from meetingplaces.forms import ActivityForm
from meetingplaces.models import MeetingPlace, PublishStatus
from organisations.models import Membership
from search.models import SearchEntry
from tests.meetingplaces.factories import ActivityFactory
from tests.organisations.factories import OrganisationFactory, area, municipality
from tests.personas import make_coordinator, make_user
from units.models import Unit, UnitStatus
from units.services import unit_archive

from .factories import UnitFactory

pytestmark = pytest.mark.django_db


def url(name: str, **kwargs) -> str:
    with translation.override("fi"):
        return reverse(name, kwargs=kwargs)


def test_the_unit_page_shows_the_contact_who_agreed(client):
    unit = UnitFactory(name_fi="Kyllön terveysasema")
    response = client.get(url("units:unit", slug=unit.slug))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Kyllön terveysasema</h1>" in html
    assert "Sari Esimerkki" in html and "sari.esimerkki@example.com" in html
    assert "040 000 0901" in html  # the work phone as people write it
    assert "Maanantai" in html or "maanantai" in html  # the week's hours


def test_without_consent_the_page_shows_the_units_channels_only(client):
    unit = UnitFactory(contact_consent=False)
    for page in (url("units:unit", slug=unit.slug), url("units:area", slug="keski-suomi")):
        html = client.get(page).content.decode()
        assert "Sari Esimerkki" not in html and "sari.esimerkki@example.com" not in html
        assert "terveysasema@example.com" in html


def test_the_area_list_groups_active_units_by_municipality(client, django_assert_num_queries):
    UnitFactory(name_fi="Keuruun terveysasema", municipality=municipality("249"))
    UnitFactory(name_fi="Kyllön terveysasema")
    archived = UnitFactory(name_fi="Vanha sosiaalitoimisto")
    unit_archive(unit=archived)
    # The session-free page: the area, its units with their municipalities.
    with django_assert_num_queries(2):
        response = client.get(url("units:area", slug="keski-suomi"))
    html = response.content.decode()
    assert "Kenelle yhdistys voi olla yhteydessä" in html
    assert html.index("Jyväskylä") < html.index("Kyllön") < html.index("Keuruu")
    assert "Vanha sosiaalitoimisto" not in html
    assert client.get(url("units:area", slug="vantaa-kerava")).status_code == 404
    assert client.get(url("units:unit", slug=archived.slug)).status_code == 404
    index = client.get(url("units:index")).content.decode()
    assert url("units:area", slug="keski-suomi") in index


def test_links_lead_to_the_units_from_home_footer_and_association_dashboard(client):
    target = url("units:index")
    assert target in client.get(url("home")).content.decode()
    user = make_coordinator("k@example.com")
    client.force_login(user)
    assert url("units_coordinate:list") in client.get(url("coordinate:dashboard")).content.decode()
    assert target in client.get(url("manage:dashboard")).content.decode()


def test_units_are_their_own_kind_in_the_residents_search(client):
    unit = UnitFactory(name_fi="Palokan terveysasema")
    entry = SearchEntry.objects.get(kind="unit", object_id=unit.pk)
    assert "ukind:health_station" in entry.facet_keys and "mun:179" in entry.facet_keys
    html = client.get(url("search:search"), {"q": "Palokan terveysasema"}).content.decode()
    assert url("units:unit", slug=unit.slug) in html
    unit_archive(unit=unit)
    assert not SearchEntry.objects.filter(kind="unit", object_id=unit.pk).exists()


def test_a_hosting_unit_is_a_place_an_association_of_the_area_can_choose(client):
    unit = UnitFactory(name_fi="Kyllön terveysasema", hosts_activities=True)
    place = unit.place
    assert place is not None and place.status == PublishStatus.PUBLISHED
    assert place.name_fi == "Kyllön terveysasema" and not place.organisations.exists()
    association = OrganisationFactory()
    outsider = OrganisationFactory(welfare_area=area("vantaa-kerava"))
    assert place in ActivityForm(organisation=association).fields["place"].queryset
    assert place not in ActivityForm(organisation=outsider).fields["place"].queryset
    # The unit's page points at the activities held there; the place is the welfare area's:
    # an association's member cannot edit it.
    html = client.get(url("units:unit", slug=unit.slug)).content.decode()
    assert place.get_absolute_url() in html
    member = make_user("jasen@example.com")
    Membership.objects.create(organisation=association, user=member, role="admin")
    client.force_login(member)
    edit = client.get(url("places_manage:place-edit", slug=place.slug))
    assert edit.status_code in (403, 404)
    # The place's page and an activity's page held there name the unit.
    activity = ActivityFactory(organisation=association, place=place)
    unit_link = f'<a href="{url("units:unit", slug=unit.slug)}">'
    for page in (place.get_absolute_url(), activity.get_absolute_url()):
        html = client.get(page).content.decode()
        assert "Hyvinvointialueen yksikkö: " + unit_link in html
    unit_archive(unit=unit)
    place.refresh_from_db()
    assert place.status == PublishStatus.ARCHIVED
    assert place not in ActivityForm(organisation=association).fields["place"].queryset


def form_data(**overrides) -> dict:
    data = {
        "welfare_area": area().pk,
        "name_fi": "Tikkakosken terveysasema",
        "kind": "health_station",
        "street_address": "Tikkakoskentie 5",
        "postcode": "41160",
        "municipality": municipality("179").pk,
        "contact_name": "Matti Malli",
        "contact_email": "matti.malli@example.com",
        "contact_consent": "on",
        "hosts_activities": "on",
        "hours-TOTAL_FORMS": "1",
        "hours-INITIAL_FORMS": "0",
        "hours-0-weekday": "0",
        "hours-0-opens": "08:00",
        "hours-0-closes": "16:00",
        "exceptions-TOTAL_FORMS": "0",
        "exceptions-INITIAL_FORMS": "0",
    }
    return data | overrides


def test_a_coordinator_creates_and_edits_a_unit(client):
    client.force_login(make_coordinator("k@example.com"))
    response = client.post(url("units_coordinate:create"), form_data())
    assert response.status_code == 302
    unit = Unit.objects.get(name_fi="Tikkakosken terveysasema")
    assert unit.welfare_area.slug == "keski-suomi" and unit.slug == "tikkakosken-terveysasema"
    assert unit.contact_consent_at is not None
    assert unit.opening_hours.count() == 1 and unit.place is not None
    assert SearchEntry.objects.filter(kind="unit", object_id=unit.pk).exists()
    response = client.post(
        url("units_coordinate:edit", pk=unit.pk),
        form_data(contact_consent="", **{"hours-INITIAL_FORMS": "0", "hours-TOTAL_FORMS": "0"}),
    )
    assert response.status_code == 302
    unit.refresh_from_db()
    assert not unit.contact_consent and unit.contact_consent_at is None


def test_bad_input_is_shown_at_the_field_and_nothing_is_saved(client):
    client.force_login(make_coordinator("k@example.com"))
    data = form_data(
        postcode="401",
        municipality=municipality("092").pk,
        contact_name="",
        **{"hours-0-closes": "07:00"},
    )
    response = client.post(url("units_coordinate:create"), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert 'href="#id_postcode"' in html and 'href="#id_municipality"' in html
    assert 'href="#id_contact_name"' in html
    assert "Tikkakosken terveysasema" in html  # what was typed stays
    assert not Unit.objects.exists() and not MeetingPlace.objects.exists()


def test_archive_and_make_active_again(client):
    unit = UnitFactory()
    client.force_login(make_coordinator("k@example.com"))
    assert client.get(url("units_coordinate:archive", pk=unit.pk)).status_code == 200
    client.post(url("units_coordinate:archive", pk=unit.pk))
    unit.refresh_from_db()
    assert unit.status == UnitStatus.ARCHIVED
    # The coordinator still sees the archived unit's page; the public does not.
    assert client.get(url("units:unit", slug=unit.slug)).status_code == 200
    client.post(url("units_coordinate:unarchive", pk=unit.pk))
    unit.refresh_from_db()
    assert unit.status == UnitStatus.ACTIVE


def test_the_unit_page_asks_three_queries(client, django_assert_num_queries):
    unit = UnitFactory(hosts_activities=True)
    # The unit with its municipality, area and place; its weekly hours; its exceptions.
    with django_assert_num_queries(3):
        assert client.get(url("units:unit", slug=unit.slug)).status_code == 200


def test_overlapping_opening_times_are_refused_as_for_meeting_places(client):
    client.force_login(make_coordinator("k@example.com"))
    data = form_data(
        **{
            "hours-TOTAL_FORMS": "2",
            "hours-1-weekday": "0",
            "hours-1-opens": "12:00",
            "hours-1-closes": "18:00",
        }
    )
    response = client.post(url("units_coordinate:create"), data)
    assert response.status_code == 400
    assert "päällekkäin" in response.content.decode()
    assert not Unit.objects.exists()
