"""The public archive of the bodies on the shared search (search/README.md).

Three kinds of entries, each existing only while its thing is public:
- "body_minutes": the published minutes of a meeting (its latest published version);
- "body_decision": a decision of published minutes (one per agenda item with a decision);
- "body_agenda_item": an item of a published agenda.
Facet keys: `body:<id>`, `year:<yyyy>`, `area:<slug>`. The services call
`meeting_search_refresh` after every change the public could see (agenda published, minutes
published or corrected, an item edited on a public agenda).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from portal.lib.translation import filled_values, pick
from search import query as entries
from search.entries import search_entry_save
from search.models import SearchEntry
from search.text import index_terms, parse_query

from .models import AgendaItem, Meeting, Outcome

KIND_MINUTES = "body_minutes"
KIND_DECISION = "body_decision"
KIND_AGENDA_ITEM = "body_agenda_item"
KINDS = (KIND_DECISION, KIND_MINUTES, KIND_AGENDA_ITEM)
PAGE_SIZE = 20
MAX_PAGE = 50


def _common(meeting: Meeting) -> tuple[list[str], dict]:
    body = meeting.body
    day = timezone.localtime(meeting.starts_at).date()
    keys = [f"body:{body.pk}", f"year:{day.year}", f"area:{body.welfare_area.slug}"]
    card = {"meeting": meeting.pk, "date": day.isoformat(), "body": filled_values(body)}
    return keys, card


def _keywords(meeting: Meeting, *texts: str) -> str:
    names = " ".join(filled_values(meeting.body).values())
    return " ".join(filter(None, [names, *texts, index_terms(names, *texts)]))


def minutes_entry(meeting: Meeting, snapshot: dict) -> SearchEntry:
    keys, card = _common(meeting)
    text = "\n".join(
        part
        for item in snapshot["items"]
        for part in (item["title"], item["discussion"], item["decision"])
        if part
    )
    return SearchEntry(
        kind=KIND_MINUTES,
        object_id=meeting.pk,
        welfare_area_id=meeting.body.welfare_area_id,
        title=f"{meeting.body.name_fi} {timezone.localtime(meeting.starts_at):%d.%m.%Y}",
        keywords=_keywords(meeting, *(item["title"] for item in snapshot["items"])),
        body_fi=text,
        facet_keys=keys,
        next_at=meeting.starts_at,
        card=card | {"version": meeting.published_version},
    )


def decision_entry(meeting: Meeting, item: dict) -> SearchEntry:
    keys, card = _common(meeting)
    return SearchEntry(
        kind=KIND_DECISION,
        object_id=item["id"],
        welfare_area_id=meeting.body.welfare_area_id,
        title=item["title"][:300],
        # The decision's words also without å, ä, ö ("paatoksia" finds "päätöksiä").
        keywords=" ".join(
            [_keywords(meeting, item["title"]), index_terms(item["decision"], item["discussion"])]
        ),
        body_fi="\n".join(filter(None, [item["decision"], item["discussion"]])),
        facet_keys=keys,
        next_at=meeting.starts_at,
        card=card
        | {"title": item["title"], "decision": item["decision"][:400], "outcome": item["outcome"]},
    )


def agenda_item_entry(meeting: Meeting, item: AgendaItem) -> SearchEntry:
    keys, card = _common(meeting)
    return SearchEntry(
        kind=KIND_AGENDA_ITEM,
        object_id=item.pk,
        welfare_area_id=meeting.body.welfare_area_id,
        title=item.title[:300],
        keywords=_keywords(meeting, item.title, item.presenter),
        body_fi="\n".join(filter(None, [item.background, item.proposed_decision])),
        facet_keys=keys,
        next_at=meeting.starts_at,
        card=card | {"title": item.title, "proposed": item.proposed_decision[:400]},
    )


def meeting_search_refresh(*, meeting: Meeting) -> None:
    """Store the meeting's public entries, or remove those that are no longer public."""
    meeting = Meeting.objects.select_related("body", "body__welfare_area").get(pk=meeting.pk)
    items = list(meeting.items.all())
    version = meeting.versions.order_by("-number").first() if meeting.minutes_are_public else None
    snapshot = version.snapshot if version else None
    search_entry_save(
        entry=minutes_entry(meeting, snapshot) if snapshot else None,
        kind=KIND_MINUTES,
        object_id=meeting.pk,
    )
    decided = {i["id"]: i for i in snapshot["items"] if i["decision"]} if snapshot else {}
    for item_id in {item.pk for item in items} | set(decided):
        found = decided.get(item_id)
        search_entry_save(
            entry=decision_entry(meeting, found) if found else None,
            kind=KIND_DECISION,
            object_id=item_id,
        )
    for item in items:
        search_entry_save(
            entry=agenda_item_entry(meeting, item)
            if meeting.agenda_is_public and not item.pending
            else None,
            kind=KIND_AGENDA_ITEM,
            object_id=item.pk,
        )


