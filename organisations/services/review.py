"""A coordinator's curation: review outcomes, direct edits, archiving and the change history.

Every write locks the organisation's row, claims the next version (so a member's open form
notices the change), records a history entry and, for review outcomes, e-mails the
organisation's admins after the transaction commits.

The history helpers (`organisation_history`, `organisation_restore_version`) take no user
rights into account: the caller decides who may see or restore an organisation's history.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Field
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from areas.models import Municipality, WelfareArea
from notifications.services import email_language, email_queue
from portal.lib.fields import field_label

from ..models import Membership, Network, Organisation, OrganisationVersion, Status, Term
from ..validators import format_phone
from .core import (
    SNAPSHOT_FIELDS,
    SNAPSHOT_M2M,
    organisation_record_version,
    organisation_refresh_search,
    snapshot_diff,
)

logger = logging.getLogger(__name__)


class ReviewError(Exception):
    """The action cannot be done in the organisation's current state; str() is translated."""


# E-mail to the organisation's admins


def _absolute_reverse(name: str, **kwargs: Any) -> str:
    """An absolute URL, or "" while the page it points to does not exist yet."""
    try:
        return f"{settings.SITE_URL}{reverse(name, kwargs=kwargs)}"
    except NoReverseMatch:
        return ""


def _email_admins(organisation: Organisation, outcome: str, message: str) -> int:
    """Queue the outcome of a review to each admin, in their own language; return how many.

    Called inside the review's transaction: the e-mails go out when it commits.
    """
    admins = (
        Membership.objects.filter(organisation=organisation, role=Membership.Role.ADMIN)
        .select_related("user")
        .order_by("user__email")
    )
    count = 0
    for membership in admins:
        language = email_language(user=membership.user)
        with translation.override(language):
            context = {
                "organisation_name": organisation.public_name,
                "message": message,
                "edit_url": _absolute_reverse("manage:edit", slug=organisation.slug),
                "public_url": _absolute_reverse("organisations:detail", slug=organisation.slug),
            }
        email_queue(
            to=membership.user.email,
            template=f"organisations/email/review_{outcome}",
            context=context,
            language=language,
        )
        count += 1
    if not count:
        logger.info("Organisation %s has no admins to tell about the review", organisation.pk)
    return count


def _locked(organisation: Organisation) -> Organisation:
    """The saved row, locked, with its version claimed (open forms now see a conflict)."""
    current = Organisation.objects.select_for_update().get(pk=organisation.pk)
    Organisation.objects.filter(pk=current.pk).update(version=F("version") + 1)
    current.version += 1
    return current


# Review outcomes


@transaction.atomic
def organisation_approve(*, organisation: Organisation, user: User) -> Organisation:
    """Publish an organisation awaiting review, or accept its pending changes."""
    from .core import organisation_apply_pending_changes

    current = _locked(organisation)
    if current.status != Status.IN_REVIEW and not current.pending_changes:
        raise ReviewError(_("This organisation is not waiting for a review."))
    now = timezone.now()
    if current.pending_changes:
        try:
            organisation_apply_pending_changes(organisation=current, user=user)
        except ValidationError as error:
            raise ReviewError(
                _("The proposed changes cannot be published: %(errors)s")
                % {"errors": " ".join(error.messages)}
            ) from error
    if current.status == Status.IN_REVIEW:
        current.status = Status.PUBLISHED
        current.review_message = ""
        current.last_reviewed_at = now
        current.save(update_fields=["status", "review_message", "last_reviewed_at", "updated_at"])
        organisation_refresh_search(organisation=current)
        organisation_record_version(organisation=current, user=user, action="approved")
    else:
        current.last_reviewed_at = now
        current.save(update_fields=["last_reviewed_at", "updated_at"])
    _email_admins(current, "approved", "")
    return current


@transaction.atomic
def organisation_request_changes(
    *, organisation: Organisation, user: User, message: str
) -> Organisation:
    """Send a submitted profile back to draft, or discard pending changes, with a message."""
    message = message.strip()
    if not message:
        raise ReviewError(_("Write what the organisation should change."))
    current = _locked(organisation)
    if current.status == Status.IN_REVIEW:
        current.status = Status.DRAFT
    elif not current.pending_changes:
        raise ReviewError(_("This organisation is not waiting for a review."))
    current.pending_changes = None
    current.review_message = message
    current.last_reviewed_at = timezone.now()
    current.save()
    organisation_record_version(
        organisation=current, user=user, action="changes_requested", note=message
    )
    _email_admins(current, "changes_requested", message)
    return current


