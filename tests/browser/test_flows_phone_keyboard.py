"""Issue 16's flows walked on a 360 px phone with the keyboard alone (Tab, Enter, Space), in
Swedish and English, with axe on every page: the organiser reaches the sign-up list from the
home page; the secretary creates a meeting and publishes its agenda; the chair approves the
minutes and downloads the PDF (the resident's sign-up for a later date and the series cancel
are walked in tests/browser/test_signup_flows.py). Every link and button is reached with Tab
from the top of its page and shows its focus."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from bodies.models import AgendaItem, Meeting
from meetingplaces.models import Occurrence
from organisations.models import Membership
from signups import services as signup_services
from tests.bodies.conftest import build_world
from tests.browser.helpers import axe_check, log_in_with_session
from tests.browser.keyboard import follow, tab_to, type_into
from tests.personas import make_user
from tests.signups.conftest import make_activity

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]

PHONE = {"width": 360, "height": 740}


def phone(browser, live_server, user, lang: str):
    context = browser.new_context(viewport=PHONE, locale={"sv": "sv-FI", "en": "en-GB"}[lang])
    context.set_default_timeout(15_000)
    page = context.new_page()
    if user is not None:
        log_in_with_session(page, live_server, user)
    page.goto(f"{live_server.url}/{lang}/")
    axe_check(page)
    return page


def link(page, name: str):
    parts = [re.escape(part.strip()) for part in name.split(":")]
    return page.get_by_role("link", name=re.compile("^" + r"\s*:\s*".join(parts) + "$"))


def menu(page, name: str) -> None:
    """Open the phone's header menu with the keyboard and follow one of its links."""
    tab_to(page, page.locator("summary.site-menu__button"))
    page.keyboard.press("Enter")
    follow(page, link(page, name))


def coming(activity) -> list[Occurrence]:
    return list(
        Occurrence.objects.filter(activity=activity, starts_at__gt=timezone.now()).order_by(
            "starts_at"
        )
    )


def test_organiser_reaches_the_sign_up_list_from_the_home_page_in_english(browser, live_server):
    activity = make_activity(title_fi="Muistikahvila", title_en="Memory café", capacity=3)
    first = coming(activity)[0]
    member = make_user("jarjestaja@example.com")
    Membership.objects.create(organisation=activity.organisation, user=member, role="editor")
    participant = make_user("osallistuja@example.com")
    signup_services.signup_create(
        occurrence=first, user=participant, name="Maija", show_name=True, share_contact=True
    )
    page = phone(browser, live_server, member, "en")

    menu(page, "For associations")
    follow(page, link(page, activity.organisation.public_name))
    follow(page, link(page, "Places and activities"))
    follow(page, link(page, "Dates: Memory café"))
    day = first.date
    # Each date fits the phone: its actions on the screen, its status on one line (the four
    # columns once ran off the screen and broke "As planned" mid-word).
    list_link = link(page, f"Sign-up list: {day.day}.{day.month}.{day.year}")
    box = list_link.bounding_box()
    assert box["x"] + box["width"] <= PHONE["width"]
    assert page.locator("main .dates-table .status").first.bounding_box()["height"] < 40
    follow(page, link(page, f"Sign-up list: {day.day}.{day.month}.{day.year}"))
    main = page.locator("main").inner_text()
    assert "Maija" in main and "1 / 3" in main
    # Every date's sign-ups fit the phone too (follow checks the width; it was 8 px wider).
    follow(page, link(page, "Sign-ups of every date"))
    assert page.locator("main .dates-table .row-actions a").first.bounding_box()["x"] < 300


@pytest.fixture
def world(reference_data, live_server, tmp_path, settings):
    settings.BODIES_ATTACHMENT_ROOT = tmp_path / "attachments"
    return build_world(settings.BODIES_ATTACHMENT_ROOT)


def test_secretary_creates_a_meeting_and_publishes_its_agenda_in_swedish(
    browser, live_server, world
):
    page = phone(browser, live_server, world.users["secretary"], "sv")
    menu(page, "Samarbetsorgan")
    follow(page, link(page, "Kumppanuuspöytä"))
    follow(page, link(page, "Nytt möte"))
    starts = timezone.localtime(timezone.now() + timedelta(days=21)).replace(
        hour=13, minute=0, second=0, microsecond=0
    )
    tab_to(page, page.locator("#id_starts_at"))
    # Typed part by part in the order the field shows them (headless Chromium: US order).
    # The year takes up to six digits: move on to the time with the arrow key.
    page.keyboard.type(f"{starts:%m%d%Y}")
    page.keyboard.press("ArrowRight")
    page.keyboard.type("0100P")
    type_into(page, page.locator("#id_place"), "Sammanträdesrum Sex")
    follow(page, page.locator("main form button[type=submit]"))
    meeting = Meeting.objects.get(place="Sammanträdesrum Sex")
    assert timezone.localtime(meeting.starts_at) == starts
    follow(page, link(page, "Redigera mötet och publicera föredragningslistan"))
    follow(page, page.get_by_role("button", name="Publicera föredragningslistan"))
    meeting.refresh_from_db()
    assert meeting.agenda_is_public


def test_chair_approves_the_minutes_and_gets_the_pdf_in_english(browser, live_server, world):
    draft = world.draft
    AgendaItem.objects.filter(pk=world.draft_item.pk).update(decision="Decided – with care.")
    page = phone(browser, live_server, world.users["chair"], "en")
    menu(page, "Partnership bodies")
    follow(page, link(page, "Kumppanuuspöytä"))
    follow(page, page.locator(f"main a[href$='/meetings/{draft.pk}/']"))
    follow(page, link(page, "Minutes in progress"))
    follow(page, page.get_by_role("button", name="Approve and publish the minutes"))
    draft.refresh_from_db()
    assert draft.minutes_are_public
    pdf_link = link(page, "The minutes as a PDF")
    tab_to(page, pdf_link)
    response = page.request.get(live_server.url + pdf_link.get_attribute("href"))
    assert response.headers["content-type"] == "application/pdf"
