"""Reminders of action items: a week before the due date and when overdue, each sent once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from bodies.models import ActionItem, ActionReminder, ActionStatus
from bodies.services import action_reminders_sweep
from organisations.models import Membership
from tests.organisations.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def sweep(django_capture_on_commit_callbacks, **kwargs) -> int:
    with django_capture_on_commit_callbacks(execute=True):
        return action_reminders_sweep(**kwargs)


def test_a_sweep_run_twice_sends_each_reminder_once(
    body_world, mailoutbox, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    body_world.action.due_date = today + timedelta(days=7)
    body_world.action.save()
    body_world.draft_action.due_date = today - timedelta(days=1)
    body_world.draft_action.save()

    first = sweep(django_capture_on_commit_callbacks)
    second = sweep(django_capture_on_commit_callbacks)

    assert (first, second) == (2, 0)
    assert sorted(m.to[0] for m in mailoutbox) == [
        "info@testiyhdistys.example",  # the organisation's public e-mail
        "member@example.com",  # the member's account
    ]
    assert set(ActionReminder.objects.values_list("kind", flat=True)) == {"due_soon", "overdue"}


def test_the_overdue_reminder_follows_the_due_soon_one(
    body_world, mailoutbox, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    action = body_world.action
    action.due_date = today + timedelta(days=3)
    action.save()
    ActionItem.objects.exclude(pk=action.pk).update(status=ActionStatus.DONE)

    sweep(django_capture_on_commit_callbacks, today=today)
    sweep(django_capture_on_commit_callbacks, today=today + timedelta(days=1))
    sweep(django_capture_on_commit_callbacks, today=today + timedelta(days=4))
    sweep(django_capture_on_commit_callbacks, today=today + timedelta(days=5))

    assert [r.kind for r in ActionReminder.objects.order_by("id")] == ["due_soon", "overdue"]
    assert len(mailoutbox) == 2
    assert "myöhässä" in mailoutbox[1].subject.lower() or "overdue" in mailoutbox[1].subject.lower()


def test_done_and_far_off_actions_are_not_reminded(
    body_world, mailoutbox, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    body_world.action.due_date = today + timedelta(days=8)
    body_world.action.save()
    body_world.draft_action.status = ActionStatus.DONE
    body_world.draft_action.due_date = today - timedelta(days=3)
    body_world.draft_action.save()

    assert sweep(django_capture_on_commit_callbacks) == 0
    assert mailoutbox == []


def test_an_organisation_without_public_email_is_reminded_through_its_admins_in_their_language(
    body_world, mailoutbox, django_capture_on_commit_callbacks
):
    organisation = OrganisationFactory(name="Ilman osoitetta ry", slug="ilman", email="")
    admin = UserFactory(email="admin@ilman.example", password=None, language="sv")
    MembershipFactory(organisation=organisation, user=admin, role=Membership.Role.ADMIN)
    MembershipFactory(
        organisation=organisation,
        user=UserFactory(email="editor@ilman.example", password=None),
        role=Membership.Role.EDITOR,
    )
    ActionItem.objects.update(status=ActionStatus.DONE)
    ActionItem.objects.create(
        item=body_world.published_item,
        title="Kutsu koolle",
        owner_organisation=organisation,
        due_date=timezone.localdate() - timedelta(days=2),
    )

    sweep(django_capture_on_commit_callbacks)

    assert [m.to for m in mailoutbox] == [["admin@ilman.example"]]
    assert "Kutsu koolle" in mailoutbox[0].body
    from notifications.models import OutgoingEmail

    assert OutgoingEmail.objects.get(to="admin@ilman.example").language == "sv"


def test_the_beat_task_runs_the_sweep(body_world, settings):
    from bodies.tasks import send_action_reminders

    assert "bodies-action-reminders" in settings.CELERY_BEAT_SCHEDULE
    body_world.action.due_date = timezone.localdate()
    body_world.action.save()
    assert send_action_reminders.delay().get() >= 1
