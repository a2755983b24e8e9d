"""Sign-ups as people and organisers rely on them: seats, the waiting list, confirmation,
consent, occurrence changes, retention and the person's own data."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from accounts.services import user_delete, user_export_data
from meetingplaces.models import Occurrence
from meetingplaces.services import activity_saved, occurrence_cancel, occurrence_move
from notifications.models import OutgoingEmail
from signups import occupancy, retention, services, tokens
from signups.models import Reminder, ReminderSettings, Signup
from tests.signups.conftest import make_activity, next_occurrence

pytestmark = pytest.mark.django_db


def sign_up(occurrence, user=None, **fields):
    return services.signup_create(occurrence=occurrence, user=user, **fields)


def test_signed_in_person_is_confirmed_at_once_with_the_default_reminders(
    occurrence, people, django_capture_on_commit_callbacks
):
    (person,) = people(1)
    with django_capture_on_commit_callbacks(execute=True):
        (signup,) = sign_up(occurrence, person)
    assert signup.status == Signup.Status.CONFIRMED
    kinds = set(Reminder.objects.filter(signup=signup).values_list("kind", flat=True))
    assert kinds == {"d1@18:00", "m120"}
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [person.email]
    assert "Muistikahvila" in mail.outbox[0].subject
    assert "/fi/signups/link/" in mail.outbox[0].body  # the cancel link, no login needed


def test_a_second_click_changes_nothing(occurrence, people):
    (person,) = people(1)
    sign_up(occurrence, person)
    with pytest.raises(services.SignupError):
        sign_up(occurrence, person)
    assert Signup.objects.filter(user=person).count() == 1


def test_full_occurrence_puts_people_on_the_waiting_list_and_a_cancel_moves_the_first_up(
    occurrence, people, django_capture_on_commit_callbacks
):
    first, second, third, fourth = people(4)
    for person in (first, second, third, fourth):
        sign_up(occurrence, person)
    statuses = dict(Signup.objects.values_list("user__email", "status"))
    assert list(statuses.values()).count("confirmed") == 2
    assert statuses[third.email] == statuses[fourth.email] == "waiting"
    assert occupancy.seats(occurrence)["left"] == 0

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.signup_cancel(Signup.objects.get(user=first))
    assert Signup.objects.get(user=third).status == "confirmed"  # first in line
    assert Signup.objects.get(user=fourth).status == "waiting"
    assert Reminder.objects.filter(signup__user=third, status="pending").count() == 2
    told = {message.to[0]: message.subject for message in mail.outbox}
    assert "vapautui" in told[third.email]  # "Sinulle vapautui paikka"
    assert first.email in told  # the cancellation is confirmed too
    assert not Reminder.objects.filter(signup__user=first, status="pending").exists()


def test_without_account_a_confirmation_link_and_no_seat_until_it_is_used(
    occurrence, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        (pending,) = sign_up(occurrence, name="Maija", email="maija@example.com")
    assert pending.status == Signup.Status.PENDING
    assert occupancy.seats(occurrence)["left"] == 2  # holds no seat
    assert not Reminder.objects.exists()
    token = mail.outbox[0].body.split("/fi/signups/confirm/")[1].split("/")[0]

    a, b = people(2)
    sign_up(occurrence, a)
    sign_up(occurrence, b)  # the seats go to those who confirmed first
    signup = tokens.signup_from_confirm(token)
    (confirmed,) = services.signup_confirm(signup)
    assert confirmed.status == Signup.Status.WAITING
    assert services.signup_confirm(signup) == []  # the link twice: nothing more


def test_unconfirmed_sign_ups_expire(occurrence, time_machine):
    (pending,) = sign_up(occurrence, name="Maija", email="maija@example.com")
    token = tokens.confirm_token(pending)
    time_machine.move_to(timezone.now() + dt.timedelta(hours=25))
    assert services.signups_expire() == 1
    assert tokens.signup_from_confirm(token) is None  # the link has expired
    pending.refresh_from_db()
    assert pending.status == Signup.Status.EXPIRED


def test_phone_number_only_gets_text_messages(
    occurrence, sms_outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(occurrence, name="Pekka", phone="+358401234567")
    assert mail.outbox == []
    ((number, text),) = sms_outbox
    assert number == "+358401234567"
    assert "/fi/signups/confirm/" in text


def test_whole_series_signs_up_for_every_coming_date_and_cancels_together(people):
    activity = make_activity(capacity=None)
    (person,) = people(1)
    occurrence = next_occurrence(activity)
    created = sign_up(occurrence, person, whole_series=True)
    coming = Occurrence.objects.filter(activity=activity, starts_at__gte=occurrence.starts_at)
    assert len(created) == coming.count() > 40
    assert len({signup.series for signup in created}) == 1
    assert services.signup_cancel(created[3], whole_series=True) == len(created)
    assert not Signup.objects.filter(status__in=Signup.ACTIVE).exists()


def test_sensitive_group_needs_consent_stored_with_time_and_version_and_is_never_named(
    people, django_capture_on_commit_callbacks
):
    activity = make_activity(title_fi="Päihdevertaisryhmä", is_sensitive=True)
    occurrence = next_occurrence(activity)
    (person,) = people(1)
    with pytest.raises(services.SignupError):
        sign_up(occurrence, person)
    with django_capture_on_commit_callbacks(execute=True):
        (signup,) = sign_up(occurrence, person, consent=True)
    assert signup.consent_at is not None
    assert signup.consent_version == services.notice_version()
    message = mail.outbox[0]
    assert "Päihde" not in message.subject
    assert "Päihde" not in message.body
    assert "Päihde" not in message.alternatives[0][0]
    assert activity.slug not in message.body  # no link to the group's page either

    services.signup_consent_withdraw(signup)
    signup.refresh_from_db()
    assert signup.status == Signup.Status.CANCELLED
    assert signup.consent_withdrawn_at is not None


def test_occurrence_cancelled_by_organiser_tells_everyone_and_skips_reminders(
    occurrence, people, django_capture_on_commit_callbacks
):
    a, b, c = people(3)
    for person in (a, b, c):
        sign_up(occurrence, person)  # c waits
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        occurrence_cancel(occurrence, note="Ohjaaja on sairaana.")
    assert sorted(m.to[0] for m in mail.outbox) == sorted([a.email, b.email, c.email])
    assert all("Peruttu" in m.subject for m in mail.outbox)
    assert "Ohjaaja on sairaana." in mail.outbox[0].body
    assert not Reminder.objects.filter(status="pending").exists()


def test_moved_occurrence_tells_and_the_reminders_follow_the_new_time(
    occurrence, people, django_capture_on_commit_callbacks
):
    (person,) = people(1)
    sign_up(occurrence, person)
    mail.outbox.clear()
    later = occurrence.starts_at + dt.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        occurrence_move(occurrence, starts_at=later, ends_at=later + dt.timedelta(hours=2))
    assert "Muuttunut" in mail.outbox[0].subject
    due = Reminder.objects.get(kind="m120").due_at
    assert due == later - dt.timedelta(hours=2)


def test_dates_off_the_schedule_with_sign_ups_stay_cancelled_and_people_are_told(
    occurrence, people, django_capture_on_commit_callbacks
):
    (person,) = people(1)
    sign_up(occurrence, person)
    mail.outbox.clear()
    activity = occurrence.activity
    activity.skipped_dates = [occurrence.date]
    activity.save()
    with django_capture_on_commit_callbacks(execute=True):
        activity_saved(activity)
    occurrence.refresh_from_db()
    assert occurrence.status == Occurrence.Status.CANCELLED  # kept, not deleted
    assert [m.to[0] for m in mail.outbox] == [person.email]


def test_organiser_message_goes_to_everyone_signed_up(
    occurrence, people, sms_outbox, django_capture_on_commit_callbacks
):
    (person,) = people(1)
    sign_up(occurrence, person)
    sign_up(occurrence, name="Pekka", phone="+358401234567")
    services.signup_confirm(Signup.objects.get(phone="+358401234567"))
    mail.outbox.clear()
    sms_outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.organiser_message(occurrence, text="Olemme tänään huoneessa 2.") == 2
    assert "huoneessa 2" in mail.outbox[0].body
    assert "huoneessa 2" in sms_outbox[0][1]


def test_organiser_can_change_the_lead_times(occurrence, people):
    ReminderSettings.objects.create(activity=occurrence.activity, leads=["m60"])
    (person,) = people(1)
    (signup,) = sign_up(occurrence, person)
    assert list(signup.reminders.values_list("kind", flat=True)) == ["m60"]


def test_changed_lead_times_apply_to_coming_sign_ups(occurrence, people):
    (person,) = people(1)
    (signup,) = sign_up(occurrence, person)
    services.reminder_settings_save(occurrence.activity, ["d1@18:00", "m60"])
    pending = set(signup.reminders.filter(status="pending").values_list("kind", flat=True))
    assert pending == {"d1@18:00", "m60"}


def test_participant_can_turn_reminders_off(occurrence, people):
    (person,) = people(1)
    (signup,) = sign_up(occurrence, person)
    services.signup_reminders_off(signup)
    assert not Reminder.objects.filter(status="pending").exists()


def test_rolled_back_sign_up_leaves_no_row_and_queues_nothing(
    occurrence, people, django_capture_on_commit_callbacks
):
    (person,) = people(1)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        sign_up(occurrence, person)
        raise RuntimeError("the page failed after the sign-up")
    assert callbacks == []
    assert not Signup.objects.exists()
    assert not OutgoingEmail.objects.exists()
    assert mail.outbox == []


def test_personal_data_is_erased_30_days_after_and_counts_stay(occurrence, people, time_machine):
    (person,) = people(1)
    sign_up(occurrence, person)
    sign_up(occurrence, name="Maija", email="maija@example.com")
    time_machine.move_to(occurrence.ends_at + dt.timedelta(days=29))
    assert retention.signups_erase_old() == 0
    time_machine.move_to(occurrence.ends_at + dt.timedelta(days=31))
    assert retention.signups_erase_old() == 2
    assert retention.signups_erase_old() == 0  # the second run changes nothing
    assert not Signup.objects.exclude(name="", email="", phone="").exists()
    assert not Signup.objects.filter(user__isnull=False).exists()
    assert Signup.objects.filter(occurrence=occurrence, status="confirmed").count() == 1
    assert not Reminder.objects.exists()
    assert not OutgoingEmail.objects.filter(template__startswith="signups/").exists()


def test_export_and_account_deletion(occurrence, people):
    first, second, third = people(3)
    for person in (first, second, third):
        sign_up(occurrence, person)
    exported = user_export_data(user=first)["signups"]
    assert exported[0]["email"] == first.email
    user_delete(user=first)
    assert not Signup.objects.filter(email=first.email).exists()
    assert Signup.objects.get(user=third).status == "confirmed"  # the seat went on
