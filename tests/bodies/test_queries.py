"""The list pages make the same few queries however many rows they show."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from bodies.models import ActionItem, AgendaItem, Meeting
from tests.bodies.conftest import make_body, member

pytestmark = pytest.mark.django_db


def grow(world, n: int) -> None:
    for i in range(n):
        body = make_body(f"lisa-{i}", f"Lisäryhmä {i}")
        chair = member(body, f"Jäsen {i}", "chair", organisation=world.org)
        meeting = Meeting.objects.create(
            body=body,
            starts_at=timezone.now() - timedelta(days=i + 3),
            place="Jyväskylä",
            published_version=1,
            agenda_published_at=timezone.now(),
        )
        meeting.attendees.set([chair])
        item = AgendaItem.objects.create(meeting=meeting, title=f"Asia {i}")
        ActionItem.objects.create(
            item=item, title=f"Toimi {i}", owner_member=chair, due_date=timezone.localdate()
        )
        ActionItem.objects.create(
            item=item, title=f"Toimi b{i}", owner_organisation=world.org, due_date="2030-1-1"
        )
        AgendaItem.objects.create(meeting=world.upcoming, position=10 + i, title=f"Lisä {i}")
        Meeting.objects.create(
            body=world.body,
            starts_at=timezone.now() - timedelta(days=100 + i),
            agenda_published_at=timezone.now(),
        )


@pytest.mark.parametrize(
    ("name", "kwargs", "limit"),
    [
        ("bodies:list", lambda w: {}, 1),
        ("bodies:actions", lambda w: {}, 2),
        ("bodies:body", lambda w: {"slug": w.body.slug}, 3),
        # The agenda with its attachments and actions, and the previous meeting's actions.
        ("bodies:meeting", lambda w: {"pk": w.upcoming.pk}, 6),
        ("bodies:meeting", lambda w: {"pk": w.published.pk}, 7),
    ],
)
def test_list_pages_make_a_fixed_number_of_queries(
    client, body_world, django_assert_max_num_queries, name, kwargs, limit
):
    url = reverse(name, kwargs=kwargs(body_world) or None)
    client.get(url)  # warm the per-process caches (site URLs, translations)
    with django_assert_max_num_queries(limit):
        assert client.get(url).status_code == 200
    grow(body_world, 8)
    with django_assert_max_num_queries(limit):
        assert client.get(url).status_code == 200


def test_the_archive_search_makes_a_fixed_number_of_queries(
    client, body_world, django_assert_max_num_queries
):
    url = reverse("bodies:archive") + "?q=päätös"
    client.get(url)
    with django_assert_max_num_queries(7):
        assert client.get(url).status_code == 200
    grow(body_world, 8)
    with django_assert_max_num_queries(7):
        assert client.get(url).status_code == 200
