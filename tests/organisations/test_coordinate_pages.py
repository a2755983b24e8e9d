"""The coordinators' list pages: a constant number of queries whatever the area's size, and
the long lists in pages of 50.

Each pinned count lists its queries. The first nine are every signed-in coordinator page's:
    1 session, 2 user, 3–7 allauth.usersessions (savepoint, the user session, its user, its
    last-seen update, release), 8 the user's coordinator areas and 9 "has TOTP"
    (accounts.roles, read once per request and used by the middleware, access.py and the menu).
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from organisations.models import Organisation, Status
from organisations.services.merge import organisation_duplicates
from tests.organisations.factories import OrganisationFactory, area

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_pages")]

COMMON = 9


@pytest.fixture
def coordinator(coordinator, client):
    """The shared coordinator (tests/conftest.py), after a first page: the user session row
    exists from now on, so it is not among the counted queries."""
    client.get(reverse("coordinate:dashboard"))
    return coordinator


def make_many(count: int, **fields) -> list[Organisation]:
    """`count` organisations in Keski-Suomi with names that are not duplicates of each other."""
    places = ["Jyväskylän", "Laukaan", "Keuruun", "Saarijärven", "Äänekosken", "Jämsän"]
    kinds = ["Muisti", "Sydän", "Syöpä", "Omais", "Invalidi", "Kuulo", "Näkö", "Reuma", "Diabetes"]
    start = Organisation.objects.count()
    return [
        OrganisationFactory(
            name=f"{places[i % len(places)]} {kinds[i // len(places) % len(kinds)]}yhdistys {i}",
            **fields,
        )
        for i in range(start, start + count)
    ]


def test_dashboard_queries_do_not_grow(client, coordinator, django_assert_num_queries):
    make_many(3, status=Status.IN_REVIEW)
    OrganisationFactory(name="Hankasalmen Kuuloyhdistys ry")
    OrganisationFactory(name="Hankasalmen Kuuloyhdistys r.y.")

    def count() -> int:
        # COMMON, then: 1 drafts and published in one aggregate; 2 awaiting review; 3 stale;
        # 4 live names, websites and e-mails of the area; 5 similarity of the candidate name
        # pairs; 6 the organisations of the pairs; 7 the forums' consultations with comments
        # to moderate.
        with django_assert_num_queries(COMMON + 7):
            response = client.get(reverse("coordinate:dashboard"))
        assert response.status_code == 200
        return response.context["duplicates"]

    assert count() == 1
    make_many(30, status=Status.IN_REVIEW)
    assert count() == 1


def test_organisation_list_queries_do_not_grow(client, coordinator, django_assert_num_queries):
    make_many(3)

    def names() -> list[str]:
        # COMMON, then: 1 the count for the pages; 2 the page's organisations.
        with django_assert_num_queries(COMMON + 2):
            response = client.get(reverse("coordinate:organisations"))
        assert response.status_code == 200
        return [o.name for o in response.context["page"]]

    assert len(names()) == 3
    make_many(60)
    assert len(names()) == 50


def test_queue_queries_do_not_grow(client, coordinator, django_assert_num_queries):
    make_many(3, status=Status.IN_REVIEW)

    def rows() -> int:
        # COMMON, then: 1 the organisations awaiting review.
        with django_assert_num_queries(COMMON + 1):
            response = client.get(reverse("coordinate:queue"))
        assert response.status_code == 200
        return response.content.decode().count(' scope="row"')

    assert rows() == 3
    make_many(20, status=Status.IN_REVIEW)
    assert rows() == 23


def test_stale_list_is_paginated_with_constant_queries(
    client, coordinator, django_assert_num_queries
):
    old = timezone.now() - timezone.timedelta(days=400)
    stale = make_many(55, status=Status.PUBLISHED, created_at=old)
    Organisation.objects.filter(pk__in=[o.pk for o in stale]).update(created_at=old)
    OrganisationFactory(name="Tuore yhdistys", status=Status.PUBLISHED)

    # COMMON, then: 1 the count for the pages; 2 the page's organisations.
    with django_assert_num_queries(COMMON + 2):
        first = client.get(reverse("coordinate:stale"))
    with django_assert_num_queries(COMMON + 2):
        second = client.get(reverse("coordinate:stale"), {"page": 2})

    assert len(first.context["page"]) == 50
    assert len(second.context["page"]) == 5
    body = first.content.decode() + second.content.decode()
    assert "Tuore yhdistys" not in body
    assert all(o.name in body for o in stale)
    assert "Page 1 of 2" in first.content.decode()
    assert 'href="?page=2"' in first.content.decode()


def test_duplicates_queries_do_not_grow(client, coordinator, django_assert_num_queries):
    OrganisationFactory(name="Hankasalmen Kuuloyhdistys ry", email="kuulo@example.com")
    OrganisationFactory(name="Hankasalmen Kuuloyhdistys r.y.")
    OrganisationFactory(name="Kuulon tuki", email="KUULO@example.com")

    def pairs() -> int:
        # COMMON, then: 1 live names, websites and e-mails of the area; 2 similarity of the
        # candidate name pairs; 3 the organisations of the pairs.
        with django_assert_num_queries(COMMON + 3):
            response = client.get(reverse("coordinate:duplicates"))
        assert response.status_code == 200
        return len(response.context["pairs"])

    assert pairs() == 2
    make_many(40)
    assert pairs() == 2
    assert len(organisation_duplicates(area_ids=[area().pk])) == 2


def test_review_and_history_queries_do_not_grow(client, coordinator, django_assert_num_queries):
    from organisations.services import review
    from tests.organisations.factories import TermFactory, municipality

    organisation = OrganisationFactory(
        name="Hankasalmen Kuuloyhdistys ry",
        status=Status.IN_REVIEW,
        municipalities=[municipality("179")],
        target_groups=[TermFactory()],
    )
    review.organisation_approve(organisation=organisation, user=coordinator)

    def pages() -> None:
        # COMMON, then: 1 the organisation; 2 its welfare area; 3 its municipalities; 4 its
        # target groups.
        with django_assert_num_queries(COMMON + 4):
            response = client.get(reverse("coordinate:review", args=[organisation.pk]))
        assert response.status_code == 200
        # COMMON, then: 1 the organisation; 2 the versions with their authors; 3–5 the names
        # of the municipalities, terms and welfare areas the snapshots point at (one more for
        # networks, when any).
        with django_assert_num_queries(COMMON + 5):
            response = client.get(reverse("coordinate:history", args=[organisation.pk]))
        assert response.status_code == 200

    pages()
    for number in range(5):
        organisation.municipalities.add(municipality("249"))
        review.organisation_coordinator_update(
            organisation=organisation,
            user=coordinator,
            changes={"summary_fi": f"Muutos {number}"},
            expected_version=Organisation.objects.get(pk=organisation.pk).version,
        )
        organisation.target_groups.add(TermFactory())
    pages()
