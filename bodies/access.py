"""The only way views get a body, meeting, agenda item, action or attachment they must check.

Who may do what:
- everyone: the bodies and their members, meetings whose agenda or minutes are published (only
  the published minutes), attachments of those meetings, the open actions of published minutes
  and the archive;
- the body's current members (by their term): the meeting's drafts, agenda and minutes in
  progress, comments; 404 for everyone else (drafts are not revealed);
- the attending members: comment while the minutes are in review and the window is open;
- the secretary, and the coordinator of the body's area: agendas, minutes drafts, attendance,
  attachments, action items;
- the secretary, the chair and the area's coordinator: create meetings, change their time and
  place, publish agendas (which sends the invitations);
- the minutes checkers (attending members the secretary names): confirm the minutes in review;
- members who commented: see the edits made during the review and ask to review them again;
- the chair: approves the minutes in review once the checkers have confirmed (which publishes
  them and gives their items the body's running § numbers of the year);
- the coordinator of the area (with TOTP; accounts.roles) and staff: bodies and members. A
  coordinator without TOTP has a resident's rights and is sent to set it up where only the
  role would let them in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import NoReturn

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts import roles
from accounts.models import User
from accounts.roles import require_coordinator as require_coordinator

from .models import (
    ActionItem,
    AgendaItem,
    Attachment,
    Body,
    BodyMember,
    Meeting,
    MinutesState,
)


def current_members_q(day: dt.date | None = None, prefix: str = "") -> Q:
    """Members whose term covers the day (default today); `prefix`: "members__" from a body."""
    day = day or timezone.localdate()
    return Q(**{f"{prefix}term_start__lte": day}) & (
        Q(**{f"{prefix}term_end__isnull": True}) | Q(**{f"{prefix}term_end__gte": day})
    )


def memberships(user: User | AnonymousUser, body: Body) -> list[BodyMember]:
    """The user's current member rows in the body (one request: remembered on the body)."""
    if not user.is_authenticated:
        return []
    cache: dict[int, list[BodyMember]] = body.__dict__.setdefault("_memberships", {})
    if user.pk not in cache:
        cache[user.pk] = list(BodyMember.objects.filter(current_members_q(), body=body, user=user))
    return cache[user.pk]


def member_of(user: User | AnonymousUser, body: Body) -> BodyMember | None:
    found = memberships(user, body)
    return found[0] if found else None


def has_role(user: User | AnonymousUser, body: Body, role: str) -> BodyMember | None:
    return next((m for m in memberships(user, body) if m.role == role), None)


def is_coordinator_of(user: User | AnonymousUser, body: Body) -> bool:
    return roles.is_coordinator_of_area(user, body.welfare_area_id)


def can_see_drafts(user: User | AnonymousUser, body: Body) -> bool:
    return member_of(user, body) is not None or is_coordinator_of(user, body)


def can_draft(user: User | AnonymousUser, body: Body) -> bool:
    return has_role(user, body, BodyMember.Role.SECRETARY) is not None or is_coordinator_of(
        user, body
    )


def can_organise(user: User | AnonymousUser, body: Body) -> bool:
    """Create meetings, publish agendas and send the invitations: the secretary, the chair and
    the area's coordinator."""
    return (
        has_role(user, body, BodyMember.Role.SECRETARY) is not None
        or has_role(user, body, BodyMember.Role.CHAIR) is not None
        or is_coordinator_of(user, body)
    )


def _refuse(user: User | AnonymousUser, body: Body, otherwise: Exception) -> NoReturn:
    roles.refuse(user, otherwise=otherwise, area_id=body.welfare_area_id)
    raise otherwise  # not reached: refuse always raises (otherwise, or the TOTP set-up)


# Bodies


def get_body(slug: str) -> Body:
    return get_object_or_404(Body.objects.select_related("welfare_area", "network"), slug=slug)


def get_body_for_coordinator(user: User | AnonymousUser, slug: str) -> Body:
    """403 for those who coordinate no area; 404 for a body outside their areas."""
    if not roles.roles(user).active:
        roles.refuse(user, otherwise=PermissionDenied(), any_area=True)
    body = get_body(slug)
    if not is_coordinator_of(user, body):
        _refuse(user, body, Http404())
    return body


