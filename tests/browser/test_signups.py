"""Signing up in a real browser: without an account, by the e-mailed links (confirm, then
cancel), and every sign-up page checked with axe-core."""

from __future__ import annotations

import re

import pytest
from django.conf import settings

from organisations.models import Membership
from signups import services
from signups.models import Signup
from tests.browser.helpers import axe_check, log_in_with_session, phone_check, url
from tests.personas import make_user
from tests.signups.conftest import make_activity, next_occurrence

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


def link_in(message, live_server, kind: str) -> str:
    found = re.search(
        rf"{re.escape(settings.SITE_URL)}(/fi/signups/{kind}/[^\s\"<]+)", message.body
    )
    assert found, message.body
    return live_server.url + found.group(1)


def test_sign_up_without_an_account_confirm_and_cancel_by_the_links(page, live_server, mailoutbox):
    activity = make_activity(title_fi="Muistikahvila", capacity=5)
    occurrence = next_occurrence(activity)
    page.goto(url(live_server, "signups:signup", slug=activity.slug, pk=occurrence.pk))
    axe_check(page)

    page.get_by_role("button", name="Ilmoittaudu").click()  # nothing filled in
    assert page.locator(".error-summary").count() >= 1
    axe_check(page)
    page.get_by_label("Nimi tai lempinimi").fill("Maija")
    page.get_by_label("Sähköposti").fill("maija@example.com")
    page.get_by_label("Järjestäjät saavat nähdä nimeni").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Ilmoittaudu").click()
    assert "maija@example.com" in page.locator("main").inner_text()
    axe_check(page)

    (confirm_mail,) = mailoutbox
    assert confirm_mail.to == ["maija@example.com"]
    page.goto(link_in(confirm_mail, live_server, "confirm"))
    axe_check(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Vahvista ilmoittautumiseni").click()
    assert "Ilmoittautunut" in page.locator("main").inner_text()
    axe_check(page)
    assert Signup.objects.get().status == "confirmed"

    signed_up = mailoutbox[-1]
    assert "Olet ilmoittautunut" in signed_up.subject
    page.context.clear_cookies()
    page.goto(link_in(signed_up, live_server, "link"))
    with page.expect_navigation():
        page.get_by_role("button", name="Peru tämä kerta").click()
    assert "Peruttu" in page.locator("main").inner_text()
    axe_check(page)
    assert Signup.objects.get().status == "cancelled"

    page.goto(live_server.url + "/fi/signups/confirm/vanhentunut/")
    axe_check(page)


def test_organiser_and_participant_pages_pass_axe(page, live_server):
    activity = make_activity(title_fi="Muistikahvila", capacity=1)
    occurrence = next_occurrence(activity)
    member = make_user("jarjestaja@example.com")
    Membership.objects.create(organisation=activity.organisation, user=member, role="editor")
    participant = make_user("osallistuja@example.com")
    services.signup_create(occurrence=occurrence, user=participant, show_name=True)

    log_in_with_session(page, live_server, participant)
    page.goto(url(live_server, "signups:mine"))
    assert "Muistikahvila" in page.locator("main").inner_text()
    axe_check(page)

    page.context.clear_cookies()
    log_in_with_session(page, live_server, member)
    page.goto(url(live_server, "signups:organise", slug=activity.slug, pk=occurrence.pk))
    assert "1 / 1" in page.locator("main").inner_text()  # counts; no e-mail addresses
    assert "osallistuja@example.com" not in page.locator("main").inner_text()
    axe_check(page)
    page.get_by_label("Viesti kaikille ilmoittautuneille").fill("Tänään huoneessa 2.")
    with page.expect_navigation():
        page.get_by_role("button", name="Lähetä viesti").click()
    axe_check(page)
    page.goto(url(live_server, "signups:reminders", slug=activity.slug))
    axe_check(page)


def test_sensitive_group_form_on_a_phone(mobile_page, live_server):
    activity = make_activity(title_fi="Vertaisryhmä", is_sensitive=True)
    occurrence = next_occurrence(activity)
    mobile_page.set_viewport_size({"width": 360, "height": 740})
    mobile_page.goto(url(live_server, "signups:signup", slug=activity.slug, pk=occurrence.pk))
    # The old address moves to one without the group's name.
    assert mobile_page.url.endswith(f"/fi/signups/date/{occurrence.pk}/")
    phone_check(mobile_page)
    mobile_page.get_by_label("Nimi tai lempinimi").fill("Nimimerkki")
    mobile_page.get_by_label("Sähköposti").fill("n@example.com")
    mobile_page.get_by_role("button", name="Ilmoittaudu").click()
    assert "suostumuksesi" in mobile_page.locator("main").inner_text()  # consent needed
    axe_check(mobile_page)
