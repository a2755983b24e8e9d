"""The minutes workflow: drafting, submitting, commenting, confirming, approving, correcting."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from .. import access, services
from .. import diff as minutes_diff
from ..forms import CommentForm, SubmitForm
from ..models import BodyMember, MinutesState


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
