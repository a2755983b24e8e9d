"""An organiser declares a break in a browser (issue 16.4) and residents see it: from the
activity's dates, "Lisää tauko", two dates and a name; the dates in it show as cancelled with
the break's name on the dates list, the activity's page and the place's page, which also lists
the exceptions to its hours of the coming weeks (16.12). Every page gets an axe scan."""

import datetime as dt

import pytest

from meetingplaces.models import Occurrence, OpeningException, OpeningHours
from tests.browser.helpers import axe_check, follow_link, log_in_with_session, next_tuesday, url
from tests.meetingplaces.factories import ActivityFactory

pytestmark = pytest.mark.browser


def test_an_organiser_declares_a_break_that_residents_see(phone, live_server, editor_world):
    org, user, place = editor_world
    OpeningHours.objects.create(place=place, weekday=1, opens=dt.time(10), closes=dt.time(16))
    tuesday = next_tuesday()
    staff_day = tuesday + dt.timedelta(days=28)
    OpeningException.objects.create(place=place, date=staff_day, closed=True, note="Koulutuspäivä")
    activity = ActivityFactory(
        organisation=org, place=place, title_fi="Tiistaipiiri", recurrence="FREQ=WEEKLY;BYDAY=TU"
    )
    page = phone
    log_in_with_session(page, live_server, user)

    page.goto(url(live_server, "places_manage:occurrences", slug=activity.slug))
    follow_link(page, "Lisää tauko")
    axe_check(page)
    page.get_by_label("Tauon ensimmäinen päivä").fill(tuesday.isoformat())
    page.get_by_label("Tauon viimeinen päivä").fill((tuesday + dt.timedelta(days=7)).isoformat())
    page.get_by_label("Tauon nimi").fill("Joulutauko")
    with page.expect_navigation():
        page.get_by_role("button", name="Lisää tauko").click()

    page.locator("h1", has_text="Tiistaipiiri").wait_for()
    assert page.get_by_role("link", name="Lisää tauko").is_visible()
    assert "Joulutauko" in page.locator("#breaks-heading + p + ul").inner_text()
    cancelled = Occurrence.objects.filter(activity=activity, status="cancelled", note="Joulutauko")
    assert cancelled.count() == 2
    axe_check(page)

    page.goto(url(live_server, "meetingplaces:activity", slug=activity.slug))
    page.get_by_text("Tauko: Joulutauko").wait_for()
    assert page.locator(".date-row--cancelled").count() >= 3  # the break and the staff day
    axe_check(page)

    page.goto(url(live_server, "meetingplaces:place", slug=place.slug))
    breaks = page.locator("#breaks-heading + ul")
    assert "Tiistaipiiri: Joulutauko" in breaks.inner_text()
    exceptions = page.locator("#exceptions-heading + ul")
    assert "Koulutuspäivä" in exceptions.inner_text()
    axe_check(page)
