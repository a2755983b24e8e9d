"""Sign-ups that look like someone holding places, for organisers to check and remove.

A contact without an account (an e-mail address or a phone number that nobody verified by
logging in) is flagged when, among the coming dates of the activity, it holds more than one
place on one date, or more dates than one sign-up without an account can take
(limits.anonymous_series_dates()): how one person fills a group's places with a few requests.
The organisers' page of an occurrence lists the flagged contacts that have signed up for it,
with their places and dates (the address masked, and only for those who may see names), and
removes a contact's coming sign-ups of the activity with one button: each is cancelled as the
person would cancel it, so the places go to the next in line. The person is not told: the
address may not be theirs, and the portal sends nothing more to it.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Min, Value
from django.db.models.functions import Coalesce, Lower, NullIf
from django.utils import timezone

from meetingplaces.models import Activity, Occurrence

from .limits import anonymous_series_dates
from .models import Signup

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SuspiciousContact:
    signup_id: int  # one of the contact's sign-ups for this occurrence: what the button names
    masked: str  # "m•••@example.com", "••• 567"
    places: int  # active sign-ups for the activity's coming dates
    dates: int
    most_on_one_date: int
    first_at: dt.datetime


def _contact():
    return Coalesce(NullIf(Lower("email"), Value("")), "phone")


def _coming_anonymous(activity: Activity, now: dt.datetime):
    return Signup.objects.filter(
        activity=activity,
        user__isnull=True,
        status__in=Signup.ACTIVE,
        erased_at__isnull=True,
        occurrence__starts_at__gt=now,
    ).annotate(contact_key=_contact())


def mask(contact: str) -> str:
    if "@" in contact:
        local, _at, domain = contact.rpartition("@")
        return f"{local[:1]}•••@{domain}"
    digits = [char for char in contact if char.isdigit()]
    return "••• " + "".join(digits[-3:])


def suspicious_contacts(
    occurrence: Occurrence, *, now: dt.datetime | None = None
) -> list[SuspiciousContact]:
    """The flagged contacts signed up for this occurrence, most places first."""
    now = now or timezone.now()
    here = set(
        _coming_anonymous(occurrence.activity, now)
        .filter(occurrence=occurrence)
        .values_list("contact_key", flat=True)
    )
    if not here:
        return []
    per_date = (
        _coming_anonymous(occurrence.activity, now)
        .filter(contact_key__in=here)
        .values("contact_key", "occurrence_id")
        .annotate(places=Count("pk"), first_at=Min("created_at"))
    )
    totals: dict[str, dict] = {}
    for row in per_date:
        total = totals.setdefault(
            row["contact_key"], {"places": 0, "dates": 0, "most": 0, "first_at": row["first_at"]}
        )
        total["places"] += row["places"]
        total["dates"] += 1
        total["most"] = max(total["most"], row["places"])
        total["first_at"] = min(total["first_at"], row["first_at"])
    limit = anonymous_series_dates()
    flagged = {
        contact: total
        for contact, total in totals.items()
        if total["most"] > 1 or total["places"] > limit
    }
    if not flagged:
        return []
    firsts = dict(
        _coming_anonymous(occurrence.activity, now)
        .filter(occurrence=occurrence, contact_key__in=flagged)
        .values("contact_key")
        .annotate(first=Min("pk"))
        .values_list("contact_key", "first")
    )
    contacts = [
        SuspiciousContact(
            signup_id=firsts[contact],
            masked=mask(contact),
            places=total["places"],
            dates=total["dates"],
            most_on_one_date=total["most"],
            first_at=total["first_at"],
        )
        for contact, total in flagged.items()
    ]
    return sorted(contacts, key=lambda c: (-c.places, c.first_at))


@transaction.atomic
def suspicious_remove(
    *, occurrence: Occurrence, signup_id: int, by=None, now: dt.datetime | None = None
) -> int:
    """Cancel every coming sign-up of the activity by the contact of this sign-up (one of this
    occurrence's, without an account); how many were cancelled (0: no such sign-up here)."""
    from .services import signup_cancel

    now = now or timezone.now()
    signup = (
        _coming_anonymous(occurrence.activity, now)
        .filter(pk=signup_id, occurrence=occurrence)
        .first()
    )
    if signup is None:
        return 0
    rows = _coming_anonymous(occurrence.activity, now).filter(contact_key=signup.contact_key)
    removed = sum(
        signup_cancel(row, notify=False)
        for row in rows.select_related("occurrence", "activity").order_by("pk")
    )
    logger.info(
        "Organiser %s removed %s sign-ups of activity %s (one contact without an account)",
        getattr(by, "pk", None), removed, occurrence.activity_id,
    )  # fmt: skip
    return removed
