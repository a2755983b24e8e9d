"""An organisation's members create, edit and submit its profile.

Every save is one transaction: the row, its many-to-many relations, the history entry and the
search fields are written together or not at all. Edits are checked against the version the
form was opened on (EditConflict), and changes to the reviewed fields of a published profile
wait in `pending_changes` for the welfare area's coordinator.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import User

from ..models import Membership, Organisation, Status
from ..validators import clean_name_changes
from .core import (
    REVIEWED_FIELDS,
    SNAPSHOT_M2M,
    organisation_bump_version,
    organisation_record_version,
    organisation_refresh_search,
    organisation_snapshot,
)

SLUG_MAX_LENGTH = 200
# Slugs that would collide with fixed URLs such as manage/organisations/new/.
RESERVED_SLUGS = {"new"}


@dataclass
class UpdateResult:
    organisation: Organisation
    # Reviewed fields whose new values wait for the coordinator.
    pending: list[str] = field(default_factory=list)


def reviewed_field_names() -> dict[str, str]:
    """REVIEWED_FIELDS (attribute names such as parent_id) → field names (parent)."""
    names = {f.attname: f.name for f in Organisation._meta.concrete_fields}
    return {attname: names[attname] for attname in REVIEWED_FIELDS}


def organisation_unique_slug(*, name: str, exclude_pk: int | None = None) -> str:
    base = slugify(name)[:SLUG_MAX_LENGTH].strip("-") or "organisation"
    others = Organisation.objects.filter(slug__startswith=base)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    taken = set(others.values_list("slug", flat=True)) | RESERVED_SLUGS
    slug, number = base, 2
    while slug in taken:
        slug = f"{base}-{number}"
        number += 1
    return slug


def _json_value(value: Any) -> Any:
    """A form value as JSON: a model instance as its id."""
    if isinstance(value, models.Model):
        return value.pk
    return value


def _assign(organisation: Organisation, changes: dict[str, Any], *, skip: set[str]) -> None:
    for name, value in changes.items():
        if name in SNAPSHOT_M2M or name in skip:
            continue
        if name == "logo":
            if value is False:  # "clear" ticked
                organisation.logo = ""
            elif value:
                organisation.logo = value
            continue
        setattr(organisation, name, value)


def _set_relations(organisation: Organisation, changes: dict[str, Any]) -> None:
    for name in SNAPSHOT_M2M:
        if name in changes:
            getattr(organisation, name).set(changes[name] or [])


@transaction.atomic
def organisation_create(
    *, user: User, changes: dict[str, Any], submit: bool = False
) -> Organisation:
    """A new draft (or, with submit, one awaiting review); its creator becomes its admin."""
    changes = clean_name_changes(changes)
    organisation = Organisation(created_by=user, status=Status.DRAFT)
    _assign(organisation, changes, skip=set())
    organisation.slug = organisation_unique_slug(name=organisation.name)
    if submit:
        organisation.status = Status.IN_REVIEW
        organisation.submitted_at = timezone.now()
    organisation.save()
    _set_relations(organisation, changes)
    Membership.objects.create(organisation=organisation, user=user, role=Membership.Role.ADMIN)
    organisation_refresh_search(organisation=organisation)
    organisation_record_version(organisation=organisation, user=user, action="created")
    if submit:
        organisation_record_version(organisation=organisation, user=user, action="submitted")
    return organisation


@transaction.atomic
def organisation_update(
    *,
    organisation: Organisation,
    user: User | None,
    changes: dict[str, Any],
    expected_version: int,
    submit: bool = False,
) -> UpdateResult:
    """Save a member's edit (no user: a data source's, through the write API); raise
    EditConflict if someone saved after the form was opened.

    On a published profile the reviewed fields go to `pending_changes`; the rest is published.
    """
    changes = clean_name_changes(changes)
    # Work on the saved row, locked, not on an instance a form may already have changed.
    current = Organisation.objects.select_for_update().get(pk=organisation.pk)
    organisation_bump_version(organisation=current, expected_version=expected_version)

    pending_names: list[str] = []
    skip: set[str] = set()
    if current.is_published:
        pending = dict(current.pending_changes or {})
        for attname, name in reviewed_field_names().items():
            if name not in changes:
                continue
            skip.add(name)
            new = _json_value(changes[name])
            if new != getattr(current, attname):
                pending[attname] = new
                pending_names.append(name)
            else:
                # Back to the published value: nothing left to review for this field.
                pending.pop(attname, None)
        current.pending_changes = pending or None

    _assign(current, changes, skip=skip)
    action = "edited"
    if submit:
        current.status = Status.IN_REVIEW
        current.submitted_at = timezone.now()
        current.review_message = ""
        action = "submitted"
    current.save()
    _set_relations(current, changes)
    organisation_refresh_search(organisation=current)
    note = ", ".join(pending_names)
    organisation_record_version(organisation=current, user=user, action=action, note=note)
    return UpdateResult(organisation=current, pending=pending_names)


def organisation_submit(
    *, organisation: Organisation, user: User, changes: dict[str, Any], expected_version: int
) -> UpdateResult:
    """Save the member's last changes and send the profile to the coordinator for review."""
    return organisation_update(
        organisation=organisation,
        user=user,
        changes=changes,
        expected_version=expected_version,
        submit=True,
    )


def organisation_conflicting_fields(
    *, organisation: Organisation, changes: dict[str, Any]
) -> list[str]:
    """Fields whose saved value now differs from what the person typed (after a conflict)."""
    saved = organisation_snapshot(Organisation.objects.get(pk=organisation.pk))
    names = []
    for name, value in changes.items():
        key = f"{name}_id" if f"{name}_id" in saved else name
        if key not in saved or name == "logo":
            continue
        typed: Any
        if name in SNAPSHOT_M2M:
            typed = sorted(obj.pk for obj in value or [])
        else:
            typed = _json_value(value)
        if typed != saved[key]:
            names.append(name)
    return names