def get_body_for_organiser(user: User | AnonymousUser, slug: str) -> Body:
    """Creating a meeting: the body's secretary and chair and the area's coordinator; 404 for a
    coordinator of another area (as get_body_for_coordinator), 403 for everyone else."""
    body = get_body(slug)
    if can_organise(user, body):
        return body
    if roles.roles(user).active:
        raise Http404
    _refuse(user, body, PermissionDenied())


def get_member_for_coordinator(user: User | AnonymousUser, slug: str, pk: int) -> BodyMember:
    body = get_body_for_coordinator(user, slug)
    member = get_object_or_404(BodyMember, body=body, pk=pk)
    member.body = body
    return member


# Meetings


def _meeting(pk: int) -> Meeting:
    return get_object_or_404(Meeting.objects.select_related("body", "body__welfare_area"), pk=pk)


def get_meeting_for_view(user: User | AnonymousUser, pk: int) -> Meeting:
    """A meeting whose agenda or minutes are public; any meeting for the body's members and
    coordinators; 404 for everyone else (a coordinator without TOTP too, as on public pages)."""
    meeting = _meeting(pk)
    if not meeting.is_public and not can_see_drafts(user, meeting.body):
        raise Http404
    return meeting


def get_meeting_for_minutes(user: User | AnonymousUser, pk: int) -> Meeting:
    """The minutes in progress: the body's members and the area's coordinator only."""
    meeting = _meeting(pk)
    if not can_see_drafts(user, meeting.body):
        _refuse(user, meeting.body, Http404())
    return meeting


def _for_drafting(user: User | AnonymousUser, meeting: Meeting) -> Meeting:
    if not can_draft(user, meeting.body):
        if not meeting.is_public and member_of(user, meeting.body) is None:
            _refuse(user, meeting.body, Http404())
        _refuse(user, meeting.body, PermissionDenied())
    return meeting


def get_meeting_for_organiser(user: User | AnonymousUser, pk: int) -> Meeting:
    """The meeting's time and place, publishing its agenda and the invitations: the secretary,
    the chair and the area's coordinator. Others who may see the meeting get 403; those who may
    not, 404."""
    meeting = _meeting(pk)
    if not can_organise(user, meeting.body):
        if not meeting.is_public and member_of(user, meeting.body) is None:
            _refuse(user, meeting.body, Http404())
        _refuse(user, meeting.body, PermissionDenied())
    return meeting


def get_meeting_for_secretary(user: User | AnonymousUser, pk: int) -> Meeting:
    """Agenda, attendance and minutes drafts: the secretary and the area's coordinator. Others
    who may see the meeting get 403; those who may not, 404."""
    return _for_drafting(user, _meeting(pk))


def get_meeting_for_comment(user: User | AnonymousUser, pk: int) -> tuple[Meeting, BodyMember]:
    """Commenting on minutes in review: a member who attended, while the window is open."""
    meeting = get_meeting_for_minutes(user, pk)
    attended = meeting.attendees.filter(pk__in=[m.pk for m in memberships(user, meeting.body)])
    member = attended.first()
    if member is None:
        raise PermissionDenied
    return meeting, member


def comment_window_open(meeting: Meeting) -> bool:
    return meeting.minutes_state == MinutesState.REVIEW and (
        meeting.review_ends_at is None or timezone.now() < meeting.review_ends_at
    )


def get_meeting_for_checker(user: User | AnonymousUser, pk: int) -> tuple[Meeting, BodyMember]:
    """Confirming minutes in review: a current member who is one of the minutes checkers."""
    meeting = get_meeting_for_minutes(user, pk)
    mine = [m.pk for m in memberships(user, meeting.body)]
    member = meeting.checkers.filter(pk__in=mine).first()
    if member is None:
        raise PermissionDenied
    return meeting, member


