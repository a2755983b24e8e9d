"""The residents' search is public and read-only: every URL of the "search" namespace answers
GET to every persona (anonymous, resident, member, coordinator of the area and of another
area, coordinator and staff with and without TOTP) and refuses POST (405). A new URL in the
namespace without a row here fails."""

import pytest
from django.urls import reverse

from tests.organisations.factories import MembershipFactory, OrganisationFactory
from tests.personas import make_coordinator, make_staff, make_user, url_names

ROWS = {"search:search": {}}


def test_every_search_url_has_a_row():
    assert {n for n in url_names() if n.startswith("search:")} == set(ROWS)


@pytest.fixture
def personas(db):
    member = make_user("member@example.org")
    MembershipFactory(organisation=OrganisationFactory(), user=member)
    return {
        "anonymous": None,
        "resident": make_user("resident@example.org"),
        "member": member,
        "coordinator": make_coordinator("c1@example.org"),
        "coordinator of another area": make_coordinator("c2@example.org", "pirkanmaa"),
        "coordinator without TOTP": make_coordinator("c3@example.org", totp=False),
        "staff": make_staff("s1@example.org"),
        "staff without TOTP": make_staff("s2@example.org", totp=False),
    }


@pytest.mark.parametrize("name", sorted(ROWS))
def test_everyone_may_search_and_nobody_may_post(client, personas, name):
    url = reverse(name, kwargs=ROWS[name]) + "?q=ryhmä&postcode=40100"
    for label, user in personas.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        assert client.get(url).status_code == 200, label
        assert client.post(url).status_code == 405, label
