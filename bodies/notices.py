"""The e-mails of the bodies' workflow, queued by bodies.services inside their transactions
through notifications.services.email_queue (sent after the commit, once).

Who is told what:
- the agenda is published (the invitation): every current member, with the meeting's .ics;
- a meeting whose invitation went out moves (time or place): every current member, once per
  change, with the updated .ics (same UID, higher SEQUENCE);
- the minutes are sent for review: the members who attended;
- a member comments on the draft: the secretary and the chair (not the author);
- the minutes are approved and published: every current member;
- an action becomes public (its minutes are approved): its owner, a member (with a "change the
  status" link when they have an account) or an organisation.
The review e-mail tells the minutes checkers to confirm the minutes.
A member with an account is written to at the account's address in its language; a member
without one at the address the secretary entered (BodyMember.email).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format, time_format

from notifications.services import absolute_url, email_language, email_queue
from organisations.models import Membership

from . import ical
from .models import ActionItem, BodyMember, Meeting


@dataclass(frozen=True)
class Recipient:
    address: str
    language: str
    # The member row the address belongs to (None: an organisation's address).
    member: BodyMember | None = None
    has_account: bool = False


def member_recipient(member: BodyMember) -> Recipient | None:
    if member.user is not None and member.user.email:
        return Recipient(member.user.email, email_language(user=member.user), member, True)
    if member.email:
        return Recipient(member.email, email_language(address=member.email), member, False)
    return None


def _unique(recipients) -> list[Recipient]:
    seen: set[str] = set()
    found = []
    for recipient in recipients:
        if recipient is None or recipient.address.lower() in seen:
            continue
        seen.add(recipient.address.lower())
        found.append(recipient)
    return found


def current_members(meeting: Meeting):
    from .access import current_members_q

    return (
        BodyMember.objects.filter(current_members_q(), body_id=meeting.body_id)
        .select_related("user")
        .order_by("pk")
    )


def _meeting_context(meeting: Meeting) -> dict:
    starts = timezone.localtime(meeting.starts_at)
    return {
        "body": meeting.body.name,
        # In the reader's language (the caller overrides it): "13.00" in fi/sv, "13:00" in en.
        "date": date_format(starts, "SHORT_DATE_FORMAT"),
        "time": time_format(starts, "TIME_FORMAT"),
        "place": meeting.place,
        "online_url": meeting.online_url,
        "meeting_url": absolute_url(reverse("bodies:meeting", kwargs={"pk": meeting.pk})),
        "minutes_url": absolute_url(reverse("bodies:minutes", kwargs={"pk": meeting.pk})),
    }


def _send(recipients, template: str, make_context) -> int:
    recipients = _unique(recipients)
    for recipient in recipients:
        with translation.override(recipient.language):
            context = make_context(recipient)
        email_queue(
            to=recipient.address, template=template, context=context, language=recipient.language
        )
    return len(recipients)


def _invitation_context(meeting: Meeting) -> dict:
    """The meeting's facts with its .ics, linked and attached (call under the language)."""
    page_url = absolute_url(reverse("bodies:meeting", kwargs={"pk": meeting.pk}))
    return _meeting_context(meeting) | {
        "ics_url": absolute_url(reverse("bodies:meeting-ics", kwargs={"pk": meeting.pk})),
        "attachments": [ical.meeting_attachment(meeting, page_url=page_url)],
    }


def agenda_published(meeting: Meeting) -> int:
    members = [member_recipient(m) for m in current_members(meeting)]
    return _send(members, "bodies/email/agenda_published", lambda _r: _invitation_context(meeting))


def meeting_moved(meeting: Meeting, *, before: Meeting) -> int:
    """The updated invitation to every current member: what changed, and the .ics again (same
    UID, higher SEQUENCE) so that calendars move the event."""

    def context(recipient):
        was = _meeting_context(before)
        return _invitation_context(meeting) | {
            "was_date": was["date"],
            "was_time": was["time"],
            "was_place": was["place"],
            "place_changed": (before.place, before.online_url)
            != (meeting.place, meeting.online_url),
        }

    members = [member_recipient(m) for m in current_members(meeting)]
    return _send(members, "bodies/email/meeting_moved", context)


