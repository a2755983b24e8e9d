"""The moderators' pages: the queue, hiding or showing a comment, official replies."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts.http import AuthenticatedHttpRequest

from .. import access, services
from ..forms import HideForm, OfficialReplyForm
from ..models import Comment, CommentStatus, ModerationLog
from .common import GET_POST, _consultation_url, _public_name


@login_required
@require_safe
def moderation(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    consultation = access.get_consultation_for_moderation(request.user, pk)
    comments = (
        Comment.objects.filter(consultation=consultation)
        .filter(
            Q(status__in=[CommentStatus.PENDING, CommentStatus.HIDDEN]) | Q(reports__resolved=False)
        )
        .select_related("author", "section")
        .annotate(open_reports=Count("reports", filter=Q(reports__resolved=False), distinct=True))
        .distinct()
        .order_by("created_at")
    )
    groups: dict[str, list[Comment]] = {"pending": [], "reported": [], "hidden": []}
    for comment in comments:
        comment.public_name = _public_name(comment, moderator=True)
        if comment.status == CommentStatus.PENDING:
            groups["pending"].append(comment)
        elif comment.status == CommentStatus.HIDDEN:
            groups["hidden"].append(comment)
        else:
            groups["reported"].append(comment)
    log = (
        ModerationLog.objects.filter(consultation=consultation)
        .select_related("actor", "comment")
        .order_by("-created_at", "-pk")[:50]
    )
    return render(
        request,
        "forums/manage/moderation.html",
        {
            "consultation": consultation,
            "forum": consultation.forum,
            "groups": groups,
            "log": log,
            "hide_form": HideForm(),
            "is_coordinator": access.is_coordinator_of_forum(request.user, consultation.forum),
        },
    )


@login_required
@require_POST
def moderate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    comment = access.get_comment_for_moderation(request.user, pk)
    action = request.POST.get("action")
    back = reverse("forums:moderation", kwargs={"pk": comment.consultation_id})
    if action == "hide":
        form = HideForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Write the reason for hiding; it is shown in its place."))
            return HttpResponseRedirect(back)
        services.comment_hide(
            comment=comment, actor=request.user, reason=form.cleaned_data["reason"]
        )
        messages.success(request, _("The comment was hidden and its author told."))
    elif action == "restore":
        services.comment_restore(comment=comment, actor=request.user)
        messages.success(request, _("The comment is shown again."))
    elif action == "approve":
        services.comment_approve(comment=comment, actor=request.user)
        messages.success(request, _("The comment is now shown."))
    else:
        return HttpResponse(status=400)
    return HttpResponseRedirect(back)


@login_required
@GET_POST
def official_reply(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The welfare area's official reply under a comment (coordinators and moderators)."""
    comment = access.get_comment_for_moderation(request.user, pk)
    form = OfficialReplyForm(request.POST or None, initial={"text": comment.official_reply})
    if request.method == "POST" and form.is_valid():
        comment = services.comment_official_reply(
            comment=comment, actor=request.user, text=form.cleaned_data["text"]
        )
        if comment.official_reply:
            messages.success(request, _("The official reply is shown under the comment."))
        else:
            messages.success(request, _("The official reply was removed."))
        return redirect(_consultation_url(comment.consultation, f"comment-{comment.pk}"))
    comment.public_name = _public_name(comment, moderator=True)
    return render(
        request,
        "forums/manage/official_reply.html",
        {
            "comment": comment,
            "consultation": comment.consultation,
            "forum": comment.consultation.forum,
            "form": form,
        },
    )
