"""The coordinators' pages: forums, consultations, sections, offline feedback, documents
and closing."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts.http import AuthenticatedHttpRequest
from bodies.decisions import published_decisions

from .. import access, services
from ..forms import (
    CloseForm,
    ConsultationForm,
    DocumentForm,
    ForumForm,
    OfflineCommentForm,
    SectionForm,
)
from ..models import CommentStatus, Consultation, Forum
from .common import GET_POST, _consultation_url


@login_required
@require_safe
def manage(request: AuthenticatedHttpRequest) -> HttpResponse:
    area_ids = access.require_coordinator(request.user)
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
def forum_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _forum_page(request, forum=None)


@login_required
@GET_POST
def forum_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    return _forum_page(request, forum=access.get_forum_for_coordinator(request.user, slug))


def _forum_page(request: AuthenticatedHttpRequest, *, forum: Forum | None) -> HttpResponse:
    """The forum meeting's form: a new one (`forum` None) or the coordinator's forum's edit."""
    area_ids = access.require_coordinator(request.user)
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
def consultation_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    forum = access.get_forum_for_coordinator(request.user, slug)
    return _consultation_page(request, forum=forum, consultation=None)


@login_required
@GET_POST
def consultation_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    consultation = access.get_consultation_for_coordinator(request.user, pk)
    return _consultation_page(request, forum=consultation.forum, consultation=consultation)


def _consultation_page(
    request: AuthenticatedHttpRequest, *, forum: Forum, consultation: Consultation | None
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
def sections(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
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
def section_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
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
def offline_entry(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
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
@GET_POST
def documents(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
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
def document_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    document = access.get_document_for_coordinator(request.user, pk)
    consultation_pk = document.consultation_id
    services.document_delete(document=document, actor=request.user)
    messages.success(request, _("The file was removed."))
    return redirect("forums:documents", pk=consultation_pk)


@login_required
@GET_POST
def close(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
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