def commenter_of(user: User | AnonymousUser, meeting: Meeting) -> BodyMember | None:
    """The user's member row that commented on these minutes, if any."""
    mine = [m.pk for m in memberships(user, meeting.body)]
    found = meeting.comments.filter(author_id__in=mine).select_related("author").first()
    return found.author if found else None


def get_meeting_for_restart(user: User | AnonymousUser, pk: int) -> tuple[Meeting, BodyMember]:
    """Asking to review edited minutes again: a current member who commented on them."""
    meeting = get_meeting_for_minutes(user, pk)
    member = commenter_of(user, meeting)
    if member is None:
        raise PermissionDenied
    return meeting, member


def get_meeting_for_chair(user: User | AnonymousUser, pk: int) -> tuple[Meeting, BodyMember]:
    """Approving minutes: the body's chair."""
    meeting = get_meeting_for_minutes(user, pk)
    chair = has_role(user, meeting.body, BodyMember.Role.CHAIR)
    if chair is None:
        raise PermissionDenied
    return meeting, chair


# Agenda items, attachments, actions


def get_item_for_secretary(user: User | AnonymousUser, pk: int) -> AgendaItem:
    item = get_object_or_404(AgendaItem, pk=pk)
    item.meeting = _for_drafting(user, _meeting(item.meeting_id))
    return item


def get_attachment_for_download(user: User | AnonymousUser, pk: int) -> Attachment:
    """Public only when the meeting's agenda or minutes are public, and not added in a
    correction that is not approved yet."""
    attachment = get_object_or_404(Attachment.objects.select_related("item"), pk=pk)
    meeting = get_meeting_for_view(user, attachment.item.meeting_id)
    if attachment.pending and not can_see_drafts(user, meeting.body):
        raise Http404  # added in a correction the chair has not approved yet
    attachment.item.meeting = meeting
    return attachment


def get_attachment_for_secretary(user: User | AnonymousUser, pk: int) -> Attachment:
    attachment = get_object_or_404(Attachment, pk=pk)
    attachment.item = get_item_for_secretary(user, attachment.item_id)
    return attachment


def can_update_action(user: User | AnonymousUser, action: ActionItem, body: Body) -> bool:
    if can_draft(user, body):
        return True
    owner = action.owner_member
    # An owner whose term has ended no longer answers for the body's actions.
    return (
        owner is not None
        and user.is_authenticated
        and owner.user_id == user.pk
        and owner.is_current()
    )


def action_updater(
    user: User | AnonymousUser,
) -> Callable[[ActionItem, Body], bool]:
    """`can_update_action` for many actions of any bodies at once (two queries): a function of
    (action, body)."""
    if not user.is_authenticated:
        return lambda action, body: False
    mine = list(BodyMember.objects.filter(current_members_q(), user=user))
    secretary_of = {m.body_id for m in mine if m.role == BodyMember.Role.SECRETARY}
    member_ids = {m.pk for m in mine}
    areas = roles.coordinator_area_ids(user)

    def allowed(action: ActionItem, body: Body) -> bool:
        return (
            body.pk in secretary_of
            or body.welfare_area_id in areas
            or action.owner_member_id in member_ids
        )

    return allowed


def current_member_ids(user: User | AnonymousUser) -> set[int]:
    """The user's current member rows in every body."""
    if not user.is_authenticated:
        return set()
    return set(
        BodyMember.objects.filter(current_members_q(), user=user).values_list("pk", flat=True)
    )


def get_action_for_update(user: User | AnonymousUser, pk: int) -> ActionItem:
    """Changing an action's status: the secretary, the area's coordinator and the member who
    owns it while their term lasts."""
    action = get_object_or_404(
        ActionItem.objects.select_related("item", "owner_member", "owner_organisation"), pk=pk
    )
    meeting = _meeting(action.item.meeting_id)
    action.item.meeting = meeting
    if not can_update_action(user, action, meeting.body):
        public = meeting.minutes_are_public and not action.pending
        if not public and not can_see_drafts(user, meeting.body):
            _refuse(user, meeting.body, Http404())
        _refuse(user, meeting.body, PermissionDenied())
    return action
