"""Pages of the partnership bodies. Thin: rights through bodies.access, writes through
bodies.services."""

from __future__ import annotations

from datetime import datetime, time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from notifications.services import absolute_url
from portal.lib.downloads import private_file_response

from . import access, attachments, decisions, ical, services
from . import diff as minutes_diff
from .forms import (
    ActionForm,
    ActionStatusForm,
    AgendaItemForm,
    ArchiveForm,
    AttachmentEditForm,
    AttachmentForm,
    AttendanceForm,
    BodyForm,
    CommentForm,
    MeetingForm,
    MemberForm,
    MinutesItemForm,
    SubmitForm,
)
from .models import (
    OPEN_STATUSES,
    ActionItem,
    AgendaItem,
    Attachment,
    Body,
    BodyMember,
    Meeting,
    MinutesState,
    MinutesVersion,
    Outcome,
)
from .search import KINDS, archive_search

# --- Public pages ------------------------------------------------------------------------------


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
    if body_slug:
        found = found.filter(item__meeting__body__slug=body_slug)
    # "My actions": those the signed-in person owns as a current member of a body.
    mine = request.user.is_authenticated and request.GET.get("mine") == "1"
    if mine:
        found = found.filter(owner_member__in=access.current_member_ids(request.user))
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


# --- Coordinators: bodies, members, meetings ---------------------------------------------------


@login_required
def body_create(request):
    return _body_page(request, body=None)


@login_required
def body_edit(request, slug):
    return _body_page(request, body=access.get_body_for_coordinator(request.user, slug))


def _body_page(request, *, body: Body | None):
    """The body's form: a new body (`body` None) or the coordinator's own body's edit."""
    form = BodyForm(
        request.POST or None, instance=body, area_ids=access.coordinator_areas(request.user)
    )
    if request.method == "POST" and form.is_valid():
        saved = services.body_save(body=form.save(commit=False))
        messages.success(
            request, _("The body was created.") if body is None else _("The body was saved.")
        )
        return redirect("bodies:body", slug=saved.slug)
    title = _("New body") if body is None else _("Edit the body")
    return render(request, "bodies/form.html", _form_page(form, title, body))


def _form_page(form, title, body=None, meeting=None, **extra) -> dict:
    return {"form": form, "title": title, "body": body, "meeting": meeting, **extra}


@login_required
def member_add(request, slug):
    body = access.get_body_for_coordinator(request.user, slug)
    member = BodyMember(body=body, term_start=timezone.localdate())
    return _member_page(request, member=member, added=True)


@login_required
def member_edit(request, slug, pk):
    member = access.get_member_for_coordinator(request.user, slug, pk)
    return _member_page(request, member=member, added=False)


def _member_page(request, *, member: BodyMember, added: bool):
    """A member's form: a new member of `member.body` (`added`) or an existing one's edit."""
    form = MemberForm(request.POST or None, instance=member, body=member.body)
    if request.method == "POST" and form.is_valid():
        services.member_save(member=form.save(commit=False))
        messages.success(
            request, _("The member was added.") if added else _("The member was saved.")
        )
        return redirect("bodies:body", slug=member.body.slug)
    title = _("Add a member") if added else _("Edit a member")
    return render(request, "bodies/form.html", _form_page(form, title, member.body))


@login_required
def meeting_create(request, slug):
    body = access.get_body_for_organiser(request.user, slug)
    form = MeetingForm(request.POST or None, instance=Meeting(body=body))
    if request.method == "POST" and form.is_valid():
        meeting = services.meeting_save(meeting=form.save(commit=False))
        messages.success(request, _("The meeting was created. Add the agenda items next."))
        return redirect("bodies:meeting", pk=meeting.pk)
    return render(request, "bodies/form.html", _form_page(form, _("New meeting"), body))


# --- The secretary: agenda, attendance, minutes drafts, attachments, actions --------------------