def minutes_review(meeting: Meeting) -> int:
    checker_ids = set(meeting.checkers.values_list("pk", flat=True))

    def context(recipient):
        until = timezone.localtime(meeting.review_ends_at)
        return _meeting_context(meeting) | {
            "until": date_format(until, "SHORT_DATETIME_FORMAT"),
            "url": absolute_url(reverse("bodies:minutes", kwargs={"pk": meeting.pk})),
            "checker": recipient.member is not None and recipient.member.pk in checker_ids,
        }

    attendees = meeting.attendees.select_related("user").order_by("pk")
    return _send([member_recipient(m) for m in attendees], "bodies/email/minutes_review", context)


def minutes_commented(meeting: Meeting, author: BodyMember, text: str) -> int:
    roles = (BodyMember.Role.SECRETARY, BodyMember.Role.CHAIR)
    told = [
        member_recipient(m)
        for m in current_members(meeting).filter(role__in=roles).exclude(pk=author.pk)
    ]

    def context(recipient):
        return _meeting_context(meeting) | {"author": author.name, "text": text[:2000]}

    return _send(told, "bodies/email/minutes_comment", context)


def minutes_published(meeting: Meeting, number: int) -> int:
    def context(recipient):
        return _meeting_context(meeting) | {"number": number, "correction": number > 1}

    members = [member_recipient(m) for m in current_members(meeting)]
    return _send(members, "bodies/email/minutes_published", context)


def owner_recipients(action: ActionItem) -> list[Recipient]:
    """The action's owner: a member (their account, else their address; else the organisation
    they represent), or an organisation's public e-mail, else its administrators'."""
    member = action.owner_member
    if member is not None:
        found = member_recipient(member)
        if found is not None:
            return [found]
        if member.organisation_id is None:
            return []
        organisation = member.organisation
    else:
        organisation = action.owner_organisation
    if organisation is None:
        return []
    if organisation.email:
        return [Recipient(organisation.email, email_language(address=organisation.email))]
    admins = Membership.objects.filter(
        organisation=organisation, role=Membership.Role.ADMIN
    ).select_related("user")
    return _unique(
        Recipient(m.user.email, email_language(user=m.user)) for m in admins if m.user.email
    )


def action_context(action: ActionItem, recipient: Recipient) -> dict:
    """The action's facts for an e-mail, and the status link for an owner who may use it."""
    meeting = action.item.meeting
    may_change = recipient.has_account and recipient.member == action.owner_member
    return {
        "title": action.title,
        "body": meeting.body.name,
        "due_date": date_format(action.due_date, "SHORT_DATE_FORMAT"),
        "url": absolute_url(reverse("bodies:actions")),
        "meeting_url": absolute_url(reverse("bodies:meeting", kwargs={"pk": meeting.pk})),
        "status_url": absolute_url(reverse("bodies:action-status", kwargs={"pk": action.pk}))
        if may_change
        else "",
    }


def actions_announce(meeting: Meeting) -> int:
    """Tell the owners of the meeting's public actions they have not been told of yet."""
    actions = (
        ActionItem.objects.filter(
            item__meeting=meeting, pending=False, owner_notified_at__isnull=True
        )
        .select_related(
            "item", "owner_member__user", "owner_member__organisation", "owner_organisation"
        )
        .order_by("pk")
    )
    sent = 0
    for action in actions:
        action.item.meeting = meeting
        sent += _send(
            owner_recipients(action),
            "bodies/email/action_new",
            lambda recipient, action=action: action_context(action, recipient),
        )
    actions.update(owner_notified_at=timezone.now())
    return sent