@transaction.atomic
def organisation_reject(*, organisation: Organisation, user: User, reason: str) -> Organisation:
    """Archive an organisation whose profile will not be published, with the reason."""
    reason = reason.strip()
    if not reason:
        raise ReviewError(_("Write the reason for rejecting."))
    current = _locked(organisation)
    if current.status != Status.IN_REVIEW and not current.pending_changes:
        raise ReviewError(_("This organisation is not waiting for a review."))
    current.status = Status.ARCHIVED
    current.archive_reason = reason
    current.review_message = reason
    current.pending_changes = None
    current.last_reviewed_at = timezone.now()
    current.save()
    organisation_refresh_search(organisation=current)  # off the directory
    organisation_record_version(organisation=current, user=user, action="rejected", note=reason)
    _email_admins(current, "rejected", reason)
    return current


# Archiving


@transaction.atomic
def organisation_archive(*, organisation: Organisation, user: User, reason: str) -> Organisation:
    reason = reason.strip()
    if not reason:
        raise ReviewError(_("Write the reason for archiving."))
    current = _locked(organisation)
    current.status = Status.ARCHIVED
    current.archive_reason = reason
    current.save()
    organisation_refresh_search(organisation=current)  # off the directory
    organisation_record_version(organisation=current, user=user, action="archived", note=reason)
    return current


@transaction.atomic
def organisation_unarchive(*, organisation: Organisation, user: User) -> Organisation:
    current = _locked(organisation)
    if current.status != Status.ARCHIVED:
        raise ReviewError(_("This organisation is not archived."))
    if current.merged_into_id is not None:
        raise ReviewError(_("A merged organisation cannot be brought back."))
    current.status = Status.PUBLISHED
    current.archive_reason = ""
    current.save()
    organisation_refresh_search(organisation=current)  # back in the directory
    organisation_record_version(organisation=current, user=user, action="unarchived")
    return current


# A coordinator's direct edit


def _plain_value(value: Any) -> Any:
    return value.pk if isinstance(value, models.Model) else value


@transaction.atomic
def organisation_coordinator_update(
    *, organisation: Organisation, user: User, changes: dict[str, Any], expected_version: int
) -> Organisation:
    """A coordinator's edit is published at once; raise EditConflict on a stale form.

    Every field is written directly, reviewed ones included; what waited for a review is
    superseded by the coordinator's values.
    """
    from ..validators import clean_name_changes
    from .core import organisation_bump_version

    changes = clean_name_changes(changes)
    current = Organisation.objects.select_for_update().get(pk=organisation.pk)
    organisation_bump_version(organisation=current, expected_version=expected_version)
    for name, value in changes.items():
        if name in SNAPSHOT_M2M:
            continue
        if name == "logo":
            if value is False:
                current.logo = ""
            elif value:
                current.logo = value
            continue
        setattr(current, name, value)
    current.pending_changes = None
    current.last_reviewed_at = timezone.now()
    current.save()
    for name in SNAPSHOT_M2M:
        if name in changes:
            getattr(current, name).set(changes[name] or [])
    organisation_refresh_search(organisation=current)
    organisation_record_version(organisation=current, user=user, action="edited_by_coordinator")
    return current


# History


@dataclass
class FieldChange:
    name: str
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    version: OrganisationVersion
    changes: list[FieldChange] = field(default_factory=list)

    @property
    def action_label(self) -> str:
        return action_label(self.version.action)


def action_label(action: str) -> str:
    labels = {
        "created": _("Created"),
        "submitted": _("Submitted for review"),
        "edited": _("Edited"),
        "edited_by_coordinator": _("Edited by a coordinator"),
        "approved": _("Approved"),
        "changes_approved": _("Changes approved"),
        "changes_requested": _("Changes requested"),
        "rejected": _("Rejected"),
        "archived": _("Archived"),
        "unarchived": _("Brought back from the archive"),
        "restored": _("Earlier version restored"),
        "imported": _("Imported"),
        "merged": _("Merged"),
        "merged_into": _("Merged into another organisation"),
        "confirmed": _("Confirmed as up to date"),
    }
    return str(labels.get(action, action))


def _field_label(name: str) -> str:
    return field_label(Organisation, name)