@login_required
def meeting_edit(request, pk):
    meeting = access.get_meeting_for_organiser(request.user, pk)
    if request.method == "POST" and request.POST.get("action") in ("publish", "unpublish"):
        publish = request.POST["action"] == "publish"
        meeting = services.agenda_publish(meeting=meeting, publish=publish)
        if publish:
            messages.success(
                request,
                ngettext(
                    "The agenda is public. The invitation was e-mailed to %(count)d member.",
                    "The agenda is public. The invitation was e-mailed to %(count)d members.",
                    meeting.invited,
                )
                % {"count": meeting.invited},
            )
        else:
            messages.success(request, _("The agenda is no longer public."))
        return redirect("bodies:meeting", pk=meeting.pk)
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        meeting = services.meeting_save(meeting=form.save(commit=False))
        if meeting.reinvited:
            messages.success(
                request,
                ngettext(
                    "The meeting was saved. The updated invitation was e-mailed to %(count)d "
                    "member.",
                    "The meeting was saved. The updated invitation was e-mailed to %(count)d "
                    "members.",
                    meeting.reinvited,
                )
                % {"count": meeting.reinvited},
            )
        else:
            messages.success(request, _("The meeting was saved."))
        return redirect("bodies:meeting", pk=meeting.pk)
    return render(
        request,
        "bodies/meeting_form.html",
        _form_page(form, _("Edit the meeting"), meeting.body, meeting),
    )


@login_required
def attendance(request, pk):
    meeting = access.get_meeting_for_secretary(request.user, pk)
    form = AttendanceForm(
        request.POST or None,
        meeting=meeting,
        initial={
            "attendees": list(meeting.attendees.values_list("pk", flat=True)),
            "checkers": list(meeting.checkers.values_list("pk", flat=True)),
        },
    )
    if request.method == "POST" and form.is_valid():
        services.attendance_set(
            meeting=meeting,
            members=list(form.cleaned_data["attendees"]),
            checkers=list(form.cleaned_data["checkers"]),
        )
        messages.success(request, _("The attendance was saved."))
        return redirect("bodies:minutes", pk=meeting.pk)
    return render(
        request, "bodies/form.html", _form_page(form, _("Attendance"), meeting.body, meeting)
    )


def _item_forms(request, item: AgendaItem):
    data = request.POST if request.method == "POST" else None
    agenda = AgendaItemForm(data, instance=item, prefix="agenda")
    minutes = MinutesItemForm(data, instance=item, prefix="minutes") if item.pk else None
    return agenda, minutes


def _save_item(request, item: AgendaItem, agenda, minutes):
    valid = agenda.is_valid() and (minutes is None or minutes.is_valid())
    if not valid:
        return None
    agenda.save(commit=False)
    if minutes is not None:
        minutes.save(commit=False)
    try:
        return services.item_save(item=item, user=request.user)
    except ValidationError as error:
        agenda.add_error(None, error)
        return None


@login_required
def item_create(request, pk):
    meeting = access.get_meeting_for_secretary(request.user, pk)
    item = AgendaItem(meeting=meeting, position=meeting.items.count() + 1)
    agenda, minutes = _item_forms(request, item)
    if request.method == "POST" and _save_item(request, item, agenda, minutes):
        messages.success(request, _("The agenda item was added."))
        return redirect("bodies:item-edit", pk=item.pk)
    return render(
        request,
        "bodies/item_form.html",
        {"agenda": agenda, "minutes": None, "meeting": meeting, "body": meeting.body, "item": None},
    )


@login_required
def item_edit(request, pk):
    item = access.get_item_for_secretary(request.user, pk)
    meeting = item.meeting
    agenda, minutes = _item_forms(request, item)
    if request.method == "POST" and _save_item(request, item, agenda, minutes):
        messages.success(request, _("The agenda item was saved."))
        return redirect("bodies:item-edit", pk=item.pk)
    return render(
        request,
        "bodies/item_form.html",
        {
            "agenda": agenda,
            "minutes": minutes,
            "meeting": meeting,
            "body": meeting.body,
            "item": item,
            "editable": services.minutes_editable(meeting),
            "attachments": item.attachments.all(),
            "actions": item.actions.select_related("owner_member", "owner_organisation"),
            "upload_form": AttachmentForm(),
        },
    )


