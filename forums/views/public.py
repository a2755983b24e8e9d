"""The forum's public pages: forums, consultations, commenting, agreeing, reporting and
draft documents."""

from __future__ import annotations

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Exists, OuterRef, Q, Value
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts import roles
from accounts.http import AuthenticatedHtmxHttpRequest, AuthenticatedHttpRequest
from bodies.decisions import published_decisions_by_item
from portal.lib.downloads import private_file_response

from .. import access, ratelimit, services
from .. import documents as draft_documents
from ..forms import CommentForm, ReportForm
from ..models import (
    Agreement,
    Comment,
    CommentStatus,
    Consultation,
    ForumSignup,
    OutcomeLink,
    Report,
    Section,
)
from .common import _consultation_url, _public_name, _too_many


@require_safe
def forum_list(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    forums = list(
        access.visible_forums(request.user)
        .select_related("welfare_area")
        .annotate(
            consultation_count=Count(
                "consultations", filter=Q(consultations__is_published=True), distinct=True
            )
        )
        .order_by("starts_at")
    )
    upcoming = [f for f in forums if (f.ends_at or f.starts_at) >= now]
    past = [f for f in reversed(forums) if (f.ends_at or f.starts_at) < now]
    return render(
        request,
        "forums/forum_list.html",
        {
            "upcoming": upcoming,
            "past": past,
            "is_coordinator": bool(roles.coordinator_area_ids(request.user)),
        },
    )


@require_safe
def forum_detail(request: HttpRequest, slug: str) -> HttpResponse:
    forum = access.get_forum_for_view(request.user, slug)
    is_coordinator = access.is_coordinator_of_forum(request.user, forum)
    activity = None
    if forum.activity_id:
        from meetingplaces.models import Activity

        activity = Activity.objects.published().filter(pk=forum.activity_id).first()
    consultations = forum.consultations.all()
    if not is_coordinator:
        consultations = consultations.filter(is_published=True)
    consultations = consultations.annotate(
        comment_count=Count("comments", filter=Q(comments__status=CommentStatus.VISIBLE))
    )
    signed_up = (
        request.user.is_authenticated
        and ForumSignup.objects.filter(forum=forum, user=request.user).exists()
    )
    return render(
        request,
        "forums/forum_detail.html",
        {
            "forum": forum,
            "activity": activity,
            "consultations": consultations,
            "signed_up": signed_up,
            "signup_count": forum.signups.count() if is_coordinator else None,
            "is_coordinator": is_coordinator,
        },
    )


@login_required
@require_POST
def forum_signup(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    forum = access.get_forum_for_view(request.user, slug)
    if not ratelimit.allow(request, "signup"):
        return _too_many(request)
    existing = ForumSignup.objects.filter(forum=forum, user=request.user)
    if existing.exists():
        existing.delete()
        messages.success(request, _("Your sign-up was cancelled."))
    elif not forum.signup_open or forum.is_past:
        messages.error(request, _("Sign-up for this forum is closed."))
    else:
        ForumSignup.objects.get_or_create(forum=forum, user=request.user)
        messages.success(request, _("You are signed up. Welcome!"))
    return redirect("forums:forum", slug=forum.slug)


def _consultation_context(
    request: HttpRequest,
    consultation: Consultation,
    *,
    bound_form: CommentForm | None = None,
    bound_target: str = "",
) -> dict:
    """Sections with their threads, in a fixed number of queries however many comments."""
    user = request.user
    moderator = access.can_moderate(user, consultation)
    sections = list(consultation.sections.all())
    comments = (
        Comment.objects.filter(consultation=consultation)
        .select_related("author")
        .annotate(agree_count=Count("agreements", distinct=True))
        .order_by("created_at", "pk")
    )
    if user.is_authenticated:
        comments = comments.annotate(
            user_agrees=Exists(Agreement.objects.filter(comment=OuterRef("pk"), user=user)),
            user_reported=Exists(Report.objects.filter(comment=OuterRef("pk"), user=user)),
        )
    else:
        comments = comments.annotate(user_agrees=Value(False), user_reported=Value(False))
    if not moderator:
        visible = ~Q(status=CommentStatus.PENDING)
        if user.is_authenticated:
            visible |= Q(author=user)
        comments = comments.filter(visible)
    is_open = consultation.is_open
    can_comment = user.is_authenticated and is_open
    by_section: dict[int, list[Comment]] = defaultdict(list)
    replies: dict[int, list[Comment]] = defaultdict(list)
    all_comments = list(comments)
    for comment in all_comments:
        comment.public_name = _public_name(comment, moderator=moderator)
        comment.is_own = user.is_authenticated and comment.author_id == user.pk
        if comment.parent_id:
            replies[comment.parent_id].append(comment)
        else:
            by_section[comment.section_id].append(comment)
    # URLs and texts the comment templates print for every comment, made once here (reverse()
    # and number formatting per comment were a good part of a busy page's time); defaults for
    # attributes a comment may lack (a failed attribute lookup in a template is slow).
    agree_url = reverse("forums:agree", kwargs={"pk": 0})
    report_url = reverse("forums:report", kwargs={"pk": 0})
    official_reply_url = reverse("forums:official_reply", kwargs={"pk": 0})
    for comment in all_comments:
        comment.thread_replies = replies.get(comment.pk, [])
        comment.pk_text = str(comment.pk)
        comment.agree_url = agree_url.replace("/0/", f"/{comment.pk}/")
        comment.report_url = report_url.replace("/0/", f"/{comment.pk}/")
        comment.official_reply_url = official_reply_url.replace("/0/", f"/{comment.pk}/")
        comment.can_reply = False
        comment.reply_form = None
        # "I agree" only while the consultation is open, and never on one's own comment.
        comment.can_agree = is_open and not comment.is_own
        if can_comment and not comment.parent_id:
            # A bound form only where a reply came back with errors; elsewhere the template
            # writes the same fields as plain markup (a rendered form per comment is slow).
            comment.can_reply = True
            if bound_target == f"c{comment.pk}":
                comment.reply_form = bound_form
    # The draft document: the whole consultation's files, and each section's beside it.
    section_documents: dict[int | None, list] = defaultdict(list)
    for document in consultation.documents.all():
        section_documents[document.section_id].append(document)
    for section in sections:
        section.document_list = section_documents.get(section.pk, [])
        section.threads = by_section.get(section.pk, [])
        section.pk_text = str(section.pk)
        # A bound form where a comment came back with errors; elsewhere the template writes
        # the form's fields as plain markup (_plain_comment_form.html).
        section.form = bound_form if bound_target == f"s{section.pk}" else None
    return {
        "consultation": consultation,
        "forum": consultation.forum,
        "comment_action": reverse("forums:comment", kwargs={"pk": consultation.pk}),
        "sections": sections,
        "comment_total": sum(1 for c in all_comments if c.status == CommentStatus.VISIBLE),
        "state": consultation.state(),
        "can_comment": can_comment,
        "is_moderator": moderator,
        "is_coordinator": access.is_coordinator_of_forum(user, consultation.forum),
        "outcome_links": _outcome_links(consultation),
        "report_form": ReportForm(),
        "documents": section_documents.get(None, []),
        "area_name": str(consultation.forum.welfare_area),
    }


def _outcome_links(consultation: Consultation) -> list[OutcomeLink]:
    """The summary's links; a decision link carries its published decision (`published`: body,
    meeting date, outcome, minutes address) or None when it is no longer public. One query, and
    one more when there are decision links."""
    links = list(consultation.outcome_links.select_related("decision"))
    by_item = published_decisions_by_item(link.decision for link in links if link.decision_id)
    for link in links:
        link.published = by_item.get(link.decision_id) if link.decision_id else None
    return links


@require_safe
def consultation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = access.get_consultation_for_view(request.user, pk)
    return render(
        request, "forums/consultation_detail.html", _consultation_context(request, consultation)
    )


@login_required
@require_POST
def comment_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    consultation = access.get_consultation_for_view(request.user, pk)
    section = Section.objects.filter(
        consultation=consultation, pk=request.POST.get("section") or 0
    ).first()
    parent = None
    if request.POST.get("parent"):
        parent = Comment.objects.filter(
            consultation=consultation, pk=request.POST.get("parent") or 0
        ).first()
        if parent is None or not access.can_see_comment(request.user, parent):
            return HttpResponse(status=400)
        section = parent.section
    if section is None:
        return HttpResponse(status=400)
    target = f"c{parent.parent_id or parent.pk}" if parent else f"s{section.pk}"
    form = CommentForm(request.POST, prefix=target)
    if form.is_spam:
        # The honeypot was filled in: say nothing a bot could learn from, save nothing.
        return redirect(_consultation_url(consultation))
    if not ratelimit.allow(request, "comment"):
        return _too_many(request)
    if form.is_valid():
        try:
            comment = services.comment_create(
                consultation=consultation,
                section=section,
                author=request.user,
                body=form.cleaned_data["body"],
                is_anonymous=form.cleaned_data["is_anonymous"],
                parent=parent,
            )
        except services.ConsultationClosed:
            form.add_error(
                None,
                _(
                    "This consultation is not open for comments now, so your comment was not "
                    "saved. Your text is still here: you can copy it, or send it to the "
                    "coordinator."
                ),
            )
        else:
            if comment.status == CommentStatus.PENDING:
                messages.success(
                    request,
                    _("Thank you! Your comment is shown once a moderator has checked it."),
                )
            else:
                messages.success(request, _("Thank you! Your comment was published."))
            return redirect(_consultation_url(consultation, f"comment-{comment.pk}"))
    context = _consultation_context(request, consultation, bound_form=form, bound_target=target)
    context["error_target"] = target
    return render(request, "forums/consultation_detail.html", context, status=400)


@login_required
@require_POST
def comment_agree(request: AuthenticatedHtmxHttpRequest, pk: int) -> HttpResponse:
    comment = access.get_comment_for_reader(request.user, pk)
    if not ratelimit.allow(request, "agree"):
        return _too_many(request)
    if comment.status == CommentStatus.VISIBLE:
        try:
            services.agreement_toggle(comment=comment, user=request.user)
        except services.AgreementRefused as refused:
            if request.htmx:
                return HttpResponse(refused.message, status=400)
            messages.error(request, refused.message)
    if request.htmx:
        # Just the button, pressed or not, with the new count (the page stays where it is).
        button = Comment.objects.annotate(
            agree_count=Count("agreements"),
            user_agrees=Exists(Agreement.objects.filter(comment=OuterRef("pk"), user=request.user)),
        ).get(pk=comment.pk)
        button.pk_text = str(comment.pk)
        button.agree_url = request.path
        button.can_agree = True
        return render(request, "forums/_agree.html", {"comment": button})
    return redirect(_consultation_url(comment.consultation, f"comment-{comment.pk}"))


@login_required
@require_POST
def comment_report(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    comment = access.get_comment_for_reader(request.user, pk)
    if not ratelimit.allow(request, "report"):
        return _too_many(request)
    form = ReportForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    if comment.author_id == request.user.pk:
        messages.error(request, _("You cannot report your own comment."))
    elif services.report_create(comment=comment, user=request.user, reason=reason):
        messages.success(request, _("Thank you. The moderators will look at the comment."))
    else:
        messages.info(request, _("You have reported this comment already."))
    return redirect(_consultation_url(comment.consultation, f"comment-{comment.pk}"))


@require_safe
def document(request: HttpRequest, pk: int) -> FileResponse:
    """A draft document's file, for whoever may read the consultation: images shown in the
    page, PDFs downloaded."""
    document = access.get_document_for_view(request.user, pk)
    return private_file_response(
        draft_documents.stored_path,
        document.stored_name,
        filename=document.original_name,
        content_type=draft_documents.CONTENT_TYPES[document.kind],
        as_attachment=not document.is_image,
    )
