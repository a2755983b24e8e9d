"""The whole jobs of issue 16 in a real browser, from the home page by links alone, with axe on
every page: the resident finds an activity, signs up for a chosen (not the next) date and every
date after it, finds "Omat ilmoittautumiset" from the account page, gets the calendar address,
and cancels the whole series at once; the organiser goes from the home page to an activity's
dates (with counts), a date's sign-up list, every date's sign-ups, the print view and the
e-mails about sign-ups."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from meetingplaces.models import Occurrence
from organisations.models import Membership
from signups import services
from signups.models import Signup
from tests.browser.helpers import axe_check, log_in_with_session
from tests.personas import make_user
from tests.signups.conftest import make_activity

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


def coming(activity) -> list[Occurrence]:
    return list(
        Occurrence.objects.filter(activity=activity, starts_at__gt=timezone.now()).order_by(
            "starts_at"
        )
    )


def click(page, name: str) -> None:
    """Follow the link of this accessible name (a visually hidden part may add a space)."""
    parts = [re.escape(part.strip()) for part in name.split(":")]
    pattern = re.compile("^" + r"\s*:\s*".join(parts) + "$")
    with page.expect_navigation():
        page.get_by_role("link", name=pattern).first.click()
    axe_check(page)


def test_a_resident_signs_up_for_a_chosen_date_and_cancels_the_series(page, live_server):
    activity = make_activity(title_fi="Muistikahvila", capacity=10)
    chosen = coming(activity)[2]
    resident = make_user("asukas@example.com")
    log_in_with_session(page, live_server, resident)

    page.goto(live_server.url + "/fi/")
    axe_check(page)
    page.get_by_label("Mitä etsit?").fill("Muistikahvila")
    with page.expect_navigation():
        page.get_by_role("button", name="Hae", exact=True).first.click()
    axe_check(page)
    click(page, "Muistikahvila")
    assert page.get_by_role("heading", level=1).inner_text() == "Muistikahvila"

    # Every coming date has its own sign-up link: take the third, not the next.
    day = chosen.date
    click(page, f"Ilmoittaudu: {day.day}.{day.month}.{day.year}")
    assert page.url.endswith(f"/{chosen.pk}/")
    page.get_by_label("Ilmoita minut kaikille tuleville kerroille").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Ilmoittaudu").click()
    axe_check(page)
    assert page.get_by_role("heading", level=1).inner_text() == "Omat ilmoittautumiset"
    active = Signup.objects.filter(user=resident, status__in=Signup.ACTIVE)
    count = active.count()
    assert count == len(coming(activity)) - 2
    assert min(s.occurrence.starts_at for s in active.select_related("occurrence")) == (
        chosen.starts_at
    )

    # From the account page to "Omat ilmoittautumiset" and the calendar address.
    click(page, "Oma tili")
    click(page, "Omat ilmoittautumiset")
    click(page, "Ilmoittautumiset omaan kalenteriisi")
    with page.expect_navigation():
        page.get_by_role("button", name="Tee kalenteriosoitteeni").click()
    axe_check(page)
    assert (
        page.get_by_role("link", name="Tilaa kalenteriini")
        .get_attribute("href")
        .startswith("webcal://")
    )
    click(page, "Omat ilmoittautumiset")

    with page.expect_navigation():
        page.get_by_role("button", name=f"Peru kaikki {count} kertaa").click()
    axe_check(page)
    assert "Sinulla ei ole tulevia ilmoittautumisia." in page.locator("main").inner_text()
    assert not Signup.objects.filter(user=resident, status__in=Signup.ACTIVE).exists()


def test_an_organiser_reaches_the_sign_up_lists_from_the_home_page(page, live_server):
    activity = make_activity(title_fi="Muistikahvila", capacity=3)
    first = coming(activity)[0]
    organisation = activity.organisation
    member = make_user("jarjestaja@example.com")
    Membership.objects.create(organisation=organisation, user=member, role="editor")
    participant = make_user("osallistuja@example.com")
    services.signup_create(
        occurrence=first, user=participant, name="Maija", show_name=True, share_contact=True
    )
    log_in_with_session(page, live_server, member)

    page.goto(live_server.url + "/fi/")
    axe_check(page)
    click(page, "Järjestöille")
    click(page, organisation.public_name)
    click(page, "Paikat ja toiminta")
    click(page, "Kerrat: Muistikahvila")
    assert "1 / 3" in page.locator("table").inner_text()  # the count per date

    click(page, f"Ilmoittautuneet: {first.date.day}.{first.date.month}.{first.date.year}")
    main = page.locator("main").inner_text()
    assert "Maija" in main and "1 / 3" in main
    click(page, "Kaikkien kertojen ilmoittautumiset")
    click(page, "Tulosta kaikkien kertojen osallistujat")
    assert "osallistuja@example.com" in page.locator("main").inner_text()  # agreed to share
    click(page, "Takaisin ilmoittautumisiin")
    click(page, "Sähköpostit minulle ilmoittautumisista")
    page.get_by_label("Joku ilmoittautuu").check()
    page.get_by_label("Päivittäinen yhteenveto aamulla").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Tallenna").click()
    axe_check(page)
    assert member.signup_notices.get().mode == "daily"