@login_required
def attachment_upload(request, pk):
    item = access.get_item_for_secretary(request.user, pk)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        checked = form.cleaned_data["file"]
        try:
            services.attachment_add(
                item=item, checked=checked, user=request.user, title=form.cleaned_data["title"]
            )
        except ValidationError as error:
            form.add_error(None, error)
            return _attachment_page(request, item, form, status=400)
        messages.success(request, _("The attachment was added."))
        if checked.untagged_pdf:
            messages.warning(
                request,
                _(
                    "The PDF has no accessibility tags, so screen reader users may not be able "
                    "to read it. If you can, save it again from the original program as a "
                    "tagged (accessible) PDF and attach that instead."
                ),
            )
        return redirect("bodies:item-edit", pk=item.pk)
    return _attachment_page(request, item, form)


@login_required
def attachment_edit(request, pk):
    """Retitle an attachment or replace its file (the secretary, while the minutes can change)."""
    attachment = access.get_attachment_for_secretary(request.user, pk)
    item = attachment.item
    form = AttachmentEditForm(
        request.POST or None, request.FILES or None, initial={"title": attachment.title}
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.attachment_update(
                attachment=attachment,
                title=form.cleaned_data["title"],
                checked=form.cleaned_data["file"],
                user=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
            status = 400
        else:
            messages.success(request, _("The attachment was saved."))
            return redirect("bodies:item-edit", pk=item.pk)
    return render(
        request,
        "bodies/form.html",
        _form_page(
            form,
            _("Edit the attachment: %(name)s") % {"name": attachment.label},
            item.meeting.body,
            item.meeting,
            multipart=True,
        ),
        status=status,
    )


@login_required
def attachment_delete(request, pk):
    """A confirmation page, then the deletion (POST)."""
    attachment = access.get_attachment_for_secretary(request.user, pk)
    item = attachment.item
    error = ""
    if request.method == "POST":
        try:
            services.attachment_remove(attachment=attachment)
        except ValidationError as refused:
            error = refused.messages[0]
        else:
            messages.success(request, _("The attachment was deleted."))
            return redirect("bodies:item-edit", pk=item.pk)
    return render(
        request,
        "bodies/attachment_delete.html",
        {
            "attachment": attachment,
            "item": item,
            "meeting": item.meeting,
            "body": item.meeting.body,
            "error": error,
        },
        status=400 if error else 200,
    )


def _attachment_page(request, item, form, status=200):
    return render(
        request,
        "bodies/form.html",
        _form_page(form, _("Add an attachment"), item.meeting.body, item.meeting, multipart=True),
        status=status,
    )


@login_required
def action_create(request, pk):
    item = access.get_item_for_secretary(request.user, pk)
    form = ActionForm(request.POST or None, instance=ActionItem(item=item), body=item.meeting.body)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.action_create(action=form.save(commit=False), user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
            status = 400
        else:
            messages.success(request, _("The action was added."))
            return redirect("bodies:item-edit", pk=item.pk)
    return render(
        request,
        "bodies/form.html",
        _form_page(form, _("New action"), item.meeting.body, item.meeting),
        status=status,
    )


@login_required
def action_status(request, pk):
    action = access.get_action_for_update(request.user, pk)
    form = ActionStatusForm(request.POST or None, initial={"status": action.status})
    if request.method == "POST" and form.is_valid():
        services.action_set_status(
            action=action,
            status=form.cleaned_data["status"],
            note=form.cleaned_data["note"],
            user=request.user,
        )
        messages.success(request, _("The status was saved."))
        return redirect("bodies:meeting", pk=action.item.meeting.pk)
    history = action.history.all()
    return render(
        request,
        "bodies/action_status.html",
        {
            "form": form,
            "action": action,
            "history": history,
            "meeting": action.item.meeting,
            "body": action.item.meeting.body,
        },
    )


# --- The minutes workflow ----------------------------------------------------------------------


@require_safe
@login_required
def minutes(request, pk):
    return _minutes_page(request, access.get_meeting_for_minutes(request.user, pk))


def _minutes_page(request, meeting, *, submit_form=None, comment_form=None, status=200):
    body = meeting.body
    member = access.member_of(request.user, body)
    attended = meeting.attendees.filter(
        pk__in=[m.pk for m in access.memberships(request.user, body)]
    ).exists()
    items = list(meeting.items.order_by("position", "id"))
    comments = meeting.comments.select_related("author", "item")
    is_chair = access.has_role(request.user, body, BodyMember.Role.CHAIR) is not None
    can_draft = access.can_draft(request.user, body)
    commenter = access.commenter_of(request.user, meeting)
    in_review = meeting.minutes_state == MinutesState.REVIEW
    checkers = list(meeting.checkers.order_by("name"))
    confirmed = set(meeting.checks.values_list("member_id", flat=True))
    mine = {m.pk for m in access.memberships(request.user, body)}
    # Edits made during the review: for the chair, the secretary and those who commented.
    changes = (
        minutes_diff.revision_changes(list(meeting.revisions.order_by("number")))
        if in_review and (is_chair or can_draft or commenter)
        else []
    )
    return render(
        request,
        "bodies/minutes.html",
        {
            "meeting": meeting,
            "body": body,
            "items": items,
            "comments": comments,
            "member": member,
            "attendees": meeting.attendees.select_related("organisation"),
            "can_draft": can_draft,
            "is_chair": is_chair,
            "can_comment": attended and access.comment_window_open(meeting),
            "checkers": [(c, c.pk in confirmed) for c in checkers],
            "can_confirm": in_review
            and any(c.pk in mine and c.pk not in confirmed for c in checkers),
            "waiting_checkers": [c for c in checkers if c.pk not in confirmed],
            "changes": changes,
            "can_restart": in_review and commenter is not None and bool(changes),
            "submit_form": submit_form or SubmitForm(),
            "comment_form": comment_form or CommentForm(meeting=meeting),
            "states": MinutesState,
        },
        status=status,
    )


@require_POST
@login_required
def minutes_submit(request, pk):
    meeting = access.get_meeting_for_secretary(request.user, pk)
    form = SubmitForm(request.POST)
    if form.is_valid():
        try:
            services.minutes_submit(
                meeting=meeting,
                review_days=form.cleaned_data["review_days"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.add_error("note" if error.code == "note" else None, error)
        else:
            messages.success(request, _("The minutes were sent to the attending members."))
            return redirect("bodies:minutes", pk=meeting.pk)
    return _minutes_page(request, meeting, submit_form=form, status=400)


@require_POST
@login_required
def minutes_comment(request, pk):
    meeting, member = access.get_meeting_for_comment(request.user, pk)
    form = CommentForm(request.POST, meeting=meeting)
    if form.is_valid():
        try:
            services.minutes_comment(
                meeting=meeting,
                member=member,
                item=form.cleaned_data["item"],
                text=form.cleaned_data["text"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your comment was saved."))
            return redirect("bodies:minutes", pk=meeting.pk)
    return _minutes_page(request, meeting, comment_form=form, status=400)


@require_POST
@login_required
def minutes_confirm(request, pk):
    """A minutes checker confirms the minutes in review."""
    meeting, member = access.get_meeting_for_checker(request.user, pk)
    try:
        services.minutes_check_confirm(meeting=meeting, member=member)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("You confirmed the minutes. Thank you."))
    return redirect("bodies:minutes", pk=meeting.pk)


@require_POST
@login_required
def minutes_restart(request, pk):
    """A member who commented asks to review the edited minutes again."""
    meeting, member = access.get_meeting_for_restart(request.user, pk)
    try:
        meeting = services.minutes_review_restart(meeting=meeting, member=member)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            _("Your review starts again: you can comment until %(when)s.")
            % {
                "when": formats.date_format(timezone.localtime(meeting.review_ends_at), "j.n.Y H.i")
            },
        )
    return redirect("bodies:minutes", pk=meeting.pk)


@require_POST
@login_required
def minutes_approve(request, pk):
    meeting, chair = access.get_meeting_for_chair(request.user, pk)
    try:
        services.minutes_approve(meeting=meeting, chair=chair, user=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("bodies:minutes", pk=meeting.pk)
    messages.success(request, _("The minutes were approved and published."))
    return redirect("bodies:meeting", pk=meeting.pk)


@require_POST
@login_required
def minutes_correct(request, pk):
    meeting = access.get_meeting_for_secretary(request.user, pk)
    try:
        services.minutes_start_correction(meeting=meeting)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            _(
                "You can now correct the minutes. The published version stays public until "
                "the chair approves the correction."
            ),
        )
    return redirect("bodies:minutes", pk=meeting.pk)
