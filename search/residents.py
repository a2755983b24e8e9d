"""The residents' search: activities, meeting places and organisations from one box.

"When and where, not only who": one statement over the shared search entries of the three
kinds (search/query.py), near a point (browser location, postcode or municipality) within a
radius; day, time and date filters are conditions on the stored occurrences (the dated kind's
occurrence queries in search.registry, registered by meetingplaces), and each shown activity's
next matching occurrence is read from the same table for the page's rows only. What the
resident asked for is a search.residents_query.ResidentsQuery; this module makes the page from
it: the facets, the counts and the ways on (the head), and the page's rows.

Queries per search: the location (one, when a postcode or municipality is given), the head
(facet counts and total in one statement, cached five minutes per search and generation; the
term names cached ten minutes) and the page (one statement). Constant at any size.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.apps import apps
from django.core.cache import cache
from django.db import connection
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.lib.translation import fallback_chain, localised

from . import cards, ranking, registry
from . import query as entries
from .entries import search_generations
from .facets import Facet, FacetOption, Suggestion

# "as": search/forms.py reads DEFAULT_RADIUS and Location from here with the rest.
from .residents_query import DEFAULT_RADIUS as DEFAULT_RADIUS
from .residents_query import FACET_PREFIXES, RADIUS_CHOICES, ResidentsQuery, kinds
from .residents_query import Location as Location
from .results import Result, result_from_row
from .text import parse_query

PAGE_SIZE = 20
CACHE_SECONDS = 300


def kind_labels() -> dict[str, str]:
    return {name: str(registry.kind(name).label()) for name in kinds()}


LEGENDS = {
    "kind": gettext_lazy("Show"),
    "theme": gettext_lazy("Theme"),
    "target_group": gettext_lazy("For whom"),
    "language": gettext_lazy("Language"),
    "free": gettext_lazy("Cost"),
    "nosignup": gettext_lazy("Sign-up"),
    "access": gettext_lazy("Accessibility"),
    "venue": gettext_lazy("Online or in person"),
}


# --- Labels ------------------------------------------------------------------------------------


def registered_labels() -> dict[str, str]:
    """Every app's facet labels ({"tg:carers": "Omaishoitajat", "acc:parking": ...}) in the
    current language, cached ten minutes (the taxonomy's names are a query)."""
    language = fallback_chain()[0]
    labels = cache.get_or_set(
        f"residents:labels:{language}",
        lambda: registry.facet_labels(language),
        CACHE_SECONDS * 2,
    )
    return labels if isinstance(labels, dict) else registry.facet_labels(language)


def term_labels() -> dict[str, str]:
    return registered_labels()


# Facet groups whose every value is offered (with its count) even when no result has it.
LISTED_PREFIXES = ("lang", "acc")


def static_labels() -> dict[str, dict[str, str]]:
    labels = registered_labels()
    statics = {
        "kind": kind_labels(),
        "free": {"yes": _("Free of charge")},
        "nosignup": {"yes": _("No sign-up needed")},
        "venue": {"inperson": _("In person"), "online": _("Online")},
    }
    for prefix in LISTED_PREFIXES:
        statics[prefix] = {
            key.partition(":")[2]: label
            for key, label in labels.items()
            if key.startswith(f"{prefix}:")
        }
    return statics


def build_facets(counts: dict[str, int], query: ResidentsQuery, *, counted: bool) -> list[Facet]:
    statics = static_labels()
    terms = term_labels()
    facets = []
    for param, legend in LEGENDS.items():
        prefix = FACET_PREFIXES[param]
        chosen = set(query.selected.get(param, []))
        if prefix in statics:
            values = list(statics[prefix])
        else:
            values = sorted(
                {k.partition(":")[2] for k in counts if k.startswith(f"{prefix}:")} | chosen
            )
        options = []
        for value in values:
            key = f"{prefix}:{value}"
            count = counts.get(key, 0)
            if counted and not count and value not in chosen:
                continue
            label = statics.get(prefix, {}).get(value) or terms.get(key) or value
            options.append(
                FacetOption(value, str(label), count if counted else None, value in chosen)
            )
        if prefix not in statics:
            options.sort(key=lambda o: o.label.lower())
        if options:
            facets.append(Facet(param, str(legend), options))
    return facets


# --- The head: counts, facets, ways on -----------------------------------------------------------


@dataclass
class Head:
    facets: list[Facet]
    total: int
    capped: bool = False
    suggestions: list[Suggestion] = field(default_factory=list)
    partial: bool = False  # no result holds every word: these hold some
    missing_words: list[str] = field(default_factory=list)
    # Each word's weight in the ranking (search.ranking.word_weights), counted with the head.
    weights: dict[str, float] = field(default_factory=dict)


def build_head(query: ResidentsQuery, eq: entries.EntryQuery) -> Head:
    head = _head(query, eq)
    if eq.words.words:
        head.weights = ranking.word_weights(eq)
    return head


def _head(query: ResidentsQuery, eq: entries.EntryQuery) -> Head:
    counts, total, exact = entries.facet_counts(eq)
    if exact:
        without = {k: counts.pop(k) for k in list(counts) if k.startswith(entries.WITHOUT)}
        head = Head(build_facets(counts, query, counted=True), total)
    else:
        without = {}
        head = Head(
            build_facets({}, query, counted=False),
            min(total, entries.COUNT_CAP),
            capped=total > entries.COUNT_CAP,
        )
    if not head.total and len(eq.words.words) > 1 and not eq.any_word:
        # No result holds every word: those holding some, most words first (as the directory).
        found = entries.words_found(eq)
        if any(found[w.text] for w in eq.words.meaningful):
            partial = _head(query, eq.with_(any_word=True))
            partial.partial = True
            partial.missing_words = [word for word, ok in found.items() if not ok]
            return partial
    if not head.total:
        head.suggestions = suggestions(query, eq, head.facets, without)
    return head


def _area_of(municipality_code: str) -> tuple[str, str] | None:
    """(slug, name) of the municipality's welfare area: reference data, cached an hour."""
    language = fallback_chain()[0]

    def load() -> dict[str, tuple[str, str]]:
        municipality = apps.get_model("areas", "Municipality")
        municipalities = municipality.objects.select_related("welfare_area").filter(
            welfare_area__isnull=False
        )
        found = {}
        for m in municipalities:
            if area := m.welfare_area:  # every one: filtered above
                found[m.code] = (area.slug, localised(area, "name", language))
        return found

    areas = cache.get_or_set(f"residents:areas:{language}", load, 3600) or {}
    return areas.get(municipality_code)


def next_dates(query: ResidentsQuery, eq: entries.EntryQuery, now: dt.datetime) -> list[dt.date]:
    """The next three local dates on which something matching the search (its words, place
    and filters, the weekdays and times of day, any date) happens: one statement."""
    filters = query.occurrence_filters(now)
    filters.update(start=now, end=None)
    first, first_params = registry.occurrences().next_sql(**filters)
    where, params = entries.where_sql(eq.with_(conditions=()))
    sql = (
        "SELECT DISTINCT (first AT TIME ZONE 'Europe/Helsinki')::date AS day FROM ("  # noqa: S608
        f"SELECT ({first}) AS first FROM {entries.TABLE} e WHERE {where}) AS s "
        "WHERE first IS NOT NULL ORDER BY day LIMIT 3"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*first_params, *params])
        return [row[0] for row in cursor.fetchall()]


