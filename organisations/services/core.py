"""History (snapshots, diffs, restore) of an organisation, and keeping its search entry current
(what the entry indexes is organisations/search_entry.py's)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F

from accounts.models import User

from ..extensions import SEARCH_FOLLOWERS
from ..models import Organisation, OrganisationVersion

# Plain fields kept in history snapshots and restorable; many-to-many fields follow.
SNAPSHOT_FIELDS = [
    "name", "display_name", "kind", "business_id", "register_number", "parent_id",
    "is_national", "welfare_area_id", "categories", "roles", "languages", "other_languages",
    "produces_services", "service_kinds", "staffing", "street_address", "postcode",
    "latitude", "longitude", "email", "phone", "website",
    "social_links", "description_fi", "description_sv", "description_en", "summary_fi",
    "summary_sv", "summary_en", "status", "archive_reason",
]  # fmt: skip
SNAPSHOT_M2M = ["municipalities", "target_groups", "themes", "networks"]


def organisation_snapshot(organisation: Organisation) -> dict:
    data = {field: getattr(organisation, field) for field in SNAPSHOT_FIELDS}
    for field in SNAPSHOT_M2M:
        data[field] = sorted(getattr(organisation, field).values_list("pk", flat=True))
    data["logo"] = organisation.logo.name or ""
    return data


def organisation_record_version(
    *, organisation: Organisation, user: User | None, action: str, note: str = ""
) -> OrganisationVersion:
    return OrganisationVersion.objects.create(
        organisation=organisation,
        changed_by=user if user is not None and user.is_authenticated else None,
        action=action,
        note=note,
        snapshot=organisation_snapshot(organisation),
    )


def snapshot_diff(old: dict | None, new: dict) -> list[tuple[str, object, object]]:
    """(field, old value, new value) for every field that differs."""
    old = old or {}
    return [
        (field, old.get(field), value) for field, value in new.items() if old.get(field) != value
    ]


def organisation_refresh_search(*, organisation: Organisation) -> None:
    """Bring the directory's search entry up to date after the organisation or its relations
    changed (added, changed or removed with the organisation's status)."""
    from ..search_entry import organisation_search_entry_refresh

    organisation_search_entry_refresh(organisation=organisation)
    # Its activities are public only while it is (and their entries name it): meetingplaces.
    for follow in SEARCH_FOLLOWERS:
        follow(organisation)


class EditConflict(Exception):
    """Someone else saved the organisation after this form was opened."""


@transaction.atomic
def organisation_bump_version(*, organisation: Organisation, expected_version: int) -> None:
    """Claim the next version; raise EditConflict when the form was based on an older one."""
    updated = Organisation.objects.filter(pk=organisation.pk, version=expected_version).update(
        version=F("version") + 1
    )
    if not updated:
        raise EditConflict
    organisation.version = expected_version + 1


# Changes to these fields of a published organisation wait for a coordinator's review; the
# rest (texts, contact details, languages, target groups, ...) are published at once.
REVIEWED_FIELDS = [
    "name", "kind", "business_id", "register_number", "parent_id", "is_national",
    "welfare_area_id", "produces_services", "service_kinds",
]  # fmt: skip


@transaction.atomic
def organisation_apply_pending_changes(*, organisation: Organisation, user: User) -> None:
    """A coordinator accepts the reviewed changes a member made to a published profile."""
    changes = organisation.pending_changes or {}
    for field, value in changes.items():
        if field in REVIEWED_FIELDS:
            setattr(organisation, field, value)
    organisation.pending_changes = None
    organisation.full_clean(exclude=["slug"])
    organisation.save()
    organisation_refresh_search(organisation=organisation)
    organisation_record_version(organisation=organisation, user=user, action="changes_approved")
