"""Tombstones kept from the lower apps' own signals (post_save, post_delete): they never import
the API. See api/models.py."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from bodies.models import Meeting
from forums.models import Consultation
from meetingplaces.models import Activity, MeetingPlace, PublishStatus
from organisations.models import Organisation
from units.models import Unit, UnitStatus

from .models import Kind, Reason, Tombstone


def _bury(kind: str, object_id: int, reason: str, *, area_id=None, replaced_by=None) -> None:
    Tombstone.objects.update_or_create(
        kind=kind,
        object_id=object_id,
        defaults={
            "reason": reason,
            "removed_at": timezone.now(),
            "welfare_area_id": area_id,
            "replaced_by_id": replaced_by,
        },
    )


def _raise(kind: str, object_ids, *, keeps: str | None = None) -> None:
    """The objects' tombstones go (but those of reason `keeps`)."""
    tombstones = Tombstone.objects.filter(kind=kind, object_id__in=list(object_ids))
    if keeps:
        tombstones = tombstones.exclude(reason=keeps)
    tombstones.delete()


def _status_reason(status: str) -> str:
    return Reason.ARCHIVED if status == "archived" else Reason.UNPUBLISHED


def organisation_saved(sender, instance: Organisation, created: bool, **kwargs) -> None:
    if kwargs.get("raw"):
        return
    activities = Activity.objects.filter(organisation_id=instance.pk, status="published")
    if instance.is_published:
        if not created:
            _raise(Kind.ORGANISATION, [instance.pk])
            Tombstone.objects.filter(
                kind=Kind.ACTIVITY,
                reason=Reason.ORGANISATION_REMOVED,
                object_id__in=activities.values("pk"),
            ).delete()
        return
    if created:
        return  # never public: nothing to tell
    reason = Reason.MERGED if instance.merged_into_id else _status_reason(instance.status)
    _bury(
        Kind.ORGANISATION,
        instance.pk,
        reason,
        area_id=instance.welfare_area_id,
        replaced_by=instance.merged_into_id,
    )
    now = timezone.now()
    for activity_id, area_id in activities.values_list("pk", "welfare_area_id"):
        Tombstone.objects.update_or_create(
            kind=Kind.ACTIVITY,
            object_id=activity_id,
            defaults={
                "reason": Reason.ORGANISATION_REMOVED,
                "removed_at": now,
                "welfare_area_id": area_id,
                "replaced_by_id": None,
            },
        )


def _status_saved(kind: str, *, keeps: str | None = None):
    """A meeting place's or an activity's save: published again, it loses its tombstone (but
    the one of reason `keeps`); archived or back to draft, it gets one. Never public while it
    was new: nothing to tell."""

    def receiver(sender, instance, created: bool, **kwargs) -> None:
        if kwargs.get("raw") or created:
            return
        if instance.status == PublishStatus.PUBLISHED:
            _raise(kind, [instance.pk], keeps=keeps)
        else:
            reason = _status_reason(instance.status)
            _bury(kind, instance.pk, reason, area_id=instance.welfare_area_id)

    receiver.__name__ = f"{kind}_saved"
    return receiver


def consultation_saved(sender, instance: Consultation, created: bool, **kwargs) -> None:
    if kwargs.get("raw") or created:
        return
    if instance.is_published:
        _raise(Kind.CONSULTATION, [instance.pk])
    else:
        _bury(Kind.CONSULTATION, instance.pk, Reason.UNPUBLISHED)


def unit_saved(sender, instance: Unit, created: bool, **kwargs) -> None:
    if kwargs.get("raw") or created:
        return
    if instance.status == UnitStatus.ACTIVE:
        _raise(Kind.UNIT, [instance.pk])
    else:
        _bury(Kind.UNIT, instance.pk, Reason.ARCHIVED, area_id=instance.welfare_area_id)


def _deleted(kind: str):
    def receiver(sender, instance, **kwargs) -> None:
        _bury(kind, instance.pk, Reason.DELETED, area_id=getattr(instance, "welfare_area_id", None))

    receiver.__name__ = f"{kind}_deleted"
    return receiver


RECEIVERS = [
    (post_save, Organisation, organisation_saved),
    (post_save, MeetingPlace, _status_saved(Kind.PLACE)),
    # An activity's organisation removed from the public data keeps it out until it is back.
    (post_save, Activity, _status_saved(Kind.ACTIVITY, keeps=Reason.ORGANISATION_REMOVED)),
    (post_save, Consultation, consultation_saved),
    (post_save, Unit, unit_saved),
    (post_delete, Unit, _deleted(Kind.UNIT)),
    (post_delete, Organisation, _deleted(Kind.ORGANISATION)),
    (post_delete, MeetingPlace, _deleted(Kind.PLACE)),
    (post_delete, Activity, _deleted(Kind.ACTIVITY)),
    (post_delete, Consultation, _deleted(Kind.CONSULTATION)),
    (post_delete, Meeting, _deleted(Kind.MEETING)),
]


def connect() -> None:
    for signal, model, receiver in RECEIVERS:
        signal.connect(receiver, sender=model, dispatch_uid=f"api.{receiver.__name__}")