def suggestions(
    query: ResidentsQuery, eq: entries.EntryQuery, facets: list[Facet], without: dict[str, int]
) -> list[Suggestion]:
    """Ways to widen an empty search: the next dates that have something (under a time
    filter), a bigger radius, one filter less (with the count it gives), the day and time
    filters off, the whole area, everywhere. Counted in one statement (search.query.count_many),
    the next dates in one more."""
    found: list[Suggestion] = []
    ways: list[tuple[str, entries.EntryQuery, dict]] = []
    bigger = [r for r in RADIUS_CHOICES if r > query.radius] if query.location else []
    if eq.near:
        lat, lon, _r = eq.near
        for radius in bigger:
            ways.append(("radius", eq.with_(near=(lat, lon, float(radius))), {"radius": radius}))
    legends = {f.param: f for f in facets}
    for param in query.selected:
        if param == "area":  # the page offers its own link to remove it
            continue
        group = FACET_PREFIXES[param]
        rest = {g: keys for g, keys in eq.selected.items() if g != group}
        ways.append(("filter", eq.with_(selected=rest), {"param": param}))
    if query.has_occurrence_filters:
        ways.append(("anytime", eq.with_(conditions=()), {}))
    area = None
    if query.location and query.location.municipality_code and "area" not in query.selected:
        area = _area_of(query.location.municipality_code)
        if area is not None:
            selected = {**eq.selected, "area": [f"area:{area[0]}"]}
            ways.append(("area", eq.with_(near=None, selected=selected), {}))
    if query.location:
        ways.append(("everywhere", eq.with_(near=None), {}))
    counts = entries.count_many([way for _kind, way, _extra in ways])
    if query.has_occurrence_filters:
        for day in next_dates(query, eq, timezone.now()):
            found.append(
                Suggestion(
                    _("Next on %(date)s") % {"date": date_format(day, "D j.n.")},
                    query.params(when="custom", date_from=day.isoformat(), date_to=day.isoformat()),
                    None,
                )
            )
    radius_done = False
    for (kind, _way, extra), count in zip(ways, counts, strict=True):
        if not count:
            continue
        if kind == "radius" and not radius_done:
            radius_done = True
            found.append(
                Suggestion(
                    _("Search within %(km)s km") % {"km": extra["radius"]},
                    query.params(radius=str(extra["radius"])),
                    None,
                )
            )
        elif kind == "filter":
            param = extra["param"]
            count = without.get(f"{entries.WITHOUT}{FACET_PREFIXES[param]}", count)
            facet = legends.get(param)
            chosen = (
                [o.label for o in facet.options if o.selected] if facet else query.selected[param]
            )
            legend = facet.legend if facet else param
            removed: dict[str, Any] = {param: None}
            found.append(
                Suggestion(
                    _("Remove the filter “%(filter)s”")
                    % {"filter": f"{legend}: {', '.join(chosen)}"},
                    query.params(**removed),
                    count,
                )
            )
        elif kind == "anytime":
            found.append(
                Suggestion(
                    _("Any day and time"),
                    query.params(day=None, time=None, when="", date_from="", date_to=""),
                    count,
                )
            )
        elif kind == "area" and area:
            found.append(
                Suggestion(
                    _("In the whole welfare area: %(area)s") % {"area": area[1]},
                    query.params(drop_location=True, area=[area[0]]),
                    count,
                )
            )
        elif kind == "everywhere":
            found.append(
                Suggestion(_("Everywhere, not only near"), query.params(drop_location=True), count)
            )
    return found


