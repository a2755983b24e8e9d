"""The bodies' demo data: four bodies of Keski-Suomi with published minutes, actions (some
overdue) and an upcoming agenda; a second run changes nothing."""

from __future__ import annotations

import pytest
from django.utils import timezone

from bodies.demo.builder import seed_bodies
from bodies.models import ActionItem, Body, Meeting
from search.models import SearchEntry
from tests.organisations.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_the_demo_bodies_are_seeded_once():
    for n in range(3):
        OrganisationFactory(name=f"Demoyhdistys {n} ry", slug=f"demo-{n}")

    first = seed_bodies()
    counts = (Body.objects.count(), Meeting.objects.count(), ActionItem.objects.count())
    second = seed_bodies()

    assert first[0].startswith("Created 4 demo bodies")
    assert "nothing to create" in second[0]
    assert (Body.objects.count(), Meeting.objects.count(), ActionItem.objects.count()) == counts
    assert set(Body.objects.values_list("kind", flat=True)) == {
        "partnership_table", "arena", "expert_group", "subcommittee",
    }  # fmt: skip
    assert Meeting.objects.filter(published_version=1).count() == 12
    upcoming = Meeting.objects.filter(starts_at__gt=timezone.now())
    assert upcoming.count() == 4
    assert all(m.agenda_is_public and m.items.exists() for m in upcoming)
    today = timezone.localdate()
    assert ActionItem.objects.filter(due_date__lt=today).exists()
    assert ActionItem.objects.filter(due_date__gte=today).exists()
    assert SearchEntry.objects.filter(kind="body_decision").exists()
    table = Body.objects.get(slug="ks-kumppanuuspoyta")
    assert table.members.filter(role="secretary", user__email="sihteeri@yhdessa.example").exists()
