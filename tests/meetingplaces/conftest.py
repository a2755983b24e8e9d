"""Personas of the meeting places' tests: an organisation, an editor of it, a place it runs."""

from __future__ import annotations

import pytest

from organisations.models import Membership
from tests.meetingplaces.factories import MeetingPlaceFactory
from tests.organisations.factories import MembershipFactory, OrganisationFactory, UserFactory


@pytest.fixture
def org(db):
    return OrganisationFactory(name="Omaishoitajat ry", slug="omaishoitajat")


@pytest.fixture
def editor(client, org):
    """An editor of `org`, logged in on `client`."""
    user = UserFactory(email="muokkaaja@example.com", password=None)
    MembershipFactory(organisation=org, user=user, role=Membership.Role.EDITOR)
    client.force_login(user)
    return user


@pytest.fixture
def place(org):
    return MeetingPlaceFactory(organisations=[org], slug="olohuone", name_fi="Olohuone")
