"""An organiser records a month of attendance on a 360 px phone (issue 18): from the home page
to the organisation, its places and activities, the activity's attendance, last month's dates on
one form (a mistake first: an error at the field, nothing lost), saved; then the yearly report
and the meeting place's door counter. Every page gets an axe scan and no sideways scrolling."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import translation

from attendance import figures
from attendance.models import DateRecord, PlaceDay
from meetingplaces.services import local_today
from tests.browser.helpers import axe_check, follow_link, log_in_with_session, phone_check, url
from tests.meetingplaces.factories import ActivityFactory

pytestmark = pytest.mark.browser


def test_an_organiser_records_a_month_of_attendance_on_a_phone(phone, live_server, editor_world):
    org, user, place = editor_world
    today = local_today()
    last_month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    activity = ActivityFactory(
        organisation=org,
        place=place,
        title_fi="Omaishoitajien olohuone",
        recurrence="FREQ=WEEKLY;BYDAY=TU",
        today=last_month - dt.timedelta(days=7),
        start_date=last_month - dt.timedelta(days=7),
    )
    dates = list(activity.occurrences.filter(date__gte=last_month, date__lt=today.replace(day=1)))
    page = phone
    log_in_with_session(page, live_server, user)

    page.goto(url(live_server, "home"))
    page.get_by_role("link", name="Siirry omiin järjestöihin").click()
    with translation.override("fi"):
        organisation_page = reverse("manage:organisation", kwargs={"slug": org.slug})
    page.locator(f'a[href="{organisation_page}"]').first.click()  # the dashboard's own link
    follow_link(page, "Paikat ja toiminta")
    follow_link(
        page,
        re.compile("Osallistujamäärät.*Omaishoitajien olohuone"),
        heading="Omaishoitajien olohuone",
    )
    phone_check(page)

    page.locator(".month-nav a").first.click()  # last month
    page.locator("legend").first.wait_for()
    first, second, *rest = dates
    page.locator(f"#id_d{first.pk}-visitors").fill("9")
    page.locator(f"#id_d{first.pk}-volunteers").fill("2")
    page.locator(f"#id_d{first.pk}-volunteer_hours").fill("4,5")
    page.locator(f"#id_d{second.pk}-not_held").check()
    for number, occurrence in enumerate(rest, start=5):
        page.locator(f"#id_d{occurrence.pk}-visitors").fill(str(number))
    page.locator(f"#id_d{rest[0].pk}-volunteer_hours").fill("3")  # hours without volunteers
    with page.expect_navigation():
        page.get_by_role("button", name="Tallenna kuukauden luvut").click()
    page.locator(".error-summary").wait_for()
    assert not DateRecord.objects.exists()
    assert page.locator(f"#id_d{first.pk}-visitors").input_value() == "9"
    phone_check(page)
    page.locator(f"#id_d{rest[0].pk}-volunteers").fill("1")
    with page.expect_navigation():
        page.get_by_role("button", name="Tallenna kuukauden luvut").click()
    page.get_by_text(f"Tallennettiin {len(dates)} päivän luvut.").wait_for()
    assert DateRecord.objects.count() == len(dates)
    total = figures.totals(start=last_month, end=last_month, organisation=org)
    assert total.visits == 9 + sum(range(5, 5 + len(rest)))
    assert (total.dates_cancelled, total.volunteer_hours) == (1, 7.5)
    axe_check(page)

    follow_link(page, "Yhdistyksen vuosiraportti", heading="Vuosiraportti")
    axe_check(page)

    page.goto(url(live_server, "places_manage:overview", slug=org.slug))
    page.get_by_role("link", name=re.compile("Kävijät.*Olohuone")).click()
    for _ in range(2):
        with page.expect_navigation():
            page.get_by_role("button", name="+1 kävijä").click()
    page.get_by_text("Kävijöitä tänään: 2").first.wait_for()
    assert PlaceDay.objects.get(place=place, date=today).visitors == 2
    phone_check(page)
