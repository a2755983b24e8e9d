"""The only way views get a meeting place, an activity or an occurrence they must check rights for.

The rules follow the registry's (organisations/access.py): anyone sees published places and
activities of published organisations; members of an organisation (editor, admin) edit its
activities and the places it runs; the coordinator of the area (with TOTP) and staff edit
everything of their area. A draft or archived place or activity is 404 to everyone else.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts import roles
from accounts.models import User
from organisations.models import Membership, Organisation

from .models import Activity, MeetingPlace, Occurrence


def member_organisation_ids(user: User | AnonymousUser) -> set[int]:
    if not user.is_authenticated:
        return set()
    return set(Membership.objects.filter(user=user).values_list("organisation_id", flat=True))


def can_edit_activity(user: User | AnonymousUser, activity: Activity) -> bool:
    return activity.organisation_id in member_organisation_ids(user) or (
        roles.is_coordinator_of_area(user, activity.welfare_area_id)
    )


def can_edit_place(user: User | AnonymousUser, place: MeetingPlace) -> bool:
    organisation_ids = set(place.organisations.values_list("pk", flat=True))
    return bool(organisation_ids & member_organisation_ids(user)) or (
        roles.is_coordinator_of_area(user, place.welfare_area_id)
    )


def can_edit_for_organisation(user: User | AnonymousUser, organisation: Organisation) -> bool:
    """May add places and activities for this organisation."""
    return organisation.pk in member_organisation_ids(user) or roles.is_coordinator_of_area(
        user, organisation.welfare_area_id
    )


def _refuse(user: User | AnonymousUser, area_id: int, otherwise: Exception) -> None:
    roles.refuse(user, otherwise=otherwise, area_id=area_id)


def get_place_for_view(
    user: User | AnonymousUser, slug: str, *, queryset: QuerySet[MeetingPlace] | None = None
) -> MeetingPlace:
    places = queryset if queryset is not None else MeetingPlace.objects.all()
    place = get_object_or_404(places, slug=slug)
    if not place.is_published and not can_edit_place(user, place):
        raise Http404
    return place


def get_place_for_edit(user: User, slug: str) -> MeetingPlace:
    place = get_object_or_404(MeetingPlace, slug=slug)
    if not can_edit_place(user, place):
        _refuse(
            user,
            place.welfare_area_id,
            Http404() if not place.is_published else (PermissionDenied()),
        )
    return place


def get_activity_for_view(
    user: User | AnonymousUser, slug: str, *, queryset: QuerySet[Activity] | None = None
) -> Activity:
    activities = queryset if queryset is not None else Activity.objects.all()
    activity = get_object_or_404(activities.select_related("organisation"), slug=slug)
    public = activity.is_published and activity.organisation.is_published
    if not public and not can_edit_activity(user, activity):
        raise Http404
    return activity


def get_activity_for_edit(user: User, slug: str) -> Activity:
    activity = get_object_or_404(Activity.objects.select_related("organisation"), slug=slug)
    if not can_edit_activity(user, activity):
        public = activity.is_published and activity.organisation.is_published
        _refuse(user, activity.welfare_area_id, PermissionDenied() if public else Http404())
    return activity


def get_occurrence_for_view(user: User | AnonymousUser, activity_slug: str, pk: int) -> Occurrence:
    activity = get_activity_for_view(user, activity_slug)
    occurrence = get_object_or_404(Occurrence, activity=activity, pk=pk)
    occurrence.activity = activity
    return occurrence


def get_occurrence_for_edit(user: User, activity_slug: str, pk: int) -> Occurrence:
    activity = get_activity_for_edit(user, activity_slug)
    occurrence = get_object_or_404(Occurrence, activity=activity, pk=pk)
    occurrence.activity = activity
    return occurrence
