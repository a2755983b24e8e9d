"""The public pages of the partnership bodies: bodies, meetings, actions and the archive."""

from __future__ import annotations

from datetime import datetime, time

from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from notifications.services import absolute_url
from portal.lib.downloads import private_file_response

from .. import access, attachments, decisions, ical
from ..filters import ActionFilter
from ..forms import ArchiveForm
from ..models import (
    OPEN_STATUSES,
    ActionItem,
    Attachment,
    Body,
    BodyMember,
    Meeting,
    MinutesVersion,
    Outcome,
)
from ..search import KINDS, archive_search


@require_safe
def body_list(request):
    bodies = (
        Body.objects.select_related("welfare_area")
        .annotate(
            member_count=Count("members", filter=access.current_members_q(prefix="members__"))
        )
        .order_by("welfare_area__name_fi", "name_fi")
    )
    can_create = bool(access.roles.coordinator_area_ids(request.user))
    return render(request, "bodies/body_list.html", {"bodies": bodies, "can_create": can_create})


@require_safe
def body_detail(request, slug):
    body = access.get_body(slug)
    members = (
        BodyMember.objects.filter(access.current_members_q(), body=body)
        .select_related("organisation")
        .order_by("role", "name")
    )
    meetings = body.meetings.all()
    sees_drafts = access.can_see_drafts(request.user, body)
    if not sees_drafts:
        meetings = meetings.filter(
            Q(agenda_published_at__isnull=False) | Q(published_version__gt=0)
        )
    # Coming meetings first, the soonest at the top; then past ones, the latest first. A
    # meeting that started today (it may still be on) counts as coming until the day ends.
    today_starts = timezone.make_aware(
        datetime.combine(timezone.localdate(), time.min), timezone.get_current_timezone()
    )
    in_order = list(meetings.order_by("starts_at", "pk"))
    coming = [m for m in in_order if m.starts_at >= today_starts]
    past = [m for m in reversed(in_order) if m.starts_at < today_starts]
    return render(
        request,
        "bodies/body_detail.html",
        {
            "body": body,
            "members": members,
            "coming": coming,
            "past": past,
            "is_coordinator": access.is_coordinator_of(request.user, body),
            "can_organise": access.can_organise(request.user, body),
            "sees_drafts": sees_drafts,
        },
    )


def _published(meeting: Meeting) -> MinutesVersion | None:
    if not meeting.minutes_are_public:
        return None
    return meeting.versions.order_by("-number").first()


def _outcome_label(value: str) -> str:
    return str(Outcome(value).label) if value in Outcome.values else ""


def _previous_actions(meeting: Meeting):
    """The actions decided at the body's previous meeting (with published minutes), and where
    they are now: shown on the next meeting's agenda."""
    previous = (
        Meeting.objects.filter(
            body=meeting.body, starts_at__lt=meeting.starts_at, published_version__gt=0
        )
        .order_by("-starts_at")
        .first()
    )
    if previous is None:
        return None, []
    actions = ActionItem.objects.filter(item__meeting=previous, pending=False).select_related(
        "owner_member", "owner_organisation", "item"
    )
    return previous, list(actions)


@require_safe
def meeting_detail(request, pk):
    meeting = access.get_meeting_for_view(request.user, pk)
    body = meeting.body
    sees_drafts = access.can_see_drafts(request.user, body)
    # Every published version at once (the newest is the one shown; the rest list corrections).
    versions = list(meeting.versions.order_by("number")) if meeting.minutes_are_public else []
    version = versions[-1] if versions else None
    # What a correction added is not public until the chair approves it (for anyone: the
    # members read it on the minutes page).
    prefetches = [
        Prefetch("attachments", queryset=Attachment.objects.filter(pending=False)),
        Prefetch(
            "actions",
            queryset=ActionItem.objects.filter(pending=False).select_related(
                "owner_member", "owner_organisation"
            ),
        ),
    ]
    items = (
        list(meeting.items.filter(pending=False).prefetch_related(*prefetches))
        if meeting.agenda_is_public or sees_drafts or version
        else []
    )
    by_id = {item.pk: item for item in items}
    # "Feedback from the participation forum": public consultations whose summary links to a
    # decision of these minutes (forums registers the linker).
    links = decisions.decision_links(list(by_id)) if version else {}
    minutes = []
    if version:
        for data in version.snapshot["items"]:
            item = by_id.get(data["id"])
            minutes.append(
                data
                | {
                    "outcome_label": _outcome_label(data["outcome"]),
                    "actions": list(item.actions.all()) if item else [],
                    "forum_links": links.get(item.pk, []) if item else [],
                }
            )
    previous, previous_actions = _previous_actions(meeting)
    allowed = access.action_updater(request.user)
    for action in [*previous_actions, *(a for entry in minutes for a in entry["actions"])]:
        action.can_change = allowed(action, body)
    return render(
        request,
        "bodies/meeting_detail.html",
        {
            "meeting": meeting,
            "body": body,
            "items": items,
            "show_agenda": meeting.agenda_is_public or sees_drafts,
            "version": version,
            "minutes": minutes,
            "attendees": version.snapshot["attendees"] if version else [],
            "versions": versions,
            "previous": previous,
            "previous_actions": previous_actions,
            "sees_drafts": sees_drafts,
            "can_draft": access.can_draft(request.user, body),
            "can_organise": access.can_organise(request.user, body),
        },
    )


