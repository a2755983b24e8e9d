"""The open data API's own rows: tombstones of what left the public data.

A consumer that mirrors the data with `modified_since` needs to hear about removals as well as
changes. The lower apps know nothing of the API: api/signals.py follows their saves and deletes
and keeps one `Tombstone` per object that is not public any more (archived, back to draft,
merged into another, deleted). An object that becomes public again loses its tombstone and shows
up among the changed objects.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class Kind(models.TextChoices):
    ORGANISATION = "organisation", "organisation"
    PLACE = "place", "place"
    ACTIVITY = "activity", "activity"
    CONSULTATION = "consultation", "consultation"
    MEETING = "meeting", "meeting"


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
