"""The forum's pages: public (forums, consultations, commenting) and the coordinators' and
moderators' (forms, moderation, offline feedback, closing, export).

Every object comes through forums.access; every write through forums.services.
"""

from __future__ import annotations

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts import roles
from bodies.decisions import published_decisions, published_decisions_by_item
from portal.lib.downloads import private_file_response
from portal.lib.spreadsheet import table_download

from . import access, ratelimit, services
from . import documents as draft_documents
from .forms import (
    CloseForm,
    CommentForm,
    ConsultationForm,
    DocumentForm,
    ForumForm,
    HideForm,
    OfficialReplyForm,
    OfflineCommentForm,
    ReportForm,
    SectionForm,
)
from .models import (
    Agreement,
    Comment,
    CommentStatus,
    Consultation,
    Forum,
    ForumSignup,
    ModerationLog,
    OutcomeLink,
    Report,
    Section,
)

GET_POST = require_http_methods(["GET", "HEAD", "POST"])


def _consultation_url(consultation: Consultation, anchor: str = "") -> str:
    url = reverse("forums:consultation", kwargs={"pk": consultation.pk})
    return f"{url}#{anchor}" if anchor else url


def _too_many(request: HttpRequest) -> HttpResponse:
    return render(request, "forums/too_many.html", status=429)


# Public pages


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
def forum_signup(request: HttpRequest, slug: str) -> HttpResponse:
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


def _public_name(comment: Comment, *, moderator: bool) -> str:
    """How a comment's author is shown: never an e-mail address to the public."""
    if comment.is_offline:
        channel = comment.get_channel_display().lower()
        if comment.offline_name and (comment.offline_name_public or moderator):
            return _("%(name)s (feedback given %(channel)s)") % {
                "name": comment.offline_name,
                "channel": channel,
            }
        return _("Participant (feedback given %(channel)s)") % {"channel": channel}
    if comment.author is None:
        return _("Deleted user")
    name = comment.author.display_name or _("Participant")
    if comment.is_anonymous:
        if moderator:
            return _("Anonymous participant (%(name)s, %(email)s)") % {
                "name": name,
                "email": comment.author.email,
            }
        return _("Anonymous participant")
    return name


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
        if not user.is_authenticated:
            comment.user_agrees = comment.user_reported = False
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
def comment_create(request: HttpRequest, pk: int) -> HttpResponse:
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
def comment_agree(request: HttpRequest, pk: int) -> HttpResponse:
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
        comment.user_agrees = Agreement.objects.filter(comment=comment, user=request.user).exists()
        comment.agree_count = Agreement.objects.filter(comment=comment).count()
        comment.pk_text = str(comment.pk)
        comment.agree_url = request.path
        comment.can_agree = True
        return render(request, "forums/_agree.html", {"comment": comment})
    return redirect(_consultation_url(comment.consultation, f"comment-{comment.pk}"))


@login_required
@require_POST
def comment_report(request: HttpRequest, pk: int) -> HttpResponse:
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


# Coordinators' pages


@login_required
@require_safe
def manage(request: HttpRequest) -> HttpResponse:
    area_ids = access.coordinator_area_ids(request.user)
    forums = (
        Forum.objects.filter(welfare_area__in=area_ids)
        .select_related("welfare_area")
        .prefetch_related(
            Prefetch(
                "consultations",
                queryset=Consultation.objects.annotate(
                    pending_count=Count(
                        "comments", filter=Q(comments__status=CommentStatus.PENDING)
                    ),
                    hidden_by_reports_count=Count(
                        "comments",
                        filter=Q(
                            comments__status=CommentStatus.HIDDEN,
                            comments__hidden_by_reports=True,
                        ),
                    ),
                ),
            )
        )
        .order_by("-starts_at")
    )
    return render(request, "forums/manage/dashboard.html", {"forums": forums})


@login_required
@GET_POST
def forum_create(request: HttpRequest) -> HttpResponse:
    return _forum_page(request, forum=None)


@login_required
@GET_POST
def forum_edit(request: HttpRequest, slug: str) -> HttpResponse:
    return _forum_page(request, forum=access.get_forum_for_coordinator(request.user, slug))


