"""The residents' and organisers' whole jobs around sign-ups (issue 16, items 1–3 and 7–11),
walked through the pages as each person would: the response, then the state after it."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from meetingplaces.models import Occurrence
from meetingplaces.services import occurrence_cancel, occurrences_regenerate
from notifications.models import OutgoingEmail
from organisations.models import Membership
from signups import notices, services, texts
from signups.models import CalendarFeed, OrganiserNotice, Signup
from tests.personas import make_coordinator, make_user
from tests.signups.conftest import make_activity

pytestmark = pytest.mark.django_db


def coming(activity) -> list[Occurrence]:
    return list(
        Occurrence.objects.filter(activity=activity, starts_at__gt=timezone.now()).order_by(
            "starts_at"
        )
    )


@pytest.fixture
def organiser(activity):
    member = make_user("jarjestaja@example.com")
    Membership.objects.create(organisation=activity.organisation, user=member, role="editor")
    return member


# --- 1. any coming date; a whole series cancelled at once ----------------------------------------


def test_a_resident_signs_up_for_a_chosen_later_date_from_the_activity_page(
    client, activity, people
):
    resident, a, b = people(3)
    for person in (a, b):  # the next date is full (two places)
        services.signup_create(occurrence=coming(activity)[0], user=person)
    client.force_login(resident)
    third = coming(activity)[2]
    page = client.get(activity.get_absolute_url()).content.decode()
    signup_url = reverse("signups:signup", args=[activity.slug, third.pk])
    assert f'href="{signup_url}"' in page  # every coming date has its own sign-up link
    first_url = reverse("signups:signup", args=[activity.slug, coming(activity)[0].pk])
    assert f'href="{first_url}">Ilmoittaudu jonoon<span' in page  # a full date says so

    form = client.get(signup_url)
    assert form.status_code == 200
    response = client.post(signup_url, {"reminders_on": "on"})
    assert response.status_code == 302 and response["Location"] == reverse("signups:mine")
    (signup,) = Signup.objects.filter(user=resident)
    assert signup.occurrence == third and signup.status == Signup.Status.CONFIRMED

    # The activity page now says so on that date, and only there.
    page = client.get(activity.get_absolute_url()).content.decode()
    assert page.count("Olet ilmoittautunut<span") == 1


def test_a_resident_cancels_a_whole_series_in_one_click(
    client, activity, people, mailoutbox, django_capture_on_commit_callbacks
):
    (resident,) = people(1)
    client.force_login(resident)
    second = coming(activity)[1]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("signups:signup", args=[activity.slug, second.pk]),
            {"whole_series": "on", "reminders_on": "on"},
        )
    rows = Signup.objects.filter(user=resident, status__in=Signup.ACTIVE)
    count = rows.count()
    assert count == len(coming(activity)) - 1  # from the chosen date on, not the next one
    assert not rows.filter(occurrence=coming(activity)[0]).exists()

    page = client.get(reverse("signups:mine")).content.decode()
    assert f"Peru kaikki {count} kertaa" in page
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("signups:mine"),
            {
                "signup": rows.order_by("occurrence__starts_at").first().pk,
                "action": "cancel_series",
            },
        )
    assert response.status_code == 302
    assert not Signup.objects.filter(user=resident, status__in=Signup.ACTIVE).exists()
    assert len(mailoutbox) == 1  # one message for the whole series
    assert "ei ole tulevia ilmoittautumisia" in client.get(reverse("signups:mine")).content.decode()


# --- 2. "My sign-ups" from the account page; the calendar subscription ---------------------------


def test_the_account_page_links_my_sign_ups_and_the_calendar(client, people):
    (resident,) = people(1)
    client.force_login(resident)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert f'href="{reverse("signups:mine")}"' in page
    assert f'href="{reverse("signups:calendar")}"' in page


def test_the_calendar_subscription_of_own_sign_ups_and_its_reset(client, activity, people):
    resident, other = people(2)
    first = coming(activity)[0]
    services.signup_create(occurrence=first, user=resident)
    sensitive = make_activity(title_fi="Vertaistukiryhmä", is_sensitive=True)
    services.signup_create(occurrence=coming(sensitive)[0], user=resident, consent=True)
    services.signup_create(occurrence=coming(make_activity(title_fi="Toisen kerho"))[0], user=other)
    full = coming(make_activity(title_fi="Täysi kerho", capacity=1))[0]
    services.signup_create(occurrence=full, user=other)
    services.signup_create(occurrence=full, user=resident)  # on the waiting list

    client.force_login(resident)
    page = client.get(reverse("signups:calendar"))
    assert page.status_code == 200 and not CalendarFeed.objects.exists()  # GET writes nothing
    client.post(reverse("signups:calendar"))
    feed = CalendarFeed.objects.get(user=resident)
    page = client.get(reverse("signups:calendar")).content.decode()
    address = reverse("signups:feed", kwargs={"token": feed.token})
    assert f"webcal://127.0.0.1:8000{address}" in page.replace("http://", "")

    client.logout()  # calendar apps have no session
    response = client.get(address)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    text = response.content.decode()
    assert "SUMMARY:Muistikahvila" in text
    assert f"{first.date:%Y%m%d}@" in text
    assert "Vertaistukiryhmä" not in text  # a sensitive group never reaches a calendar service
    assert "Toisen kerho" not in text  # only the person's own
    assert "Täysi kerho" not in text  # no place held: no calendar entry

    client.force_login(resident)
    client.post(reverse("signups:calendar"))  # reset
    assert client.get(address).status_code == 404
    feed.refresh_from_db()
    assert client.get(reverse("signups:feed", kwargs={"token": feed.token})).status_code == 200


# --- 3. the messages after signing up ------------------------------------------------------------


def test_the_waiting_list_message_says_so_in_its_subject(
    client, activity, people, mailoutbox, django_capture_on_commit_callbacks
):
    first, second, third = people(3)
    occurrence = coming(activity)[0]
    for person in (first, second, third):  # two places
        client.force_login(person)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("signups:signup", args=[activity.slug, occurrence.pk]), {})
    waiting = [m for m in mailoutbox if m.to == [third.email]]
    (message,) = waiting
    assert "jono" in message.subject.lower()
    assert "Olet ilmoittautunut" not in message.subject
    assert not message.attachments  # no calendar entry for a place not held


def test_the_confirmation_has_the_dates_as_ics_and_a_link_to_the_activity(
    client, activity, people, mailoutbox, django_capture_on_commit_callbacks, settings
):
    (resident,) = people(1)
    client.force_login(resident)
    second = coming(activity)[1]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("signups:signup", args=[activity.slug, second.pk]), {})
    (message,) = mailoutbox
    assert "Olet ilmoittautunut" in message.subject
    assert settings.SITE_URL + activity.get_absolute_url() in message.body
    ((name, content, mimetype),) = message.attachments
    assert name.endswith(".ics") and mimetype == "text/calendar"
    assert "BEGIN:VEVENT" in content and f"{second.date:%Y%m%d}@" in content
    assert "SUMMARY:Muistikahvila" in content


def test_a_place_freed_up_message_has_the_date_as_ics_and_a_link_to_the_activity(
    client, activity, people, mailoutbox, django_capture_on_commit_callbacks, settings
):
    first, second, third = people(3)
    occurrence = coming(activity)[0]
    (held,) = services.signup_create(occurrence=occurrence, user=first)
    services.signup_create(occurrence=occurrence, user=second)
    (waiting,) = services.signup_create(occurrence=occurrence, user=third)
    assert waiting.status == Signup.Status.WAITING
    with django_capture_on_commit_callbacks(execute=True):
        services.signup_cancel(held)
    (message,) = [m for m in mailoutbox if m.to == [third.email]]
    assert settings.SITE_URL + activity.get_absolute_url() in message.body
    html = message.alternatives[0][0]
    assert f'href="{settings.SITE_URL}{activity.get_absolute_url()}"' in html
    ((name, content, mimetype),) = message.attachments
    assert name.endswith(".ics") and mimetype == "text/calendar"
    assert f"{occurrence.date:%Y%m%d}@" in content and "STATUS:CONFIRMED" in content


# --- 7. the organiser finds the lists ------------------------------------------------------------


def test_the_organiser_reaches_the_lists_from_dates_edit_and_public_pages(
    client, activity, organiser, people
):
    first = coming(activity)[0]
    services.signup_create(occurrence=first, user=people(1)[0])
    list_url = reverse("signups:organise", args=[activity.slug, first.pk])
    reminders_url = reverse("signups:reminders", args=[activity.slug])
    client.force_login(organiser)

    dates = client.get(reverse("places_manage:occurrences", args=[activity.slug])).content.decode()
    assert f'href="{list_url}"' in dates and f'href="{reminders_url}"' in dates
    assert "1 / 2" in dates  # the count per date

    edit = client.get(reverse("places_manage:activity-edit", args=[activity.slug])).content.decode()
    assert f'href="{reverse("signups:activity", args=[activity.slug])}"' in edit
    assert f'href="{reminders_url}"' in edit

    public = client.get(activity.get_absolute_url()).content.decode()
    assert f'href="{list_url}"' in public

    hub = client.get(reverse("signups:activity", args=[activity.slug])).content.decode()
    assert f'href="{list_url}"' in hub and "1 / 2" in hub

    client.force_login(make_user("asukas@example.com"))  # a resident: no organiser's links
    public = client.get(activity.get_absolute_url()).content.decode()
    assert list_url not in public and reminders_url not in public


# --- 8. print and export -------------------------------------------------------------------------


def _participants(activity):
    first, second = coming(activity)[:2]
    a, b, c = (make_user(f"p{i}@example.com") for i in range(3))
    services.signup_create(
        occurrence=first, user=a, name='=HYPERLINK("x")', show_name=True, share_contact=True
    )
    services.signup_create(occurrence=first, user=b, name="Piilo")  # shares nothing
    services.signup_create(occurrence=second, user=c, name="Toka", show_name=True)
    return first, second


def test_the_export_shows_only_shared_details_and_counts_the_rest(client, activity, organiser):
    first, _second = _participants(activity)
    client.force_login(organiser)
    response = client.get(reverse("signups:export_date", args=[activity.slug, first.pk, "csv"]))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.csv"')
    rows = list(csv.reader(io.StringIO(response.content.decode().lstrip("\ufeff")), delimiter=";"))
    text = response.content.decode()
    assert "'=HYPERLINK" in text  # never a formula in a spreadsheet
    assert "p0@example.com" in text  # agreed to share
    assert "p1@example.com" not in text and "Piilo" not in text
    others = [row for row in rows if len(row) > 2 and row[1] == "Muut (eivät antaneet tietojaan)"]
    assert [row[2] for row in others] == ["1"]
    assert "Toka" not in text  # another date

    series = client.get(reverse("signups:export_series", args=[activity.slug, "xlsx"]))
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(series.content)).active
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row if cell]
    assert "Toka" in values and '\'=HYPERLINK("x")' in values and "Piilo" not in values

    printed = client.get(reverse("signups:print_series", args=[activity.slug])).content.decode()
    assert "Toka" in printed and "p0@example.com" in printed and "Piilo" not in printed
    assert (
        client.get(
            reverse("signups:export_date", args=[activity.slug, first.pk, "pdf"])
        ).status_code
        == 404
    )


def test_a_coordinator_gets_counts_only(client, activity):
    first, _second = _participants(activity)
    coordinator = make_coordinator("koordinaattori@example.com")
    client.force_login(coordinator)
    text = client.get(
        reverse("signups:export_date", args=[activity.slug, first.pk, "csv"])
    ).content.decode()
    assert "p0@example.com" not in text and "HYPERLINK" not in text
    assert ";2;" in text  # two signed up


# --- 9. one message per person per change --------------------------------------------------------


def test_a_new_end_time_sends_one_message_per_person_naming_every_date(
    activity, people, mailoutbox, django_capture_on_commit_callbacks
):
    series_person, single = people(2)
    first = coming(activity)[0]
    series = services.signup_create(occurrence=first, user=series_person, whole_series=True)
    services.signup_create(occurrence=coming(activity)[3], user=single)
    mailoutbox.clear()

    activity.end_time = dt.time(16, 0)
    activity.save(update_fields=["end_time"])
    with django_capture_on_commit_callbacks(execute=True):
        changes = occurrences_regenerate(activity)
    assert len(changes.rescheduled) >= len(series) > 20

    to_series = [m for m in mailoutbox if m.to == [series_person.email]]
    (message,) = to_series
    assert f"{len(series)}" in message.subject
    for signup in series[:3] + series[-2:]:
        assert texts.when_text(Occurrence.objects.get(pk=signup.occurrence_id)) in message.body
    assert len([m for m in mailoutbox if m.to == [single.email]]) == 1


# --- 10. organisers told of sign-ups -------------------------------------------------------------


def test_an_organiser_chooses_to_be_told_and_is_told_in_their_language(
    client, activity, organiser, people, mailoutbox, django_capture_on_commit_callbacks
):
    organiser.language = "sv"
    organiser.save(update_fields=["language"])
    client.force_login(organiser)
    url = reverse("signups:notices", args=[activity.slug])
    assert client.get(url).status_code == 200
    response = client.post(url, {"on_signup": "on", "on_full": "on", "on_cancel": "on"})
    assert response.status_code == 400  # how: required
    response = client.post(
        url, {"on_signup": "on", "on_full": "on", "on_cancel": "on", "mode": "each"}
    )
    assert response.status_code == 302
    assert OrganiserNotice.objects.get(user=organiser).on_full

    first_person, second_person = people(2)
    occurrence = coming(activity)[0]
    signup_url = reverse("signups:signup", args=[activity.slug, occurrence.pk])
    for person in (first_person, second_person):
        client.force_login(person)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(signup_url, {})
    told = [m for m in mailoutbox if m.to == [organiser.email]]
    # Two sign-ups, and the second took the last of two places.
    assert len(told) == 3
    assert all("Muistikahvila" in m.subject for m in told)
    assert sum(m.subject.startswith("Ny anmälan") for m in told) == 2  # in Swedish
    assert any(m.subject.startswith("Ett tillfälle är fullt") for m in told)
    assert all(first_person.email not in m.body for m in told)  # no participant's details

    client.force_login(first_person)
    signup = Signup.objects.get(user=first_person)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("signups:mine"), {"signup": signup.pk, "action": "cancel"})
    assert len([m for m in mailoutbox if m.to == [organiser.email]]) == 4

    # Nothing chosen: the row goes and nothing more is sent.
    client.force_login(organiser)
    client.post(url, {"mode": "each"})
    assert not OrganiserNotice.objects.exists()


def test_the_daily_summary_is_sent_once(activity, organiser, people, time_machine):
    notices.notice_settings_save(
        activity=activity, user=organiser, on_signup=True, on_cancel=True, on_full=False,
        mode="daily",
    )  # fmt: skip
    for person in people(2):
        services.signup_create(occurrence=coming(activity)[0], user=person)
    assert not OutgoingEmail.objects.filter(to=organiser.email).exists()  # not one by one
    time_machine.move_to(timezone.now() + dt.timedelta(hours=12))  # the next morning
    assert notices.notices_send_summaries() == 1
    (summary,) = OutgoingEmail.objects.filter(to=organiser.email)
    assert summary.template == "signups/email/organiser_summary"
    assert summary.context["signup"] == 2 and summary.context["cancel"] == 0
    assert notices.notices_send_summaries() == 0  # claimed: a second run sends nothing


# --- 11. a cancelled date's old address ----------------------------------------------------------


def test_a_cancelled_dates_address_says_so_at_once_and_links_the_next(client, activity, people):
    first, second = coming(activity)[:2]
    occurrence_cancel(first, note="Ohjaaja sairastui.")
    client.force_login(people(1)[0])
    response = client.get(reverse("signups:signup", args=[activity.slug, first.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Tämä kerta on peruttu" in page
    assert "Ohjaaja sairastui." in page
    assert 'name="reminders_on"' not in page and "paikkaa vapaana" not in page  # no form
    assert f'href="{reverse("signups:signup", args=[activity.slug, second.pk])}"' in page
    response = client.post(reverse("signups:signup", args=[activity.slug, first.pk]), {})
    assert response.status_code == 400
    assert not Signup.objects.exists()


def test_the_series_print_and_hub_queries_do_not_grow_with_the_dates(client, activity, organiser):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(organiser)
    dates = coming(activity)
    urls = [
        reverse("signups:print_series", args=[activity.slug]),
        reverse("signups:activity", args=[activity.slug]),
    ]

    def queries(url) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    services.signup_create(occurrence=dates[0], user=make_user("a@example.com"))
    [queries(url) for url in urls]  # the session's first touch is not the page's
    before = [queries(url) for url in urls]
    for i, date in enumerate(dates[1:20]):
        services.signup_create(occurrence=date, user=make_user(f"b{i}@example.com"))
    assert [queries(url) for url in urls] == before


def test_a_sensitive_groups_confirmation_file_names_only_a_meeting(
    client, people, mailoutbox, django_capture_on_commit_callbacks
):
    group = make_activity(title_fi="Vertaistukiryhmä", is_sensitive=True)
    (resident,) = people(1)
    client.force_login(resident)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("signups:signup_date", args=[coming(group)[0].pk]), {"consent": "on"})
    (message,) = mailoutbox
    ((_name, content, _mimetype),) = message.attachments
    assert "Vertaistukiryhmä" not in content and "Vertaistukiryhmä" not in message.body
    assert "BEGIN:VEVENT" in content


def test_a_change_by_text_message_is_one_short_message(
    activity, sms_outbox, django_capture_on_commit_callbacks
):
    first = coming(activity)[0]
    (pending, *rest) = services.signup_create(
        occurrence=first, name="Maija", phone="+358401234567", whole_series=True
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.signup_confirm(pending)
    activity.end_time = dt.time(16, 0)
    activity.save(update_fields=["end_time"])
    sms_outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        occurrences_regenerate(activity)
    (message,) = sms_outbox
    assert len(message[1]) < 400
    assert f"{len(rest) + 1} kertaa" in message[1]


def test_cancelling_a_series_leaves_the_dates_already_held(client, activity, people, time_machine):
    (resident,) = people(1)
    series = services.signup_create(
        occurrence=coming(activity)[0], user=resident, whole_series=True
    )
    time_machine.move_to(coming(activity)[0].ends_at + dt.timedelta(hours=1))  # a week on
    client.force_login(resident)
    page = client.get(reverse("signups:mine")).content.decode()
    assert f"Peru kaikki {len(series) - 1} kertaa" in page
    client.post(reverse("signups:mine"), {"signup": series[1].pk, "action": "cancel_series"})
    held = Signup.objects.get(pk=series[0].pk)
    assert held.status == Signup.Status.CONFIRMED  # it happened: history, not a cancellation
    assert (
        not Signup.objects.filter(user=resident, status__in=Signup.ACTIVE)
        .exclude(pk=held.pk)
        .exists()
    )


def test_the_data_export_has_the_calendar_address_and_notice_choices(client, activity, organiser):
    import json

    from signups import feeds

    feed = feeds.calendar_feed_reset(user=organiser)
    notices.notice_settings_save(
        activity=activity, user=organiser, on_signup=True, on_cancel=False, on_full=True,
        mode="each",
    )  # fmt: skip
    client.force_login(organiser)
    response = client.post(reverse("accounts:export"))
    text = response.content.decode()
    assert feed.token not in text  # the secret address stays out of files
    data = json.loads(text)
    rows = data["signup_settings"]
    assert {"calendar_address_created_at": feed.created_at.isoformat()} in rows
    assert any(row.get("activity") == "Muistikahvila" and row["on_full"] for row in rows)