def cache_key(query: ResidentsQuery, language: str) -> str:
    generations = search_generations(kinds=kinds())
    parts = (
        parse_query(query.q).texts,
        sorted((p, sorted(v)) for p, v in query.selected.items() if v),
        (query.location.latitude, query.location.longitude) if query.location else None,
        query.radius,
        query.weekdays,
        query.times,
        query.date_from,
        query.date_to,
        # Occurrence filters depend on the time: a new key every five minutes.
        int(timezone.now().timestamp() // CACHE_SECONDS) if query.has_occurrence_filters else 0,
    )
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return f"residents:head:v2:{'-'.join(map(str, generations))}:{digest}:{language}"


@dataclass
class SearchPage:
    head: Head
    number: int
    num_pages: int
    cache_key: str
    # The page's rows, read (from the cache or PostgreSQL) and made into cards when first asked:
    # a page whose body is in the template cache never asks (search.html).
    rows: Callable[[], list[Result]] = field(default=list, repr=False)

    @cached_property
    def results(self) -> list[Result]:
        return self.rows()

    @property
    def total(self) -> int:
        return self.head.total

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages

    @property
    def start_index(self) -> int:
        return (self.number - 1) * PAGE_SIZE + 1


# Soonest first under a time filter: the first occurrences in time order (the starts_at index)
# hold the page's activities, each first seen at its next matching time. Ordering every matching
# activity by its next occurrence instead cost 0.5–2.5 s at 40,000 activities / 1,000,000
# occurrences on a loaded machine (search/README.md).
SOONEST_WINDOW = 3000


def soonest_rows(eq: entries.EntryQuery, filters: dict, *, offset: int, limit: int):
    """The page of activities with the soonest matching occurrences, or None when the window
    of first occurrences does not hold enough of them (the caller then ranks every match)."""
    dated = registry.occurrences()
    occurrences, occurrence_params = dated.filter_sql(**filters, correlated=False)
    where, params = entries.where_sql(eq.with_(conditions=(), kinds=(dated.kind,)))
    sql = (
        f"WITH first AS MATERIALIZED (SELECT o.activity_id, o.starts_at FROM {occurrences} "  # noqa: S608
        f"ORDER BY o.starts_at, o.id LIMIT {SOONEST_WINDOW}) "
        "SELECT e.kind, e.object_id, e.card, NULL, min(f.starts_at) AS extra, "
        "(SELECT count(*) FROM first) AS scanned "
        f"FROM first f JOIN {entries.TABLE} e ON e.object_id = f.activity_id WHERE {where} "
        "GROUP BY e.id ORDER BY extra, e.title, e.id LIMIT %s OFFSET %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*occurrence_params, *params, limit, offset])
        rows = cursor.fetchall()
    if len(rows) < limit and rows and rows[0][5] >= SOONEST_WINDOW:
        return None
    if not rows:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT count(*) FROM (SELECT 1 FROM {occurrences} LIMIT {SOONEST_WINDOW}) s",  # noqa: S608
                occurrence_params,
            )
            if cursor.fetchone()[0] >= SOONEST_WINDOW:
                return None
    return [
        (kind, object_id, json.loads(card) if isinstance(card, str) else card, distance, extra)
        for kind, object_id, card, distance, extra, _scanned in rows
    ]


def residents_search(query: ResidentsQuery) -> SearchPage:
    language = fallback_chain()[0]
    now = timezone.now()
    eq = query.entry_query(now)
    key = cache_key(query, language)
    head = cache.get_or_set(key, lambda: build_head(query, eq), CACHE_SECONDS)
    if not isinstance(head, Head):  # not what build_head makes: build it afresh
        head = build_head(query, eq)
    if head.partial:
        eq = eq.with_(any_word=True)
    num_pages = max(1, -(-head.total // PAGE_SIZE))
    number = min(max(query.page, 1), num_pages)

    def rows() -> list[Result]:
        if not head.total:
            return []
        # A page's rows are cached beside its head (the same key: the entries' generations,
        # the query, and the five-minute bucket under a time filter), by page and order, for
        # the same five minutes: a search for a common word ranked the same 20 rows in 450 ms
        # of SQL on every request at the national benchmark's size (bench/README.md,
        # 2026-12-06). A next date shown is at most that old.
        rows_key = f"{key}:rows:{number}:{query.sort}"
        found = cache.get(rows_key)
        if found is None:
            found = _page_rows(query, eq, head, now, number)
            cache.set(rows_key, found, CACHE_SECONDS)
        results = []
        for kind, object_id, data, distance, next_start in found:
            result = result_from_row(kind, data, distance, next_start, language)
            result.object_id = object_id
            results.append(result)
        cards.prepare(results)
        return results

    return SearchPage(head=head, number=number, num_pages=num_pages, cache_key=key, rows=rows)


def _page_rows(
    query: ResidentsQuery, eq: entries.EntryQuery, head: Head, now: dt.datetime, number: int
) -> list[tuple]:
    filters = query.occurrence_filters(now)
    offset = (number - 1) * PAGE_SIZE
    rows = None
    if query.has_occurrence_filters and not eq.words.words and not eq.near:
        rows = soonest_rows(eq, filters, offset=offset, limit=PAGE_SIZE)
    if rows is None:
        rows = ranking.ranked_rows(
            eq,
            weights=head.weights,
            offset=offset,
            limit=PAGE_SIZE,
            total=None if head.capped else head.total,
            extra=registry.occurrences().next_sql(**filters),
            asked=query.asked_place_or_time,
            sort=query.sort,
        )
    return list(rows)