def _forum_page(request: HttpRequest, *, forum: Forum | None) -> HttpResponse:
    """The forum meeting's form: a new one (`forum` None) or the coordinator's forum's edit."""
    area_ids = access.coordinator_area_ids(request.user)
    form = ForumForm(request.POST or None, instance=forum, area_ids=area_ids)
    if forum is None and request.method == "GET" and len(area_ids) == 1:
        form.initial["welfare_area"] = next(iter(area_ids))
    if request.method == "POST" and form.is_valid():
        saved = services.forum_create(form=form) if forum is None else form.save()
        messages.success(request, _("The forum was saved."))
        return redirect("forums:forum", slug=saved.slug)
    title = _("New forum meeting") if forum is None else _("Edit forum meeting")
    return render(
        request, "forums/manage/form.html", {"form": form, "title": title, "forum": forum}
    )


@login_required
@GET_POST
def consultation_create(request: HttpRequest, slug: str) -> HttpResponse:
    forum = access.get_forum_for_coordinator(request.user, slug)
    return _consultation_page(request, forum=forum, consultation=None)


@login_required
@GET_POST
def consultation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = access.get_consultation_for_coordinator(request.user, pk)
    return _consultation_page(request, forum=consultation.forum, consultation=consultation)


def _consultation_page(
    request: HttpRequest, *, forum: Forum, consultation: Consultation | None
) -> HttpResponse:
    """The consultation's form: a new one in `forum` (then its sections next) or an edit."""
    form = ConsultationForm(request.POST or None, instance=consultation)
    if request.method == "POST" and form.is_valid():
        form.instance.forum = forum
        saved = form.save()
        if consultation is None:
            messages.success(request, _("The consultation was saved. Add its sections next."))
            return redirect("forums:sections", pk=saved.pk)
        messages.success(request, _("The consultation was saved."))
        return redirect("forums:consultation", pk=saved.pk)
    title = _("New consultation") if consultation is None else _("Edit consultation")
    return render(
        request,
        "forums/manage/form.html",
        {"form": form, "title": title, "forum": forum, "consultation": consultation},
    )