class _Names:
    """Resolves the ids and codes of snapshots to names, with one query per related model."""

    MODELS: dict[str, type[models.Model]] = {
        "municipalities": Municipality,
        "target_groups": Term,
        "themes": Term,
        "networks": Network,
        "parent_id": Organisation,
        "welfare_area_id": WelfareArea,
    }

    def __init__(self, snapshots: list[dict]) -> None:
        wanted: dict[type[models.Model], set[int]] = {}
        for snapshot in snapshots:
            for name, model in self.MODELS.items():
                value = snapshot.get(name)
                ids = value if isinstance(value, list) else [value]
                wanted.setdefault(model, set()).update(i for i in ids if isinstance(i, int))
        self.names: dict[type[models.Model], dict[int, str]] = {
            model: {obj.pk: str(obj) for obj in model._default_manager.filter(pk__in=ids)}
            for model, ids in wanted.items()
            if ids
        }

    def display(self, name: str, value: Any) -> str:
        if value is None or value == "" or value == []:
            return "–"
        model = self.MODELS.get(name)
        if model is not None:
            names = self.names.get(model, {})
            ids = value if isinstance(value, list) else [value]
            return ", ".join(names.get(i, f"#{i}") for i in ids)
        if name == "phone":
            return format_phone(value)
        model_field = Organisation._meta.get_field(name)
        if isinstance(model_field, ArrayField):  # the choices of a list are its items'
            model_field = model_field.base_field
        choices = dict(model_field.choices or []) if isinstance(model_field, Field) else {}
        if isinstance(value, bool):
            return str(_("Yes") if value else _("No"))
        if isinstance(value, list):
            return ", ".join(str(choices.get(v, v)) for v in value)
        return str(choices.get(value, value))


def snapshot_changes(
    *, old: dict | None, new: dict, names: _Names | None = None
) -> list[FieldChange]:
    """The differences between two snapshots, with field labels and names for ids."""
    names = names or _Names([s for s in (old, new) if s])
    return [
        FieldChange(
            name=name,
            label=_field_label(name),
            old=names.display(name, old_value),
            new=names.display(name, new_value),
        )
        for name, old_value, new_value in snapshot_diff(old, new)
        if name in SNAPSHOT_FIELDS or name in SNAPSHOT_M2M or name == "logo"
    ]


def organisation_history(*, organisation: Organisation) -> list[HistoryEntry]:
    """The history, newest first, each entry as a diff against the one before it."""
    versions = list(
        OrganisationVersion.objects.filter(organisation=organisation)
        .select_related("changed_by")
        .order_by("changed_at", "id")
    )
    names = _Names([v.snapshot for v in versions])
    entries = []
    previous: dict | None = None
    for version in versions:
        entries.append(
            HistoryEntry(
                version=version,
                changes=snapshot_changes(old=previous, new=version.snapshot, names=names),
            )
        )
        previous = version.snapshot
    entries.reverse()
    return entries


def pending_changes_diff(*, organisation: Organisation) -> list[FieldChange]:
    """The current → proposed values of an organisation's changes awaiting review."""
    pending = organisation.pending_changes or {}
    current = {name: getattr(organisation, name) for name in pending}
    return snapshot_changes(old=current, new=pending)


# Fields a restore does not touch: the workflow state and the area the record belongs to.
NOT_RESTORED = {"status", "archive_reason", "welfare_area_id"}


@transaction.atomic
def organisation_restore_version(
    *, organisation: Organisation, version: OrganisationVersion, user: User
) -> Organisation:
    """Bring back the content of an earlier snapshot (plain fields and relations).

    The status, archive reason and welfare area stay as they are now.
    """
    if version.organisation_id != organisation.pk:
        raise ReviewError(_("This version belongs to another organisation."))
    snapshot = version.snapshot
    current = _locked(organisation)
    for name in SNAPSHOT_FIELDS:
        if name in snapshot and name not in NOT_RESTORED:
            setattr(current, name, snapshot[name])
    if "logo" in snapshot:
        current.logo = snapshot["logo"]
    for identifier in ("business_id", "register_number"):
        value = getattr(current, identifier)
        if (
            value
            and Organisation.objects.filter(**{identifier: value}).exclude(pk=current.pk).exists()
        ):
            raise ReviewError(
                _("Another organisation now has the %(field)s %(value)s; it cannot be restored.")
                % {"field": _field_label(identifier), "value": value}
            )
    current.pending_changes = None
    current.save()
    for name in SNAPSHOT_M2M:
        if name in snapshot:
            # Terms, municipalities or networks deleted since then are left out.
            related = Organisation._meta.get_field(name).related_model
            assert isinstance(related, type)  # a many-to-many field: always a model class
            getattr(current, name).set(related._default_manager.filter(pk__in=snapshot[name]))
    organisation_refresh_search(organisation=current)
    organisation_record_version(
        organisation=current,
        user=user,
        action="restored",
        note=_("Restored the version of %(date)s")
        % {"date": date_format(timezone.localtime(version.changed_at), "SHORT_DATETIME_FORMAT")},
    )
    return current
