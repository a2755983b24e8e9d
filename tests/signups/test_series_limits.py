"""Anonymous "every coming date" sign-ups cannot fill a group's year (issue 15, item 2): the
rate limits count places, not requests; without an account a series reaches the next
SIGNUPS_ANONYMOUS_SERIES_DATES dates (the page says so); organisers see contacts holding many
places and remove their sign-ups."""

from __future__ import annotations

import pytest
from django.urls import reverse

from meetingplaces.models import Occurrence
from organisations.models import Membership
from signups import services
from signups.models import Signup
from tests.personas import make_coordinator, make_user
from tests.signups.conftest import make_activity, next_occurrence

pytestmark = pytest.mark.django_db


@pytest.fixture
def weekly(db):
    """A weekly group of three places with a year of dates."""
    activity = make_activity(title_fi="Kävelyryhmä", capacity=3)
    assert Occurrence.objects.filter(activity=activity).count() > 50
    return next_occurrence(activity)


def series_post(client, occurrence, email, ip="203.0.113.5", name="Maija"):
    url = reverse("signups:signup", args=[occurrence.activity.slug, occurrence.pk])
    data = {"name": name, "email": email, "whole_series": "on", "reminders_on": "on"}
    return client.post(url, data, REMOTE_ADDR=ip)


def test_three_series_sign_ups_from_one_address_take_sixteen_places_not_a_year(client, weekly):
    assert series_post(client, weekly, "a@example.com").status_code == 200
    assert series_post(client, weekly, "b@example.com").status_code == 200
    refused = series_post(client, weekly, "c@example.com")
    assert refused.status_code == 429
    assert 'value="c@example.com"' in refused.content.decode()  # what was typed is kept

    assert Signup.objects.count() == 16
    next_eight = list(
        Occurrence.objects.filter(activity=weekly.activity, starts_at__gte=weekly.starts_at)
        .order_by("starts_at")
        .values_list("pk", flat=True)[:8]
    )
    for email in ("a@example.com", "b@example.com"):
        taken = Signup.objects.filter(email=email).order_by("occurrence__starts_at")
        assert list(taken.values_list("occurrence_id", flat=True)) == next_eight
        assert taken.values("series").distinct().count() == 1


def test_one_contact_is_limited_by_the_places_it_takes(client, weekly):
    assert series_post(client, weekly, "a@example.com", ip="203.0.113.1").status_code == 200
    assert series_post(client, weekly, "a@example.com", ip="198.51.100.2").status_code == 429
    assert Signup.objects.count() == 8


def test_the_reach_is_a_setting_and_the_page_says_it(client, weekly, settings):
    url = reverse("signups:signup", args=[weekly.activity.slug, weekly.pk])
    page = client.get(url).content.decode()
    assert "Ilman käyttäjätiliä ilmoittaudut näin 8 seuraavaan päivään." in page

    settings.SIGNUPS_ANONYMOUS_SERIES_DATES = 3
    assert "Ilman käyttäjätiliä ilmoittaudut näin 3 seuraavaan päivään." in (
        client.get(url).content.decode()
    )
    assert series_post(client, weekly, "a@example.com").status_code == 200
    assert Signup.objects.count() == 3


def test_signed_in_people_still_sign_up_for_every_coming_date(client, weekly, people):
    (person,) = people(1)
    client.force_login(person)
    url = reverse("signups:signup", args=[weekly.activity.slug, weekly.pk])
    page = client.get(url).content.decode()
    assert "Ilman käyttäjätiliä" not in page
    assert client.post(url, {"whole_series": "on"}).status_code == 302
    coming = Occurrence.objects.filter(
        activity=weekly.activity, starts_at__gte=weekly.starts_at
    ).count()
    assert Signup.objects.filter(user=person).count() == coming


# --- organisers ------------------------------------------------------------------------------


def check_url(occurrence) -> str:
    return reverse("signups:organise_suspicious", args=[occurrence.activity.slug, occurrence.pk])


@pytest.fixture
def hoarded(weekly, people):
    """Someone signed up twice for every date they could (two series, both confirmed), a
    neighbour once for this date, and a resident with an account is on the waiting list."""
    for _ in range(2):
        (first, *_rest) = services.signup_create(
            occurrence=weekly, name="Varaaja", email="Varaaja@example.com", whole_series=True
        )
        services.signup_confirm(first)
    (single,) = services.signup_create(occurrence=weekly, name="Naapuri", email="n@example.com")
    services.signup_confirm(single)
    (resident,) = people(1)
    (waiting,) = services.signup_create(occurrence=weekly, user=resident)
    assert waiting.status == Signup.Status.WAITING
    return weekly


def test_organisers_see_contacts_holding_many_places_without_their_address(client, hoarded):
    member = make_user("jasen@example.com")
    Membership.objects.create(organisation=hoarded.activity.organisation, user=member)
    client.force_login(member)
    organise = reverse("signups:organise", args=[hoarded.activity.slug, hoarded.pk])
    assert check_url(hoarded) in client.get(organise).content.decode()

    page = client.get(check_url(hoarded)).content.decode()
    assert "v•••@example.com" in page
    assert "varaaja@example.com" not in page.lower()
    assert "16 paikkaa 8 päivänä" in page
    assert "n•••@example.com" not in page  # one place: nothing to check

    coordinator = make_coordinator("koordinaattori@example.com")
    client.force_login(coordinator)  # no member: no names, no addresses, only numbers
    page = client.get(check_url(hoarded)).content.decode()
    assert "Henkilö 1" in page and "•••@" not in page


def test_organisers_remove_them_and_the_places_go_to_the_next_in_line(client, hoarded):
    member = make_user("jasen@example.com")
    Membership.objects.create(organisation=hoarded.activity.organisation, user=member)
    client.force_login(member)
    hoarder = Signup.objects.filter(email="Varaaja@example.com", occurrence=hoarded).first()

    response = client.post(check_url(hoarded), {"signup": hoarder.pk})
    assert response.status_code == 302
    assert not Signup.objects.filter(email="Varaaja@example.com", status__in=Signup.ACTIVE).exists()
    assert Signup.objects.filter(email="Varaaja@example.com").count() == 16  # cancelled, kept
    assert Signup.objects.get(email="n@example.com").status == Signup.Status.CONFIRMED
    assert Signup.objects.get(user__isnull=False).status == Signup.Status.CONFIRMED  # moved up
    page = client.get(response["Location"]).content.decode()
    assert "16 ilmoittautumista poistettu" in page
    assert "v•••@example.com" not in page


def test_only_sign_ups_without_an_account_of_this_date_can_be_removed(client, hoarded):
    member = make_user("jasen@example.com")
    Membership.objects.create(organisation=hoarded.activity.organisation, user=member)
    client.force_login(member)
    resident = Signup.objects.get(user__isnull=False)
    other_date = Signup.objects.filter(email="Varaaja@example.com").exclude(occurrence=hoarded)[0]
    for signup_id in (resident.pk, other_date.pk, "x"):
        assert client.post(check_url(hoarded), {"signup": signup_id}).status_code == 404
    assert Signup.objects.filter(status=Signup.Status.CANCELLED).count() == 0
