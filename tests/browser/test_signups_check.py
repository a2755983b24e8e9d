"""Organisers' "Sign-ups to check" page in a real browser: listed, removed, checked with axe."""

from __future__ import annotations

import pytest

from organisations.models import Membership
from signups import services
from signups.models import Signup
from tests.browser.helpers import axe_check, log_in_with_session, url
from tests.personas import make_user
from tests.signups.conftest import make_activity, next_occurrence

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


def test_organiser_checks_and_removes_a_contact_holding_many_places(page, live_server):
    activity = make_activity(title_fi="Kävelyryhmä", capacity=3)
    occurrence = next_occurrence(activity)
    for _ in range(2):
        first, *_rest = services.signup_create(
            occurrence=occurrence, name="V", email="varaaja@example.com", whole_series=True
        )
        services.signup_confirm(first)
    member = make_user("jarjestaja@example.com")
    Membership.objects.create(organisation=activity.organisation, user=member, role="editor")

    log_in_with_session(page, live_server, member)
    page.goto(url(live_server, "signups:organise", slug=activity.slug, pk=occurrence.pk))
    with page.expect_navigation():
        page.get_by_role("link", name="Tarkistettavat ilmoittautumiset").click()
    assert "v•••@example.com" in page.locator("main").inner_text()
    axe_check(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Poista nämä ilmoittautumiset").click()
    assert "16 ilmoittautumista poistettu" in page.locator("main").inner_text()
    axe_check(page)
    assert not Signup.objects.filter(status__in=Signup.ACTIVE).exists()
