"""An activity's "other dates" and "skipped dates" lists are bounded by the two years a schedule
may span: a pasted list of 200,000 dates is refused at the field, with nothing saved, and the
preview says why instead of listing them."""

from __future__ import annotations

import datetime as dt

import pytest

from meetingplaces.forms.common import MAX_LIST_DATES
from meetingplaces.models import Activity, Occurrence
from meetingplaces.schedule import MAX_SPAN_DAYS
from tests.meetingplaces.editing import activity_data, next_weekday, schedule_data, url
from tests.meetingplaces.factories import ActivityFactory

pytestmark = pytest.mark.django_db


def dates_text(first: dt.date, count: int) -> str:
    return "\n".join(
        f"{day.day}.{day.month}.{day.year}"
        for day in (first + dt.timedelta(days=n) for n in range(count))
    )


@pytest.mark.parametrize(
    ("field", "count", "changes"),
    [
        # Refused by the text's length, before a date is read.
        pytest.param("extra_dates", 200_000, {"repeat": "dates"}, id="a huge list of dates"),
        # Refused by the count: one date over the bound.
        pytest.param("skipped_dates", MAX_LIST_DATES + 1, {}, id="one skipped date too many"),
    ],
)
def test_too_many_dates_are_refused_at_the_field(client, editor, org, place, field, count, changes):
    first = next_weekday(1)
    dates = dates_text(first + dt.timedelta(days=1), count)
    data = activity_data(place, **changes, **{field: dates})
    response = client.post(url("places_manage:activity-create", slug=org.slug), data)

    assert response.status_code == 200
    errors = response.context["schedule_form"].errors[field]
    assert f"enintään {MAX_LIST_DATES} päivämäärää" in errors[0]
    assert f'href="#id_{field}' in response.content.decode()
    assert not Activity.objects.exists()
    assert not Occurrence.objects.exists()


def test_dates_beyond_two_years_are_refused_and_a_years_list_is_fine(client, editor, org, place):
    first = next_weekday(1)
    late = first + dt.timedelta(days=MAX_SPAN_DAYS + 1)
    data = activity_data(place, repeat="dates", extra_dates=f"{late.day}.{late.month}.{late.year}")
    response = client.post(url("places_manage:activity-create", slug=org.slug), data)
    assert "extra_dates" in response.context["schedule_form"].errors
    assert "kahden vuoden" in response.context["schedule_form"].errors["extra_dates"][0]
    assert not Activity.objects.exists()

    data["extra_dates"] = dates_text(first + dt.timedelta(days=1), 300)
    response = client.post(url("places_manage:activity-create", slug=org.slug), data)
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert len(activity.extra_dates) == 300


def test_the_live_preview_names_the_bound_instead_of_listing_the_dates(client, editor, org):
    first = next_weekday(1)
    response = client.post(
        url("places_manage:activity-preview", slug=org.slug),
        schedule_data(
            repeat="dates",
            start_date=first.isoformat(),
            extra_dates=dates_text(first + dt.timedelta(days=1), 200_000),
        ),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert f"enintään {MAX_LIST_DATES} päivämäärää" in page
    assert len(page) < 5000


def test_a_long_list_stored_before_the_bound_is_not_read_out_whole(client, org, place):
    first = next_weekday(1)
    activity = ActivityFactory(
        organisation=org,
        place=place,
        recurrence="",
        start_date=first,
        extra_dates=[first + dt.timedelta(days=n) for n in range(1, 5000)],
    )
    page = client.get(activity.get_absolute_url()).content.decode()
    assert "ja 4990 muuta päivää klo 13–15" in page
    assert len(page) < 100_000