@require_safe
def meeting_print(request, pk):
    meeting = access.get_meeting_for_view(request.user, pk)
    version = _published(meeting)
    if version is None and not meeting.agenda_is_public:
        raise Http404
    minutes = [
        data | {"outcome_label": _outcome_label(data["outcome"])}
        for data in (version.snapshot["items"] if version else [])
    ]
    items = [] if version else list(meeting.items.all())
    return render(
        request,
        "bodies/meeting_print.html",
        {
            "meeting": meeting,
            "body": meeting.body,
            "version": version,
            "minutes": minutes,
            "items": items,
            "attendees": version.snapshot["attendees"] if version else [],
        },
    )


@require_safe
def meeting_ics(request, pk):
    """The meeting in a calendar (linked from the invitation): as public as the meeting."""
    meeting = access.get_meeting_for_view(request.user, pk)
    page_url = absolute_url(reverse("bodies:meeting", kwargs={"pk": meeting.pk}))
    response = HttpResponse(
        ical.meeting_calendar(meeting, page_url=page_url), content_type=ical.CONTENT_TYPE
    )
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
    return response


@require_safe
def attachment_download(request, pk):
    attachment = access.get_attachment_for_download(request.user, pk)
    return private_file_response(
        attachments.stored_path,
        attachment.stored_name,
        filename=attachment.original_name,
        content_type=attachments.CONTENT_TYPES[attachment.kind],
    )


@require_safe
def actions(request):
    """Open actions of every body's published minutes, soonest due first."""
    body_slug = request.GET.get("body", "")
    found = (
        ActionItem.objects.filter(
            status__in=OPEN_STATUSES, item__meeting__published_version__gt=0, pending=False
        )
        .select_related("item__meeting__body", "owner_member", "owner_organisation")
        .order_by("due_date", "id")
    )
    found = ActionFilter(request.GET, queryset=found, request=request).qs
    # "My actions": those the signed-in person owns as a current member of a body.
    mine = request.user.is_authenticated and request.GET.get("mine") == "1"
    bodies = Body.objects.order_by("name_fi")
    shown = list(found[:500])
    allowed = access.action_updater(request.user)
    for action in shown:
        action.can_change = allowed(action, action.item.meeting.body)
    return render(
        request,
        "bodies/actions.html",
        {
            "actions": shown,
            "bodies": bodies,
            "body_slug": body_slug,
            "mine": mine,
            "today": timezone.localdate(),
        },
    )


@require_safe
def archive(request):
    bodies = list(Body.objects.order_by("name_fi"))
    this_year = timezone.localdate().year
    years = list(range(this_year + 1, this_year - 10, -1))
    form = ArchiveForm(request.GET or None, bodies=bodies, years=years)
    sections = []
    searched = False
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        kinds = [k for k in KINDS if k in data["kind"]] or list(KINDS)
        searched = True
        sections = archive_search(
            q=data["q"],
            body_ids=data["body"],
            years=data["year"],
            kinds=kinds,
            page=data["page"] or 1,
        )
    labels = dict(ArchiveForm.KIND_CHOICES)
    for section in sections:
        section.label = labels[section.kind]
    return render(
        request,
        "bodies/archive.html",
        {"form": form, "sections": sections, "searched": searched},
    )
