"""A sensitive group's name never shows in sign-up addresses (browser history, e-mail links):
its sign-up page is reached by the occurrence's number only; the old address still works."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from meetingplaces.models import PublishStatus
from signups import services
from signups.models import Signup
from tests.signups.conftest import make_activity, next_occurrence

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(db):
    return make_activity(
        title_fi="Päihdevertaisryhmä", slug="paihdevertaisryhma", is_sensitive=True, capacity=5
    )


def test_the_activity_page_links_to_an_address_without_the_name(group):
    occurrence = next_occurrence(group)
    request = RequestFactory().get("/fi/")
    request.user = AnonymousUser()
    html = render_to_string(
        "signups/_activity_signup.html",
        {"activity": group, "occurrence": occurrence, "user": request.user},
        request=request,
    )
    assert reverse("signups:signup_date", args=[occurrence.pk]) in html
    assert "/signups/paihdevertaisryhma/" not in html


def test_signing_up_by_the_address_without_the_name_and_its_messages(
    client, group, django_capture_on_commit_callbacks
):
    occurrence = next_occurrence(group)
    url = reverse("signups:signup_date", args=[occurrence.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "paihdevertaisryhma" not in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"name": "Nimimerkki", "email": "n@example.com", "consent": "on"}
        )
    assert response.status_code == 200
    assert "paihdevertaisryhma" not in response.content.decode()
    (signup,) = Signup.objects.all()
    services.signup_confirm(signup)
    bodies = [m.body + m.alternatives[0][0] + m.subject for m in mail.outbox]
    assert bodies and not any("paihdevertaisryhma" in body.lower() for body in bodies)


def test_the_old_address_of_a_sensitive_group_moves_to_the_one_without_the_name(client, group):
    occurrence = next_occurrence(group)
    old = reverse("signups:signup", args=[group.slug, occurrence.pk])
    response = client.get(old)
    assert response.status_code == 302
    assert response["Location"] == reverse("signups:signup_date", args=[occurrence.pk])
    # A form posted to the old address still signs up.
    client.post(old, {"name": "N", "email": "n@example.com", "consent": "on"})
    assert Signup.objects.count() == 1


def test_other_activities_keep_their_address_and_hidden_ones_stay_hidden(client):
    plain = make_activity(slug="muistikahvila")
    occurrence = next_occurrence(plain)
    assert (
        client.get(reverse("signups:signup", args=[plain.slug, occurrence.pk])).status_code == 200
    )
    draft = make_activity(status=PublishStatus.DRAFT, is_sensitive=True)
    hidden = next_occurrence(draft)
    assert client.get(reverse("signups:signup_date", args=[hidden.pk])).status_code == 404
    open_door = make_activity(signup_required=False, is_sensitive=True)
    url = reverse("signups:signup_date", args=[next_occurrence(open_door).pk])
    assert client.get(url).status_code == 404
    assert client.get(reverse("signups:signup_date", args=[999999])).status_code == 404
