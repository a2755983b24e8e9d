"""Who records attendance and reads reports: those who edit the activity, the place or the
organisation (its members, the area's coordinator, staff): meetingplaces' and organisations'
own getters, so the rules are the same as for editing."""

from __future__ import annotations

from django.http import Http404

from accounts.models import User
from meetingplaces import access as places_access
from meetingplaces.models import Occurrence
from organisations import access as organisation_access

get_activity = places_access.get_activity_for_edit
get_place = places_access.get_place_for_edit
get_organisation = organisation_access.get_organisation_for_edit


def get_occurrence(user: User, activity_slug: str, pk: int) -> Occurrence:
    occurrence = places_access.get_occurrence_for_edit(user, activity_slug, pk)
    if occurrence.activity.place_id:
        occurrence.activity.place  # noqa: B018 (loaded once for the municipality)
    return occurrence


def require(condition: bool) -> None:
    if not condition:
        raise Http404
