"""The only way the forum views get a forum, consultation or comment they must check rights for.

- Anyone reads published forums and their published consultations (open or closed).
- Signed-in people comment, reply, agree, report and sign up (views use login_required).
- The coordinators of the forum's welfare area (with TOTP, accounts.roles) and staff create and
  edit forums, consultations and sections, moderate, enter offline feedback, close and export.
  Unpublished forums and consultations are theirs alone (404 for everyone else).
- Named moderators of a consultation moderate it (queue, hide, restore, approve, official
  replies), with TOTP.
- A consultation's draft documents are read by whoever may read the consultation; its
  coordinators add and remove them.

A coordinator without TOTP has a resident's rights and is sent to set it up where only the role
would let them in (accounts.roles.refuse).
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts import roles
from accounts.mfa import has_mfa
from accounts.models import User
from accounts.roles import require_coordinator as require_coordinator

from .models import Comment, Consultation, Document, Forum, Section


def is_coordinator_of_forum(user: User | AnonymousUser, forum: Forum) -> bool:
    return roles.is_coordinator_of_area(user, forum.welfare_area_id)


def is_named_moderator(user: User | AnonymousUser, consultation: Consultation) -> bool:
    if not user.is_authenticated:
        return False
    cache = getattr(consultation, "_named_moderator_ids", None)
    if cache is None:
        cache = set(consultation.moderators.values_list("pk", flat=True))
        consultation._named_moderator_ids = cache
    return user.pk in cache


def can_moderate(user: User | AnonymousUser, consultation: Consultation) -> bool:
    if is_coordinator_of_forum(user, consultation.forum):
        return True
    return is_named_moderator(user, consultation) and has_mfa(user)


def visible_forums(user: User | AnonymousUser) -> QuerySet[Forum]:
    """Published forums, and the unpublished ones of the user's areas."""
    from django.db.models import Q

    areas = roles.coordinator_area_ids(user)
    return Forum.objects.filter(Q(is_published=True) | Q(welfare_area__in=areas))


# Forums


def get_forum_for_view(user: User | AnonymousUser, slug: str) -> Forum:
    forum = get_object_or_404(Forum, slug=slug)
    if not forum.is_published and not is_coordinator_of_forum(user, forum):
        raise Http404
    return forum


def get_forum_for_coordinator(user: User | AnonymousUser, slug: str) -> Forum:
    """403 for those who run no forums, 404 for another area's forum."""
    require_coordinator(user)
    forum = get_object_or_404(Forum, slug=slug)
    if not is_coordinator_of_forum(user, forum):
        raise Http404
    return forum


# Consultations


def _consultation(pk: int) -> Consultation:
    return get_object_or_404(Consultation.objects.select_related("forum__welfare_area"), pk=pk)


def can_view_consultation(user: User | AnonymousUser, consultation: Consultation) -> bool:
    if consultation.is_published and consultation.forum.is_published:
        return True
    return is_coordinator_of_forum(user, consultation.forum)


def get_consultation_for_view(user: User | AnonymousUser, pk: int) -> Consultation:
    consultation = _consultation(pk)
    if not can_view_consultation(user, consultation):
        raise Http404
    return consultation


def get_consultation_for_coordinator(user: User | AnonymousUser, pk: int) -> Consultation:
    require_coordinator(user)
    consultation = _consultation(pk)
    if not is_coordinator_of_forum(user, consultation.forum):
        raise Http404
    return consultation


def get_consultation_for_moderation(user: User | AnonymousUser, pk: int) -> Consultation:
    """The area's coordinators and the consultation's named moderators (both with TOTP)."""
    consultation = _consultation(pk)
    if can_moderate(user, consultation):
        return consultation
    if is_named_moderator(user, consultation) and not has_mfa(user):
        raise roles.TwoFactorRequired
    if not can_view_consultation(user, consultation):
        roles.refuse(user, otherwise=Http404(), area_id=consultation.welfare_area_id)
    roles.refuse(user, otherwise=PermissionDenied(), area_id=consultation.welfare_area_id)
    raise PermissionDenied  # pragma: no cover - refuse always raises


def get_section_for_coordinator(user: User | AnonymousUser, pk: int) -> Section:
    require_coordinator(user)
    section = get_object_or_404(Section.objects.select_related("consultation__forum"), pk=pk)
    if not is_coordinator_of_forum(user, section.consultation.forum):
        raise Http404
    return section


# Comments


def _comment(pk: int) -> Comment:
    return get_object_or_404(
        Comment.objects.select_related("consultation__forum", "section"), pk=pk
    )


def can_see_comment(user: User | AnonymousUser, comment: Comment) -> bool:
    """Hidden comments are shown as a notice in place; pending ones only to the author and
    moderators."""
    if comment.status != "pending":
        return True
    if user.is_authenticated and comment.author_id == user.pk:
        return True
    return can_moderate(user, comment.consultation)


def get_comment_for_reader(user: User | AnonymousUser, pk: int) -> Comment:
    """A comment a signed-in reader may agree with or report (shown, on a consultation they
    may see)."""
    comment = _comment(pk)
    if not can_view_consultation(user, comment.consultation) or not can_see_comment(user, comment):
        raise Http404
    return comment


def get_comment_for_moderation(user: User | AnonymousUser, pk: int) -> Comment:
    comment = _comment(pk)
    get_consultation_for_moderation(user, comment.consultation_id)
    return comment


# Draft documents


def _document(pk: int) -> Document:
    return get_object_or_404(Document.objects.select_related("consultation__forum"), pk=pk)


def get_document_for_view(user: User | AnonymousUser, pk: int) -> Document:
    """Whoever may read the consultation may read its draft document."""
    document = _document(pk)
    if not can_view_consultation(user, document.consultation):
        raise Http404
    return document


def get_document_for_coordinator(user: User | AnonymousUser, pk: int) -> Document:
    require_coordinator(user)
    document = _document(pk)
    if not is_coordinator_of_forum(user, document.consultation.forum):
        raise Http404
    return document