# --- The archive's read path -------------------------------------------------------------------


@dataclass
class ArchiveHit:
    kind: str
    object_id: int
    meeting: int
    date: str
    body: str
    title: str
    text: str
    outcome: str


@dataclass
class ArchiveSection:
    kind: str
    total: int
    hits: list[ArchiveHit]
    next_page: int | None = None
    label: str = ""


def _hit(kind: str, object_id: int, card: dict) -> ArchiveHit:
    outcome = card.get("outcome") or ""
    return ArchiveHit(
        kind=kind,
        object_id=object_id,
        meeting=card["meeting"],
        date="{0.day}.{0.month}.{0.year}".format(date.fromisoformat(card["date"])),
        body=pick(card.get("body", {})),
        title=card.get("title", ""),
        text=card.get("decision") or card.get("proposed") or "",
        outcome=str(Outcome(outcome).label) if outcome in Outcome.values else "",
    )


def archive_search(
    *, q: str, body_ids: list[int], years: list[int], kinds: list[str], page: int = 1
) -> list[ArchiveSection]:
    """One section per kind asked for: the total (counted up to search.query.COUNT_CAP) and one
    page of hits, best first (three statements per kind)."""
    words = parse_query(q)
    selected = {
        "body": [f"body:{pk}" for pk in body_ids],
        "year": [f"year:{year}" for year in years],
    }
    sections = []
    for kind in kinds:
        eq = entries.EntryQuery(kind=kind, words=words, selected=selected)
        total = entries.count_matches(eq)
        if total == 0 and words.words and len(words.meaningful) > 1:
            eq = eq.with_(any_word=True)
            total = entries.count_matches(eq)
        rows = (
            entries.page_rows(eq, offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE, total=total)
            if total
            else []
        )
        more = total > page * PAGE_SIZE and page < MAX_PAGE
        sections.append(
            ArchiveSection(
                kind=kind,
                total=total,
                hits=[_hit(kind, pk, card) for pk, card in rows],
                next_page=page + 1 if more else None,
            )
        )
    return sections


def archive_card(data: dict, distance, next_start, language: str) -> dict:
    """What a shared page shows of an archive entry: its title, its body and meeting date."""
    return {
        "url": reverse("bodies:meeting", kwargs={"pk": data["meeting"]}),
        "title": data.get("title") or pick(data.get("body", {}), language),
        "summary": data.get("decision") or data.get("proposed") or "",
        "address": pick(data.get("body", {}), language),
    }


def register_search_kinds() -> None:
    """Called by BodiesConfig.ready(): the archive's kinds join the shared search's registry
    (searched on the archive page, not among the residents' kinds)."""
    from search import registry

    labels = {
        KIND_DECISION: lambda: gettext("Decisions"),
        KIND_MINUTES: lambda: gettext("Minutes"),
        KIND_AGENDA_ITEM: lambda: gettext("Agenda items"),
    }
    for kind in KINDS:
        registry.register_kind(
            registry.SearchKind(
                name=kind,
                label=labels[kind],
                card=archive_card,
                facet_prefixes=("body", "year", "area"),
                residents=False,
            )
        )
