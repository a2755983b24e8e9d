"""Residents' searches as daily counts: what the search sees of demand.

`record_search` is the residents' search's listener (search.registry, registered in
knowledge.apps): one statement per counted search, two upserts in one round trip. It stores

- `SearchDemand`: day, welfare area, municipality code, term (the theme the resident chose, or
  the taxonomy term their words name through search/synonyms.json), searches, found nothing;
- `SearchTerm`: the same day and area, the searched words under a keyed digest, and the words
  themselves only from the fifth search of them that day in that area. `terms_prune` (daily)
  removes the digests of words fewer people asked.

No account, address, IP, location finer than the municipality or time finer than the day is
stored, so no row points at a person.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
from functools import cache
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import DatabaseError, connection

from search.registry import SearchDone
from search.text import SYNONYMS_FILE, fold, query_words

log = logging.getLogger(__name__)
HELSINKI = ZoneInfo("Europe/Helsinki")
TEXT_THRESHOLD = 5  # the searched words are stored from the fifth search of them (a day, an area)
MAX_TEXT = 100


@cache
def _term_patterns() -> list[tuple[tuple[str, ...], bool, str]]:
    """(folded pattern words, is a prefix, taxonomy term slug) of the curated synonyms, longest
    first. A static file: every process reads the same."""
    data = json.loads(SYNONYMS_FILE.read_text(encoding="utf-8"))
    patterns = []
    for group in data["groups"]:
        term = group.get("term")
        if not term:
            continue
        for words in [group["search"], *group["words"].values()]:
            for pattern in words:
                parts = tuple(fold(pattern.rstrip("*").lower()).split())
                patterns.append((parts, pattern.endswith("*"), term))
    return sorted(patterns, key=lambda p: (-len(p[0]), -sum(map(len, p[0]))))


def matched_term(words: str) -> str:
    """The taxonomy term the searched words name first (search/synonyms.json), or ""."""
    tokens = [fold(token) for token in query_words(words)]
    for i in range(len(tokens)):
        for parts, prefix, term in _term_patterns():
            span = tokens[i : i + len(parts)]
            if len(span) < len(parts) or span[:-1] != list(parts[:-1]):
                continue
            if span[-1] == parts[-1] or (prefix and span[-1].startswith(parts[-1])):
                return term
    return ""


def normalised_words(words: str) -> str:
    """The words as counted: lower case, single spaces, at most 100 characters."""
    return " ".join(query_words(words))[:MAX_TEXT]


def words_digest(day: dt.date, text: str) -> str:
    """A keyed digest of the day's words: the same words on the same day count together, and
    without the site's secret key a digest cannot be checked against guessed words."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"{day.isoformat()}|{text}".encode(), hashlib.sha256).hexdigest()[:32]


_AREA = (
    "COALESCE((SELECT welfare_area_id FROM areas_municipality WHERE code = %s), "
    "(SELECT id FROM areas_welfarearea WHERE slug = %s))"
)
# Constant SQL (no value is ever formatted in: every value is a parameter).
_DEMAND_SQL = (
    "INSERT INTO knowledge_searchdemand (day, welfare_area_id, municipality, theme, searches, "  # noqa: S608
    f"empty) VALUES (%s, {_AREA}, %s, %s, 1, %s) ON CONFLICT ON CONSTRAINT knowledge_demand_key "
    "DO UPDATE SET searches = knowledge_searchdemand.searches + 1, "
    "empty = knowledge_searchdemand.empty + EXCLUDED.empty"
)
_TERM_SQL = (
    "INSERT INTO knowledge_searchterm (day, welfare_area_id, digest, text, searches, empty) "  # noqa: S608
    f"VALUES (%s, {_AREA}, %s, '', 1, %s) ON CONFLICT ON CONSTRAINT knowledge_term_key "
    "DO UPDATE SET searches = knowledge_searchterm.searches + 1, "
    "empty = knowledge_searchterm.empty + EXCLUDED.empty, "
    "text = CASE WHEN knowledge_searchterm.searches + 1 >= %s THEN %s "
    "ELSE knowledge_searchterm.text END"
)


def record_search(done: SearchDone, *, today: dt.date | None = None) -> None:
    """Count one residents' search (the search registry's listener). A database error is
    logged, never shown to the resident."""
    day = today or dt.datetime.now(HELSINKI).date()
    area_slug = done.areas[0] if len(done.areas) == 1 else ""
    term = done.themes[0] if done.themes else matched_term(done.words)
    empty = 0 if done.total else 1
    text = normalised_words(done.words)
    area = [done.municipality, area_slug]
    sql = f"WITH demand AS ({_DEMAND_SQL} RETURNING 1) "
    params: list = [day, *area, done.municipality, term[:80], empty]
    if text:
        sql += _TERM_SQL
        params += [day, *area, words_digest(day, text), empty, TEXT_THRESHOLD, text]
    else:
        sql += "SELECT count(*) FROM demand"
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
    except DatabaseError:
        log.exception("Could not count a residents' search")


def terms_prune(*, today: dt.date | None = None) -> int:
    """Remove the digests of past days' words that fewer than five searches asked."""
    from .models import SearchTerm

    day = today or dt.datetime.now(HELSINKI).date()
    deleted, _ = SearchTerm.objects.filter(day__lt=day, text="").delete()
    return deleted
