"""Writes to units and their side effects: the search entry, the hosting meeting place, the
consent's time. Views and the importer call these; nothing happens in save() or signals.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q
from django.forms import BaseInlineFormSet
from django.utils import timezone

from accounts.models import User
from meetingplaces.models import MeetingPlace, PlaceKind, PublishStatus
from meetingplaces.services import place_saved
from portal.lib.slugs import unique_slug

from .forms import UnitForm
from .models import Unit, UnitStatus
from .search import unit_refresh_search, units_refresh_search


def unit_unique_slug(*, name: str, exclude_pk: int | None = None) -> str:
    return unique_slug(Unit, name, fallback="unit", max_length=220, exclude_pk=exclude_pk)


def unit_consent_mark(*, unit: Unit, was_given: bool) -> None:
    """Keep `contact_consent_at` with the flag: the time it was given, none without it. Call
    before saving (the caller knows whether the stored row had consent)."""
    if unit.contact_consent and not was_given:
        unit.contact_consent_at = timezone.now()
    elif not unit.contact_consent:
        unit.contact_consent_at = None


# The unit's fields the hosting meeting place copies (same names on both models).
PLACE_FIELDS = (
    "welfare_area_id", "name_fi", "name_sv", "name_en", "street_address", "postcode",
    "municipality_id", "latitude", "longitude", "location_source", "email", "phone", "website",
    "open_on_public_holidays", "description_fi", "description_sv", "description_en",
)  # fmt: skip


def unit_place_sync(*, unit: Unit) -> MeetingPlace | None:
    """The meeting place of a unit that hosts association activities, created on first use and
    kept in step with the unit: published while the unit is active and hosts activities,
    archived otherwise (its activities' dates stay; pages no longer name the place). It is run
    by no organisation, so every association of the area may choose it for an activity
    (MeetingPlace.objects.usable_by) and only the area's coordinators may edit it."""
    place = unit.place
    wanted = unit.hosts_activities and unit.status == UnitStatus.ACTIVE
    if place is None and not wanted:
        return None
    if place is None:
        place = MeetingPlace(
            kind=PlaceKind.OTHER,
            slug=unique_slug(MeetingPlace, unit.name_fi, fallback="unit", max_length=220),
            has_professionals=True,
            created_by=unit.created_by,
        )
    for name in PLACE_FIELDS:
        setattr(place, name, getattr(unit, name))
    place.status = PublishStatus.PUBLISHED if wanted else PublishStatus.ARCHIVED
    place.save()
    if unit.place_id != place.pk:
        unit.place = place
        Unit.objects.filter(pk=unit.pk).update(place=place)
    place_saved(place)
    return place


@transaction.atomic
def unit_saved(*, unit: Unit) -> None:
    """After a unit (and its hours) was saved: its meeting place and its search entry."""
    unit_place_sync(unit=unit)
    unit_refresh_search(unit)


@transaction.atomic
def unit_save(*, form: UnitForm, formsets: Iterable[BaseInlineFormSet], user: User) -> Unit:
    """Save the coordinator's form and the hours formsets (all valid) in one transaction."""
    unit: Unit = form.save(commit=False)
    was_given = (
        bool(Unit.objects.filter(pk=unit.pk, contact_consent=True).exists()) if unit.pk else False
    )
    if not unit.pk:
        unit.created_by = user
        unit.slug = unit_unique_slug(name=unit.name_fi)
    unit_consent_mark(unit=unit, was_given=was_given)
    unit.save()
    for formset in formsets:
        formset.instance = unit
        formset.save()
    unit_saved(unit=unit)
    return unit


@transaction.atomic
def unit_archive(*, unit: Unit) -> None:
    unit.status = UnitStatus.ARCHIVED
    unit.save(update_fields=["status", "updated_at"])
    unit_saved(unit=unit)


@transaction.atomic
def unit_unarchive(*, unit: Unit) -> None:
    unit.status = UnitStatus.ACTIVE
    unit.save(update_fields=["status", "updated_at"])
    unit_saved(unit=unit)


def units_saved(*, unit_ids: list[int]) -> None:
    """After a bulk write (the import, the demo): the places and the search entries."""
    hosting = Q(hosts_activities=True) | Q(place__isnull=False)  # new, or to archive or update
    for unit in Unit.objects.filter(hosting, pk__in=unit_ids).select_related("place"):
        unit_place_sync(unit=unit)
    units_refresh_search(unit_ids)
