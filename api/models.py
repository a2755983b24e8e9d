"""The open data API's own rows: tombstones of what left the public data.

A consumer that mirrors the data with `modified_since` needs to hear about removals as well as
changes. The lower apps know nothing of the API: api/signals.py follows their saves and deletes
and keeps one `Tombstone` per object that is not public any more (archived, back to draft,
merged into another, deleted). An object that becomes public again loses its tombstone and shows
up among the changed objects.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    ORGANISATION = "organisation", "organisation"
    PLACE = "place", "place"
    ACTIVITY = "activity", "activity"
    CONSULTATION = "consultation", "consultation"
    MEETING = "meeting", "meeting"
    UNIT = "unit", "unit"


class Reason(models.TextChoices):
    ARCHIVED = "archived", "archived"
    UNPUBLISHED = "unpublished", "unpublished"
    MERGED = "merged", "merged"
    DELETED = "deleted", "deleted"
    ORGANISATION_REMOVED = "organisation_removed", "organisation_removed"


class Tombstone(models.Model):
    kind = models.CharField(max_length=20, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField()
    welfare_area_id = models.PositiveIntegerField(null=True, blank=True)
    removed_at = models.DateTimeField(default=timezone.now)
    reason = models.CharField(max_length=24, choices=Reason.choices)
    # A merged organisation: the one it lives on as.
    replaced_by_id = models.PositiveBigIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="one_tombstone_per_object")
        ]
        indexes = [
            # modified_since of one kind: the tombstones since a time.
            models.Index(fields=["kind", "removed_at"], name="tombstone_kind_time"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} {self.reason}"


# The write API: data sources, their keys, the organisations' grants, the objects they keep by
# their own ids, and the log of every write.


class DataSource(models.Model):
    """A system that writes associations' data here (a regional association service, an
    association's own website), set up by a coordinator of its welfare area."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("identifier in addresses"), max_length=60, unique=True)
    contact = models.CharField(
        _("contact"), max_length=200, help_text=_("Who runs the system: a name and an e-mail.")
    )
    welfare_area = models.ForeignKey(
        "areas.WelfareArea",
        verbose_name=_("welfare area"),
        on_delete=models.PROTECT,
        related_name="data_sources",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ApiKey(models.Model):
    """A data source's key. The secret is shown once; only its salted SHA-256 is kept, with a
    short public prefix to find the row (the secret is 32 random bytes: a slow hash adds
    nothing but time to every request)."""

    source = models.ForeignKey(DataSource, on_delete=models.CASCADE, related_name="keys")
    prefix = models.CharField(max_length=16, unique=True)
    salt = models.CharField(max_length=32)
    digest = models.CharField(max_length=64)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.source_id}:{self.prefix}"

    def is_active(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)


class SourceGrant(models.Model):
    """An organisation's admin lets a data source write the organisation's data."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="source_grants"
    )
    source = models.ForeignKey(DataSource, on_delete=models.CASCADE, related_name="grants")
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    granted_at = models.DateTimeField(default=timezone.now)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "source"],
                condition=models.Q(revoked_at__isnull=True),
                name="one_active_grant_per_source",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} → {self.source_id}"


class SourceObject(models.Model):
    """An activity a data source keeps by its own id: a repeated PUT finds it again."""

    source = models.ForeignKey(DataSource, on_delete=models.CASCADE, related_name="source_objects")
    external_id = models.CharField(max_length=200)
    activity = models.ForeignKey(
        "meetingplaces.Activity", on_delete=models.CASCADE, related_name="source_ids"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "external_id"], name="one_object_per_id")
        ]

    def __str__(self) -> str:
        return f"{self.source_id}:{self.external_id}"


class Outcome(models.TextChoices):
    CREATED = "created", _("created")
    UPDATED = "updated", _("updated")
    PENDING = "pending", _("waits for review")
    ARCHIVED = "archived", _("archived")
    INVALID = "invalid", _("not valid")
    REFUSED = "refused", _("refused")
    NOT_FOUND = "not_found", _("not found")
    REPLAYED = "replayed", _("answered again (Idempotency-Key)")


class WriteLog(models.Model):
    """Every write a data source made or tried, with its key; the answer is kept for an
    `Idempotency-Key` to replay."""

    source = models.ForeignKey(
        DataSource, on_delete=models.CASCADE, related_name="writes", null=True, blank=True
    )
    key = models.ForeignKey(
        ApiKey, on_delete=models.SET_NULL, related_name="writes", null=True, blank=True
    )
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=500)
    kind = models.CharField(max_length=20, blank=True)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    external_id = models.CharField(max_length=200, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    status = models.PositiveSmallIntegerField()
    idempotency_key = models.CharField(max_length=200, blank=True)
    answer = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="one_answer_per_idempotency_key",
            )
        ]
        indexes = [models.Index(fields=["source", "-created_at"], name="writelog_source_time")]

    def __str__(self) -> str:
        return f"{self.method} {self.path} {self.status}"
