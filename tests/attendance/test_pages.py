"""The organisers' attendance pages through HTTP: a month on one form, one date with who came,
the door's +1 and typed totals, and the yearly report (its totals are the sum of its rows)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from attendance import figures, services
from attendance.models import DateRecord, PlaceDay, Presence
from attendance.reports import ADDITIVE, yearly_report
from organisations.models import Membership
from signups.models import Signup
from taxonomy.models import Term
from tests.meetingplaces.factories import ActivityFactory
from tests.personas import person

from .conftest import NOVEMBER, TODAY, dates_of, make_past_activity

pytestmark = pytest.mark.django_db


@pytest.fixture
def organiser(client):
    def login(activity):
        user = person("vetaja@example.com")
        Membership.objects.create(organisation=activity.organisation, user=user)
        client.force_login(user)
        return user

    return login


def month_url(activity, month="2026-11"):
    return reverse("attendance:activity", kwargs={"slug": activity.slug}) + f"?month={month}"


def test_a_month_on_one_form_saves_each_filled_date(client, organiser):
    activity = make_past_activity()
    organiser(activity)
    first, second, third, _fourth = dates_of(activity, NOVEMBER)
    page = client.get(month_url(activity))
    assert page.status_code == 200
    assert f'name="d{first.pk}-visitors"' in page.content.decode()
    response = client.post(
        month_url(activity),
        {
            f"d{first.pk}-visitors": "8",
            f"d{first.pk}-volunteers": "2",
            f"d{first.pk}-volunteer_hours": "5,5",
            f"d{second.pk}-not_held": "on",
            f"d{third.pk}-visitors": "6",
            f"d{third.pk}-note": "Vieraana muistihoitaja",
        },
    )
    assert response.status_code == 302
    records = {r.occurrence_id: r for r in DateRecord.objects.all()}
    assert set(records) == {first.pk, second.pk, third.pk}
    assert records[first.pk].volunteer_hours == Decimal("5.5")
    assert records[second.pk].not_held and records[second.pk].visitors is None
    total = figures.totals(start=NOVEMBER, end=NOVEMBER, organisation=activity.organisation)
    assert (total.visits, total.dates_cancelled, total.dates_held) == (14, 1, 3)


def test_a_bad_number_saves_nothing_and_keeps_what_was_typed(client, organiser):
    activity = make_past_activity()
    organiser(activity)
    first, second, *_ = dates_of(activity, NOVEMBER)
    response = client.post(
        month_url(activity),
        {f"d{first.pk}-visitors": "8", f"d{second.pk}-visitors": "-3"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "error-summary" in html and f'href="#id_d{second.pk}-visitors"' in html
    assert 'value="8"' in html and 'value="-3"' in html
    assert not DateRecord.objects.exists()


def test_volunteer_hours_without_volunteers_is_an_error_at_the_field(client, organiser):
    activity = make_past_activity()
    organiser(activity)
    first = dates_of(activity, NOVEMBER)[0]
    response = client.post(
        month_url(activity), {f"d{first.pk}-visitors": "4", f"d{first.pk}-volunteer_hours": "3"}
    )
    assert response.status_code == 200
    assert f'href="#id_d{first.pk}-volunteers"' in response.content.decode()
    assert not DateRecord.objects.exists()


def test_a_cancelled_date_shows_as_cancelled_and_counts_so(client, organiser):
    from meetingplaces.services import occurrence_cancel

    activity = make_past_activity()
    organiser(activity)
    first = dates_of(activity, NOVEMBER)[0]
    occurrence_cancel(first, note="Ohjaaja sairastui")
    html = client.get(month_url(activity)).content.decode()
    assert "Ohjaaja sairastui" in html and f'name="d{first.pk}-visitors"' not in html
    total = figures.totals(start=NOVEMBER, end=NOVEMBER, organisation=activity.organisation)
    assert total.dates_cancelled == 1 and total.visits == 0


def test_who_came_on_the_date_page(client, organiser):
    activity = make_past_activity(signup_required=True, capacity=10)
    organiser(activity)
    first = dates_of(activity, NOVEMBER)[0]
    came, named = (
        Signup.objects.create(activity=activity, occurrence=first, status="confirmed"),
        Signup.objects.create(
            activity=activity, occurrence=first, status="confirmed", name="Aino", show_name=True
        ),
    )
    url = reverse("attendance:date", kwargs={"slug": activity.slug, "pk": first.pk})
    html = client.get(url).content.decode()
    assert "Aino" in html
    assert "Participant 1" in html or "Osallistuja 1" in html
    response = client.post(url, {"visitors": "5", "present": [str(came.pk), str(named.pk)]})
    assert response.status_code == 302
    assert Presence.objects.count() == 2
    total = figures.totals(start=NOVEMBER, end=NOVEMBER, organisation=activity.organisation)
    assert (total.visits, total.participants) == (5, 2)


def test_the_door_counts_one_at_a_time_and_typed_totals_replace(client, organiser):
    activity = make_past_activity()
    organiser(activity)
    place = activity.place
    door = reverse("attendance:door", kwargs={"slug": place.slug})
    for _ in range(3):
        assert client.post(door).status_code == 302
    assert PlaceDay.objects.get(place=place, date=TODAY).visitors == 3
    page = reverse("attendance:place", kwargs={"slug": place.slug})
    html = client.get(page).content.decode()
    assert "+1" in html
    friday = dt.date(2026, 12, 4)
    # The form as loaded before the last +1 (today's 2 shown): only Friday's change is saved,
    # today's count is not taken back to what the page showed.
    response = client.post(
        page + "?month=2026-12",
        {
            f"v{friday:%Y%m%d}-visitors": "11",
            f"initial-v{friday:%Y%m%d}-visitors": "",
            f"v{TODAY:%Y%m%d}-visitors": "2",
            f"initial-v{TODAY:%Y%m%d}-visitors": "2",
        },
    )
    assert response.status_code == 302
    assert PlaceDay.objects.get(place=place, date=friday).visitors == 11
    assert figures.totals(start=TODAY, end=TODAY, organisation=activity.organisation).visits == 14


def test_yearly_report_totals_are_the_sum_of_its_rows(client, organiser):
    theme = Term.objects.filter(kind=Term.Kind.THEME).first()
    activity = make_past_activity(themes=[theme], signup_required=True, capacity=20)
    online = ActivityFactory(
        organisation=activity.organisation,
        venue="online",
        online_url="https://meet.example.com/x",
        today=dt.date(2026, 10, 1),
        start_date=dt.date(2026, 10, 1),
    )
    organiser(activity)
    for number, occurrence in enumerate(dates_of(activity, NOVEMBER), start=1):
        signup = Signup.objects.create(
            activity=activity, occurrence=occurrence, status="confirmed", name=f"P{number % 2}"
        )
        services.date_record_save(
            occurrence=occurrence,
            user=None,
            visitors=number * 3,
            volunteers=1,
            volunteer_hours=Decimal("2.5"),
            present=[signup.pk],
        )
    for occurrence in dates_of(online, dt.date(2026, 10, 1)):
        services.date_record_save(occurrence=occurrence, user=None, visitors=4)
    services.place_days_set(place=activity.place, totals={dt.date(2026, 11, 5): 9})
    services.figures_refresh_activity(online, dt.date(2026, 11, 1), today=TODAY)

    report = yearly_report(activity.organisation, 2026)
    for details in (report.activities, report.municipalities):
        for name in ADDITIVE:
            assert getattr(report.total, name) == sum(
                (getattr(line.figures, name) for line in details),
                start=type(getattr(report.total, name))(),
            ), name
    # Different participants: each activity's people once; a person in two counts once.
    assert report.total.participants <= sum(line.figures.participants for line in report.activities)
    assert report.total.visits == (3 + 6 + 9 + 12) + 4 * 4 + 9  # four October Tuesdays online
    assert report.total.volunteer_hours == Decimal("10.0")

    url = reverse("attendance:report", kwargs={"slug": activity.organisation.slug})
    html = client.get(url + "?year=2026").content.decode()
    assert "Sessions held" in html or "Toteutuneet" in html
    download = client.get(url + "?year=2026&format=csv")
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 1 + 1 + len(report.activities) + len(report.themes) + len(
        report.municipalities
    )
    assert client.get(url + "?year=2026&format=xlsx")["Content-Type"].startswith(
        "application/vnd.openxmlformats"
    )
