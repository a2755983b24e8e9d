"""The sign-up pages and the partial the activity page includes."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from organisations.models import Membership
from signups import services, tokens
from signups.models import Signup
from tests.personas import make_coordinator, make_user
from tests.signups.conftest import make_activity, next_occurrence

pytestmark = pytest.mark.django_db


def partial(activity, occurrence, user=None) -> str:
    request = RequestFactory().get("/fi/")
    request.user = user or AnonymousUser()
    return render_to_string(
        "signups/_activity_signup.html",
        {"activity": activity, "occurrence": occurrence, "user": request.user},
        request=request,
    )


def test_partial_shows_places_and_the_way_to_sign_up(occurrence, people):
    html = partial(occurrence.activity, occurrence)
    assert "2 paikkaa jäljellä / 2." in html
    assert reverse("signups:signup", args=[occurrence.activity.slug, occurrence.pk]) in html
    a, b, c = people(3)
    for person in (a, b):
        services.signup_create(occurrence=occurrence, user=person)
    html = partial(occurrence.activity, occurrence, c)
    assert "Ilmoittaudu jonoon" in html
    assert "Olet ilmoittautunut" in partial(occurrence.activity, occurrence, a)


def test_partial_is_empty_when_no_sign_up_is_needed(db):
    activity = make_activity(signup_required=False)
    assert partial(activity, next_occurrence(activity)).strip() == ""


def test_organisers_see_counts_and_only_the_names_people_agreed_to_show(client, occurrence, people):
    shown, hidden = people(2)
    services.signup_create(occurrence=occurrence, user=shown, name="Näkyvä", show_name=True)
    services.signup_create(occurrence=occurrence, user=hidden, name="Piilossa")
    url = reverse("signups:organise", args=[occurrence.activity.slug, occurrence.pk])

    member = make_user("jasen@example.com")
    Membership.objects.create(organisation=occurrence.activity.organisation, user=member)
    client.force_login(member)
    page = client.get(url).content.decode()
    assert "Näkyvä" in page
    assert "Piilossa" not in page
    assert shown.email not in page and hidden.email not in page

    client.force_login(make_coordinator("koordinaattori@example.com"))
    page = client.get(url).content.decode()
    assert "Näkyvä" not in page  # the area's coordinator: counts only
    assert "2 / 2" in page


def test_bad_input_keeps_what_was_typed_and_saves_nothing(client, occurrence):
    url = reverse("signups:signup", args=[occurrence.activity.slug, occurrence.pk])
    response = client.post(url, {"name": "Maija", "email": "", "phone": "123"})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="Maija"' in page
    assert "error-summary" in page
    assert not Signup.objects.exists()


def test_the_link_page_cancels_without_login(client, occurrence):
    (signup,) = services.signup_create(occurrence=occurrence, name="M", email="m@example.com")
    services.signup_confirm(signup)
    url = reverse("signups:link", args=[tokens.link_token(signup)])
    assert client.get(url).status_code == 200
    client.post(url, {"action": "cancel"})
    signup.refresh_from_db()
    assert signup.status == Signup.Status.CANCELLED
    tampered = url.replace(url.split("/")[-2][-3:], "abc")
    assert client.get(tampered).status_code == 404
