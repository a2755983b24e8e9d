"""What changed in the minutes during their review: the difference of each revision
(MinutesRevision) from the one before, item by item and word by word, for the minutes page."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from itertools import pairwise

from django.utils.translation import gettext_lazy as _

FIELDS = (
    ("title", _("Title")),
    ("presenter", _("Presenter")),
    ("proposed_decision", _("Proposed decision")),
    ("discussion", _("Discussion")),
    ("decision", _("Decision")),
    ("outcome", _("Outcome")),
)


@dataclass
class FieldChange:
    label: str
    # (kind, text): kind is "same", "removed" or "added"
    parts: list[tuple[str, str]]


@dataclass
class ItemChange:
    title: str
    position: int
    added: bool = False
    removed: bool = False
    fields: list[FieldChange] = field(default_factory=list)


@dataclass
class RevisionChange:
    number: int
    created_at: object
    made_by_name: str
    items: list[ItemChange]


def words_diff(before: str, after: str) -> list[tuple[str, str]]:
    """The two texts as runs of kept, removed and added words (whitespace kept)."""
    old, new = re.split(r"(\s+)", before), re.split(r"(\s+)", after)
    parts: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(("same", "".join(old[i1:i2])))
            continue
        if i2 > i1:
            parts.append(("removed", "".join(old[i1:i2])))
        if j2 > j1:
            parts.append(("added", "".join(new[j1:j2])))
    return parts


def items_diff(before: dict, after: dict) -> list[ItemChange]:
    old = {item["id"]: item for item in before.get("items", [])}
    new = {item["id"]: item for item in after.get("items", [])}
    changes = []
    for item_id in sorted(
        old.keys() | new.keys(), key=lambda i: (new.get(i) or old[i])["position"]
    ):
        a, b = old.get(item_id), new.get(item_id)
        shown = new[item_id] if b is not None else old[item_id]
        change = ItemChange(title=shown["title"], position=shown["position"])
        if a is None or b is None:
            change.added, change.removed = a is None, b is None
            changes.append(change)
            continue
        for name, label in FIELDS:
            if (a.get(name) or "") != (b.get(name) or ""):
                change.fields.append(
                    FieldChange(str(label), words_diff(a.get(name) or "", b.get(name) or ""))
                )
        if change.fields:
            changes.append(change)
    return changes


def revision_changes(revisions) -> list[RevisionChange]:
    """Each revision after the first, with what it changed; revisions that changed nothing
    are left out."""
    found = []
    for before, after in pairwise(revisions):
        items = items_diff(before.snapshot, after.snapshot)
        if items:
            found.append(RevisionChange(after.number, after.created_at, after.made_by_name, items))
    return found