@login_required
@GET_POST
def sections(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = access.get_consultation_for_coordinator(request.user, pk)
    existing = list(consultation.sections.all())
    initial = {"order": (existing[-1].order + 1) if existing else 1}
    form = SectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        section = form.save(commit=False)
        section.consultation = consultation
        section.save()
        messages.success(request, _("The section was added."))
        return redirect("forums:sections", pk=consultation.pk)
    return render(
        request,
        "forums/manage/sections.html",
        {"consultation": consultation, "sections": existing, "form": form},
    )


@login_required
@GET_POST
def section_edit(request: HttpRequest, pk: int) -> HttpResponse:
    section = access.get_section_for_coordinator(request.user, pk)
    form = SectionForm(request.POST or None, instance=section)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The section was saved."))
        return redirect("forums:sections", pk=section.consultation_id)
    return render(
        request,
        "forums/manage/form.html",
        {
            "form": form,
            "title": _("Edit section"),
            "consultation": section.consultation,
            "forum": section.consultation.forum,
        },
    )


@login_required
@GET_POST
def offline_entry(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = access.get_consultation_for_coordinator(request.user, pk)
    form = OfflineCommentForm(request.POST or None, consultation=consultation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        comment = services.offline_comment_create(
            consultation=consultation,
            section=data["section"],
            entered_by=request.user,
            body=data["body"],
            channel=data["channel"],
            name=data["name"],
            show_name=data["show_name"],
            contact=data["contact"],
            email=data["email"],
            received_on=data["received_on"],
        )
        messages.success(request, _("The feedback was saved and is shown with the comments."))
        return redirect(_consultation_url(consultation, f"comment-{comment.pk}"))
    return render(
        request,
        "forums/manage/offline.html",
        {"consultation": consultation, "forum": consultation.forum, "form": form},
    )


@login_required
@require_safe
def moderation(request: HttpRequest, pk: int) -> HttpResponse:
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
    groups = {"pending": [], "reported": [], "hidden": []}
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
def moderate(request: HttpRequest, pk: int) -> HttpResponse:
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
def official_reply(request: HttpRequest, pk: int) -> HttpResponse:
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


@login_required
@GET_POST
def documents(request: HttpRequest, pk: int) -> HttpResponse:
    """The draft document's files: the list, and a form to add one (coordinators)."""
    consultation = access.get_consultation_for_coordinator(request.user, pk)
    form = DocumentForm(request.POST or None, request.FILES or None, consultation=consultation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        document = services.document_add(
            consultation=consultation,
            section=data["section"],
            title=data["title"],
            checked=data["file"],
            actor=request.user,
        )
        messages.success(request, _("The file was added."))
        if document.untagged_pdf:
            messages.warning(
                request,
                _(
                    "The PDF has no accessibility tags, so screen readers may not read it well. "
                    "If you can, save it again as a tagged PDF and replace this one."
                ),
            )
        return redirect("forums:documents", pk=consultation.pk)
    return render(
        request,
        "forums/manage/documents.html",
        {
            "consultation": consultation,
            "forum": consultation.forum,
            "documents": consultation.documents.select_related("section"),
            "form": form,
        },
        status=400 if form.is_bound else 200,
    )


@login_required
@require_POST
def document_delete(request: HttpRequest, pk: int) -> HttpResponse:
    document = access.get_document_for_coordinator(request.user, pk)
    consultation_pk = document.consultation_id
    services.document_delete(document=document, actor=request.user)
    messages.success(request, _("The file was removed."))
    return redirect("forums:documents", pk=consultation_pk)


@require_safe
def document(request: HttpRequest, pk: int) -> HttpResponse:
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


@login_required
@GET_POST
def close(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = access.get_consultation_for_coordinator(request.user, pk)
    existing_links = list(consultation.outcome_links.all())
    initial = {
        "summary_fi": consultation.summary_fi,
        "summary_sv": consultation.summary_sv,
        "summary_en": consultation.summary_en,
        "links": "\n".join(f"{link.title} | {link.url}" for link in existing_links if link.url),
        "decisions": [link.decision_id for link in existing_links if link.decision_id],
    }
    form = CloseForm(
        request.POST or None,
        initial=initial,
        decisions=published_decisions(consultation.forum.welfare_area_id),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        sent = services.consultation_close(
            consultation=consultation,
            actor=request.user,
            summary={code: data[f"summary_{code}"] for code in ("fi", "sv", "en")},
            links=data["links"],
            decisions=data["decisions"],
        )
        if sent:
            messages.success(
                request,
                _("The summary was published and %(count)s participants will be told.")
                % {"count": sent},
            )
        else:
            messages.success(request, _("The summary was saved."))
        return redirect("forums:consultation", pk=consultation.pk)
    return render(
        request,
        "forums/manage/close.html",
        {"consultation": consultation, "forum": consultation.forum, "form": form},
    )


# Export


def _export_rows(consultation: Consultation):
    header = [
        pgettext("comment number", "Number"),
        _("Section"),
        _("Reply to"),
        _("Time"),
        _("Status"),
        _("Received"),
        _("Shown as"),
        _("Entered by"),
        _("Comment"),
        _("I agree"),
        _("Reports"),
        _("Reason for hiding"),
        _("Received on"),
        _("Official reply"),
    ]
    comments = (
        Comment.objects.filter(consultation=consultation)
        .select_related("author", "section", "entered_by")
        .annotate(
            agree_count=Count("agreements", distinct=True),
            report_count=Count("reports", distinct=True),
        )
        .order_by("section__order", "section__pk", "created_at", "pk")
    )
    rows = []
    for comment in comments:
        rows.append(
            [
                comment.pk,
                comment.section.title,
                comment.parent_id or "",
                date_format(timezone.localtime(comment.created_at), "SHORT_DATETIME_FORMAT"),
                comment.get_status_display(),
                comment.get_channel_display(),
                _public_name(comment, moderator=False),
                str(comment.entered_by) if comment.entered_by else "",
                comment.body,
                comment.agree_count,
                comment.report_count,
                comment.hidden_reason,
                date_format(comment.received_on, "SHORT_DATE_FORMAT")
                if comment.received_on
                else "",
                comment.official_reply,
            ]
        )
    return header, rows


@login_required
@require_safe
def export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    consultation = access.get_consultation_for_coordinator(request.user, pk)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    header, rows = _export_rows(consultation)
    name = f"consultation-{consultation.pk}-comments"
    return table_download(header, rows, fmt=fmt, name=name, sheet_title=_("Comments"))
