"""The only way sign-up views get an occurrence, an activity or a sign-up.

- Signing up: anyone who may see the activity (meetingplaces.access), for an activity that asks
  for sign-ups; 404 otherwise. By the activity's slug and the occurrence, or by the occurrence
  only (the address of a sensitive group's sign-up page: no group name in it).
- Organisers' pages: whoever may edit the activity (its organisation's members, the area's
  coordinator with TOTP, staff); names of those who agreed to show them only to the
  organisation's members — and for a sensitive group only to them at all.
- A person's own sign-up: by its signed link (no login), or their account's.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.models import User
from meetingplaces.access import (
    get_activity_for_edit,
    get_occurrence_for_edit,
    get_occurrence_for_view,
    member_organisation_ids,
)
from meetingplaces.models import Activity, Occurrence

from .models import Signup
from .tokens import signup_from_link


def get_occurrence_for_signup(user: User | AnonymousUser, slug: str, pk: int) -> Occurrence:
    occurrence = get_occurrence_for_view(user, slug, pk)
    if not occurrence.activity.signup_required:
        raise Http404
    return occurrence


def get_occurrence_for_signup_by_pk(user: User | AnonymousUser, pk: int) -> Occurrence:
    """The same rights as by the activity's slug; the address carries the occurrence only."""
    slug = Occurrence.objects.filter(pk=pk).values_list("activity__slug", flat=True).first()
    if slug is None:
        raise Http404
    return get_occurrence_for_signup(user, slug, pk)


def get_occurrence_for_organiser(user: User, slug: str, pk: int) -> Occurrence:
    return get_occurrence_for_edit(user, slug, pk)


def get_activity_for_organiser(user: User, slug: str) -> Activity:
    return get_activity_for_edit(user, slug)


def may_see_names(user: User | AnonymousUser, activity: Activity) -> bool:
    return activity.organisation_id in member_organisation_ids(user)


def get_signup_by_link(token: str) -> Signup:
    signup = signup_from_link(token)
    if signup is None or signup.erased_at is not None:
        raise Http404
    return signup


def get_own_signup(user: User | AnonymousUser, pk: int) -> Signup:
    if not user.is_authenticated:
        raise Http404
    return get_object_or_404(
        Signup.objects.select_related("occurrence", "activity"),
        pk=pk,
        user=user,
        erased_at__isnull=True,
    )
