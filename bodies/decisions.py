"""Decisions of published minutes, for other apps to link to (forums' "you said, we did").

The link is theirs (forums.OutcomeLink): bodies imports no app that links here. What links back
is shown under a decision in the minutes through `decision_links`, which asks the functions that
those apps register from their AppConfig.ready() (`register_decision_linker`).

A decision is public when its meeting's minutes are published and the item is in the published
version's frozen snapshot; what the public reads of it (decision text, outcome) comes from that
snapshot, never from the agenda item (which may be in a correction draft).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime

from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from .models import AgendaItem, Meeting, MinutesVersion, Outcome


@dataclass(frozen=True)
class PublishedDecision:
    item_id: int
    meeting: Meeting
    position: int
    title: str
    decision: str
    outcome: str

    @property
    def body_name(self) -> str:
        return self.meeting.body.name

    @property
    def meeting_date(self) -> datetime:
        return self.meeting.starts_at

    @property
    def outcome_label(self) -> str:
        return str(Outcome(self.outcome).label) if self.outcome in Outcome.values else ""

    @property
    def url(self) -> str:
        """The item on the meeting's public page (its published minutes)."""
        return reverse("bodies:meeting", kwargs={"pk": self.meeting.pk}) + (
            f"#minutes-item-{self.item_id}"
        )

    @property
    def label(self) -> str:
        """A plain text to remember the decision by (body, date, item)."""
        date = timezone.localtime(self.meeting.starts_at)
        day = f"{date.day}.{date.month}.{date.year}"
        return f"{self.body_name} {day}: {self.position}. {self.title}"[:200]


def _decisions(versions, only_ids=None) -> list[PublishedDecision]:
    found = []
    for version in versions:
        for data in version.snapshot.get("items", []):
            if only_ids is not None and data.get("id") not in only_ids:
                continue
            if not (data.get("decision") or data.get("outcome")):
                continue
            found.append(
                PublishedDecision(
                    item_id=data["id"],
                    meeting=version.meeting,
                    position=data.get("position", 0),
                    title=data.get("title", ""),
                    decision=data.get("decision", ""),
                    outcome=data.get("outcome", ""),
                )
            )
    return found


def _current_versions():
    """The published version of each meeting with published minutes (one query)."""
    return MinutesVersion.objects.filter(
        meeting__published_version__gt=0, number=F("meeting__published_version")
    ).select_related("meeting__body")


def published_decisions(area_id: int) -> list[PublishedDecision]:
    """Every decision of the area's published minutes that still exists, by body and newest
    meeting first (two queries)."""
    versions = _current_versions().filter(meeting__body__welfare_area_id=area_id)
    versions = versions.order_by("meeting__body__name_fi", "-meeting__starts_at")
    decisions = _decisions(versions)
    existing = set(
        AgendaItem.objects.filter(pk__in=[d.item_id for d in decisions]).values_list(
            "pk", flat=True
        )
    )
    return [d for d in decisions if d.item_id in existing]


def published_decisions_by_item(items) -> dict[int, PublishedDecision]:
    """The published decisions of the given agenda items (with their meeting loaded), by item
    id; items not in published minutes are left out (one query)."""
    items = [item for item in items if item is not None]
    meeting_ids = {item.meeting_id for item in items}
    if not meeting_ids:
        return {}
    versions = _current_versions().filter(meeting_id__in=meeting_ids)
    wanted = {item.pk for item in items}
    return {d.item_id: d for d in _decisions(versions, only_ids=wanted)}


@dataclass(frozen=True)
class DecisionLink:
    """A public page elsewhere in the portal that names a decision (a consultation's summary)."""

    title: str
    url: str


DecisionLinker = Callable[[Collection[int]], dict[int, list[DecisionLink]]]
DECISION_LINKERS: list[DecisionLinker] = []


def register_decision_linker(func: DecisionLinker) -> DecisionLinker:
    """Called from an AppConfig.ready(): `func(item_ids)` gives {item id: [DecisionLink, ...]}
    of what is public, in the order to show."""
    DECISION_LINKERS.append(func)
    return func


def decision_links(item_ids: Collection[int]) -> dict[int, list[DecisionLink]]:
    """What links to each of the agenda items, from every registered app (one query each)."""
    found: dict[int, list[DecisionLink]] = defaultdict(list)
    for linker in DECISION_LINKERS:
        for item_id, links in linker(item_ids).items():
            found[item_id].extend(links)
    return found
