"""The associations' writes of places and activities from the manage forms.

Each write is one transaction: the row, its relations and formsets, and then the core services
(meetingplaces.services.place_saved / activity_saved: occurrences and search) commit together
or not at all. Views call these after the forms are valid; nothing here reads a request.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from organisations.models import Organisation
from portal.lib.slugs import unique_slug as shared_unique_slug

from . import photos, services
from .models import Activity, MeetingPlace, PlacePhoto, PublishStatus

SLUG_MAX_LENGTH = 200
RESERVED_SLUGS = {"new"}


def unique_slug(model, name: str, *, exclude_pk: int | None = None, fallback: str) -> str:
    return shared_unique_slug(
        model,
        name,
        fallback=fallback,
        reserved=RESERVED_SLUGS,
        max_length=SLUG_MAX_LENGTH,
        exclude_pk=exclude_pk,
    )


@transaction.atomic
def place_save(*, form, formsets, user, organisation: Organisation | None = None) -> MeetingPlace:
    """Create (with `organisation`) or update a meeting place with its hours, exceptions and
    photos."""
    place = form.save(commit=False)
    if place.pk is None:
        place.slug = unique_slug(MeetingPlace, place.name_fi, fallback="place")
        place.created_by = user if user.is_authenticated else None
        area_id = organisation.welfare_area_id if organisation else None
        place.welfare_area_id = area_id or place.municipality.welfare_area_id
    place.save()
    form.save_m2m()
    if organisation is not None:
        place.organisations.add(organisation)
    for formset in formsets:
        formset.instance = place
        formset.save()
        if formset.model is PlacePhoto:
            for photo in formset.deleted_objects:
                photos.photo_files_delete_on_commit(photos.photo_files(photo))
    services.place_saved(place)
    return place


@transaction.atomic
def place_set_status(place: MeetingPlace, status: str) -> MeetingPlace:
    place.status = status
    place.save(update_fields=["status", "updated_at"])
    services.place_saved(place)
    return place


@transaction.atomic
def activity_save(
    *,
    form,
    schedule_form,
    user,
    organisation: Organisation,
    today: dt.date | None = None,
) -> Activity:
    """Create or update an activity and its schedule; its occurrences and search entry follow."""
    activity = form.save(commit=False)
    schedule_form.apply(activity)
    if activity.pk is None:
        activity.organisation = organisation
        activity.welfare_area_id = organisation.welfare_area_id
        activity.slug = unique_slug(Activity, activity.title_fi, fallback="activity")
        activity.created_by = user if user.is_authenticated else None
    activity.save()
    form.save_m2m()
    services.activity_saved(activity, today=today)
    return activity


@transaction.atomic
def activity_set_status(activity: Activity, status: str) -> Activity:
    activity.status = status
    activity.save(update_fields=["status", "updated_at"])
    services.activity_saved(activity)
    return activity


def activity_copy_initial(activity: Activity) -> dict:
    """The activity form's values for a copy: the same activity as a new draft, "(kopio)"."""
    names = [
        field.name
        for field in Activity._meta.concrete_fields
        if field.name
        not in {"id", "slug", "organisation", "welfare_area", "status", "created_at",
                "updated_at", "created_by"}
    ]  # fmt: skip
    initial = {name: getattr(activity, name) for name in names}
    initial["place"] = activity.place_id
    initial["municipality"] = activity.municipality_id
    initial["is_free"] = "1" if activity.is_free else "0"
    initial["target_groups"] = list(activity.target_groups.values_list("pk", flat=True))
    initial["themes"] = list(activity.themes.values_list("pk", flat=True))
    initial["status"] = PublishStatus.DRAFT
    for language in ("fi", "sv", "en"):
        title = getattr(activity, f"title_{language}")
        if title:
            initial[f"title_{language}"] = f"{title} ({copy_word(language)})"
    return initial


def copy_word(language: str) -> str:
    from django.utils import translation

    with translation.override(language):
        return _("copy")
