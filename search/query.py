"""Matching, ranking and counting the search entries of one kind.

Raw SQL, composed from our own fragments with every value a parameter: the ORM cannot say
"count every facet key of the matching rows, each ignoring its own facet's selection" in one
statement, nor evaluate a word's tsquery once per statement (bench/README.md, "Facet counts":
141 ms with the tsqueries evaluated once against 296 ms with the ORM's inline to_tsquery() calls
at 100,000 organisations).

Filter first, rank later: the words match through the GIN index on `vector` (or, up to a typo,
pg_trgm's `%>` on `title`), facets through the GIN index on `facet_keys`, and only the matches
are ranked. Facets are disjunctive: AND across facets, OR within one, and each facet's counts
ignore that facet's own selection.

Ranking by match quality (the residents' search) is in search/ranking.py.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection

from .models import SearchEntry, SearchWord
from .text import ParsedQuery, QueryWord, word_variants

TABLE = SearchEntry._meta.db_table
# A broad search ranks at most this many candidates: every title match (up to the cap) plus the
# first full-text matches, "first" by id (a total order: without it the cap took whichever rows
# the scan met first, and the same URL could rank different rows from one run to the next).
# Ranking all 26,000 matches of a common word cost ~300 ms at 100,000 organisations; later pages
# than the cap reaches rank every match.
RANK_CANDIDATES = 400
# Counts stop here: "over 1,000" is as useful to a resident as the exact figure, and counting
# every facet key of 100,000 rows cost 230-290 ms cold (bench/README.md).
COUNT_CAP = 1000
TOTAL = "*"


@dataclass(frozen=True)
class EntryQuery:
    kind: str
    words: ParsedQuery = field(default_factory=ParsedQuery)
    # Facet group (the key prefix, "cat") → the keys chosen in it ("cat:youth"): OR within a
    # group, AND across groups.
    selected: dict[str, list[str]] = field(default_factory=dict)
    # When no entry holds every word: match any meaningful word, ranked by how many match.
    any_word: bool = False
    # (latitude, longitude, radius in km): only entries within the radius, nearest first.
    near: tuple[float, float, float] | None = None
    # Several kinds at once (the residents' search): overrides `kind`. The facet group "kind"
    # ("kind:place") then selects among them and is counted like any other group.
    kinds: tuple[str, ...] = ()
    # More conditions on the entries `e` (SQL, parameters), e.g. on an app's own tables.
    conditions: tuple[tuple[str, tuple], ...] = ()
    # With `near`: nearest first even when there are words (the words then only filter).
    by_distance: bool = False
    # Without words or distance: the soonest `next_at` first (then the title).
    soonest: bool = False
    # With `near`: entries held online stay in the results (they have no point).
    near_online: bool = False

    def with_(self, **changes) -> EntryQuery:
        return EntryQuery(**{**self.__dict__, **changes})


# --- Words -------------------------------------------------------------------------------------


def _variants_sql(text: str, weight: str) -> tuple[str, list[str]]:
    variants = word_variants(text, weight=weight)
    sql = " || ".join(f"to_tsquery('{config}'::regconfig, %s)" for _t, config in variants)
    return f"({sql})", [t for t, _config in variants]


def _joined(operator: str, tsqueries: Iterable[tuple[str, list[str]]]) -> tuple[str, list[str]]:
    """Tsqueries joined with `&&` or `||`, in parentheses, and their parameters in order."""
    parts, params = [], []
    for sql, ps in tsqueries:
        parts.append(sql)
        params += ps
    return "(" + f" {operator} ".join(parts) + ")", params


def _all_sql(texts: tuple[str, ...] | list[str], weight: str) -> tuple[str, list[str]]:
    return _joined("&&", (_variants_sql(text, weight) for text in texts))


def word_tsquery(word: QueryWord, *, weight: str = "") -> tuple[str, list[str]]:
    """One word as a tsquery: its own tokens (every language, stems and base forms), or its
    compound's distinctive parts, or the Finnish words a synonym stands for."""
    alternatives = [word.tokens]
    if word.parts:
        alternatives.append(word.parts)
    alternatives += [(synonym,) for synonym in word.synonyms]
    return _joined("||", (_all_sql(texts, weight) for texts in alternatives))


def _once(sql: str) -> str:
    """A scalar subquery: PostgreSQL evaluates the tsquery once per statement, not per row."""
    return f"(SELECT {sql})"


def word_condition(word: QueryWord) -> tuple[str, list]:
    """The word matches the text, or the title up to a typo (pg_trgm's word similarity)."""
    tsquery, params = word_tsquery(word)
    sql = f"e.vector @@ {_once(tsquery)}"
    typo = word.typo_word
    if len(word.tokens) == 1 and len(typo) >= 4:
        return f"({sql} OR e.title %%> %s)", [*params, typo]
    return sql, params


def _words_tsquery(words: tuple[QueryWord, ...], *, weight: str, any_word: bool):
    tsqueries = (word_tsquery(word, weight=weight) for word in words)
    sql, params = _joined("||" if any_word else "&&", tsqueries)
    return _once(sql), params


# --- Conditions --------------------------------------------------------------------------------


EARTH_RADIUS_KM = 6371.0
KM_PER_DEGREE = 111.2


def distance_sql(latitude: float, longitude: float) -> tuple[str, list[float]]:
    """Haversine distance in km from the point to the entry's (no PostGIS or earthdistance)."""
    return (
        f"(2 * {EARTH_RADIUS_KM} * asin(sqrt(power(sin(radians(e.latitude - %s) / 2), 2) + "
        "cos(radians(%s)) * cos(radians(e.latitude)) * "
        "power(sin(radians(e.longitude - %s) / 2), 2))))",
        [latitude, latitude, longitude],
    )


ONLINE_KEY = "venue:online"  # an entry held online: no point, and near everyone


def near_sql(
    latitude: float, longitude: float, km: float, *, online: bool = False
) -> tuple[str, list]:
    """Within `km`: a bounding box on the indexed coordinates first, then the exact distance.
    With `online`, entries held online (no point, the facet key "venue:online") too."""
    dlat = km / KM_PER_DEGREE
    dlon = km / (KM_PER_DEGREE * max(math.cos(math.radians(latitude)), 0.01))
    distance, params = distance_sql(latitude, longitude)
    sql = f"e.latitude BETWEEN %s AND %s AND e.longitude BETWEEN %s AND %s AND {distance} <= %s"
    params = [latitude - dlat, latitude + dlat, longitude - dlon, longitude + dlon, *params, km]
    if online:
        return f"(({sql}) OR e.facet_keys && %s::varchar[])", [*params, [ONLINE_KEY]]
    return sql, params


KIND_GROUP = "kind"  # the facet group of the entries' own kind ("kind:activity")


def selection_sql(group: str, keys: list[str], *, alias: str = "e") -> tuple[str, list]:
    """One facet group's selection: the keys' GIN overlap, or the entry's kind."""
    if group == KIND_GROUP and alias == "e":
        return "e.kind = ANY(%s::varchar[])", [[k.partition(":")[2] for k in keys]]
    return f"{alias}.facet_keys && %s::varchar[]", [list(keys)]


def where_sql(query: EntryQuery) -> tuple[str, list]:
    params: list[Any]
    if query.kinds:
        parts, params = ["e.kind = ANY(%s::varchar[])"], [list(query.kinds)]
    else:
        parts, params = ["e.kind = %s"], [query.kind]
    ps: list[Any] | tuple[Any, ...]
    for sql, ps in query.conditions:
        parts.append(sql)
        params += list(ps)
    if query.near:
        sql, ps = near_sql(*query.near, online=query.near_online)
        parts.append(sql)
        params += ps
    words = query.words.meaningful if query.any_word else query.words.words
    conditions = [word_condition(word) for word in words]
    if conditions and query.any_word:
        parts.append("(" + " OR ".join(sql for sql, _p in conditions) + ")")
        params += [p for _sql, ps in conditions for p in ps]
    else:
        for sql, ps in conditions:
            parts.append(sql)
            params += ps
    for group, keys in query.selected.items():
        if keys:
            sql, ps = selection_sql(group, keys)
            parts.append(sql)
            params += ps
    return " AND ".join(parts), params


def _run(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


# --- Facet counts ------------------------------------------------------------------------------


BASE = "+"  # the rows the counts were taken from
WITHOUT = "-"  # "-<group>": the total with that group's selection removed


def facet_counts(query: EntryQuery, *, cap: int | None = None) -> tuple[dict[str, int], int, bool]:
    """(counts of every facet key, the total, whether the counts are exact), one statement.
    The counts include "-<group>": how many match with that group's selection removed.

    The rows that can count somewhere (the words' matches failing at most one facet group's
    selection) are unnested to their facet keys plus "*"; a key is counted when the row passes
    the selections of every *other* group, "*" when it passes all of them.

    At most cap + 1 (COUNT_CAP + 1) such rows are read. When there are more, the facet counts would
    be those of an arbitrary sample: they are dropped, and the total is counted on its own, up
    to cap + 1 ("over cap"). Counting every key of 100,000 rows cost 230-290 ms cold
    (bench/README.md); reading 1,001 rows costs a few.
    """
    cap = cap or COUNT_CAP
    words_where, words_params = where_sql(query.with_(selected={}))
    groups = {group: keys for group, keys in query.selected.items() if keys}
    base_where, base_params = words_where, list(words_params)
    if len(groups) > 1:
        # A row failing two groups' selections counts nowhere: the rows passing every group but
        # one, for each group, written as an OR of ANDs so that each AND is a scan of the GIN
        # index on facet_keys. (A sum of NOT conditions was a sequential scan of the wide table:
        # three filters, 54 → 35 ms at 100,000 organisations, bench/README.md "Cold searches".)
        passing = []
        for skip in groups:
            others = [selection_sql(g, keys) for g, keys in groups.items() if g != skip]
            passing.append(" AND ".join(sql for sql, _ps in others))
            base_params += [p for _sql, ps in others for p in ps]
        base_where += " AND (" + " OR ".join(f"({sql})" for sql in passing) + ")"
    # Over several kinds, each entry's kind counts as the key "kind:<kind>".
    keys_sql = (
        f"e.facet_keys || ('{KIND_GROUP}:' || e.kind)::varchar" if query.kinds else "e.facet_keys"
    )
    inner = (
        f"SELECT {keys_sql} AS facet_keys FROM {TABLE} e "  # noqa: S608
        f"WHERE {base_where} LIMIT {int(cap) + 1}"
    )

    def all_except(skip: str | None) -> tuple[str, list]:
        conditions = [(g, keys) for g, keys in groups.items() if g != skip]
        if not conditions:
            return "TRUE", []
        sql = " AND ".join("b.facet_keys && %s::varchar[]" for _g in conditions)
        return sql, [list(keys) for _g, keys in conditions]

    branches, branch_params = [f"WHEN '{BASE}' THEN TRUE"], []
    for group in groups:
        sql, ps = all_except(group)
        # The group's own keys, and its "without" total, count rows passing the other groups.
        branches.append(f"WHEN %s THEN ({sql}) WHEN %s THEN ({sql})")
        branch_params += [group, *ps, f"{WITHOUT}{group}", *ps]
    else_sql, else_params = all_except(None)
    where = f"CASE split_part(k, ':', 1) {' '.join(branches)} ELSE ({else_sql}) END"
    sql = (
        f"SELECT k, count(*) FROM ({inner}) AS b, "  # noqa: S608 (our own fragments)
        f"unnest(b.facet_keys::text[] || ARRAY['{TOTAL}', '{BASE}'] || %s::text[]) AS k "
        f"WHERE {where} GROUP BY k"
    )
    without = [f"{WITHOUT}{group}" for group in groups]
    counts = dict(_run(sql, [*base_params, without, *branch_params, *else_params]))
    base = counts.pop(BASE, 0)
    total = counts.pop(TOTAL, 0)
    if base <= cap:
        return counts, total, True
    if not groups:  # the rows read were all matches: more than the cap
        return {}, base, False
    return {}, count_matches(query, cap=cap), False


def count_matches(query: EntryQuery, *, cap: int | None = None) -> int:
    """How many entries match, counting up to cap + 1."""
    cap = cap or COUNT_CAP
    where, params = where_sql(query)
    row = _run(
        f"SELECT count(*) FROM (SELECT 1 FROM {TABLE} e WHERE {where} "  # noqa: S608
        f"LIMIT {int(cap) + 1}) AS s",
        params,
    )
    return row[0][0]


def count_many(queries: list[EntryQuery], *, cap: int | None = None) -> list[int]:
    """How many entries match each query (up to cap + 1 each), in one statement: the ways to
    widen an empty search are counted together."""
    if not queries:
        return []
    cap = cap or COUNT_CAP
    parts, params = [], []
    for query in queries:
        where, ps = where_sql(query)
        parts.append(
            f"(SELECT count(*) FROM (SELECT 1 FROM {TABLE} e WHERE {where} "  # noqa: S608
            f"LIMIT {int(cap) + 1}) AS s)"
        )
        params += ps
    return list(_run(f"SELECT {', '.join(parts)}", params)[0])


def words_found(query: EntryQuery) -> dict[str, bool]:
    """Which of the words find something on their own under the selections (one statement)."""
    words = query.words.words
    if not words:
        return {}
    # Each word's matches as a MATERIALIZED common table expression, read until the first row:
    # planned for all its rows, the CTE is a scan of the indexes, stopped after one heap row. A
    # plain EXISTS let the planner bet on finding a match early in a sequential scan: a word
    # that 22 of 100,000 entries hold cost 400-530 ms that way, 0.7 ms through the CTE
    # (bench/README.md "Cold searches").
    ctes, params = [], []
    for i, word in enumerate(words):
        sql, ps = word_condition(word)
        ctes.append(f"w{i} AS MATERIALIZED (SELECT 1 FROM {TABLE} e WHERE {{base}} AND {sql})")  # noqa: S608
        params.append(ps)
    base, base_params = where_sql(query.with_(words=ParsedQuery()))
    found = ", ".join(f"EXISTS (SELECT 1 FROM w{i})" for i in range(len(words)))  # noqa: S608
    statement = f"WITH {', '.join(c.replace('{base}', base) for c in ctes)} SELECT {found}"
    flat: list = []
    for ps in params:
        flat += [*base_params, *ps]
    row = _run(statement, flat)[0]
    return {word.text: bool(found) for word, found in zip(words, row, strict=True)}


def spelling_suggestion(word: str) -> str | None:
    """The closest known word by trigram similarity (pg_trgm's `%`, GIN index on the words)."""
    if len(word) < 4:
        return None
    found = (
        SearchWord.objects.extra(
            where=["word %% %s", "word <> %s"],
            params=[word, word],
            select={"similarity": "similarity(word, %s)"},
            select_params=[word],
        )
        .order_by("-similarity", "word")
        .values_list("word", flat=True)
        .first()
    )
    return found


def candidates_sql(query: EntryQuery) -> tuple[str, list]:
    """The rows a broad search ranks (RANK_CANDIDATES of each kind of match), as a statement
    selecting whole entries: with any word allowed, the first matches (by id) of each meaningful
    word and, from three words on, of each pair of words, so that the entries holding the most
    words are among them (ranking every entry that holds any word cost 500 ms at 100,000
    organisations for three common words; with two words no entry holds both: that is why any
    word may match). Otherwise the titles the name score counts (the words with weight A, or the
    phrase up to a typo: GIN bitmaps of the vector and of the title's trigrams) and the first
    text matches; the caller's condition keeps those that match.

    "The first by id" keeps the same URL ranking the same rows. It is written `ORDER BY e.id + 0`
    so that PostgreSQL reads the matches from the GIN bitmaps and sorts their ids, instead of
    walking the primary key and testing each row (a title's trigram similarity per row): for a
    common word at the national benchmark's size ("vertaisryhmä", 50,000 entries) the walk
    tested 24,000 rows, 371 of the statement's 452 ms (bench/README.md, 2026-12-06). (Titles
    containing the words' first letters, `ILIKE '%mui%'`, made the planner walk the title btree
    past 38,000 names: 183 of 239 ms for "muisti" at 100,000 organisations, "Cold searches".)
    """
    first = f"ORDER BY e.id + 0 LIMIT {RANK_CANDIDATES}"
    base, base_params = where_sql(query.with_(words=ParsedQuery()))
    if query.any_word:
        conditions = [word_condition(word) for word in query.words.meaningful]
        subsets = [[c] for c in conditions]
        if 3 <= len(conditions) <= 4:
            subsets += [[a, b] for i, a in enumerate(conditions) for b in conditions[i + 1 :]]
        selects, params = [], []
        for subset in subsets:
            sql = " AND ".join(c for c, _p in subset)
            selects.append(f"(SELECT e.id FROM {TABLE} e WHERE {base} AND {sql} {first})")  # noqa: S608
            params += [*base_params, *[p for _c, ps in subset for p in ps]]
        return f"SELECT e.* FROM {TABLE} e WHERE e.id IN ({' UNION '.join(selects)})", params  # noqa: S608
    where, where_params = where_sql(query)
    name_tsquery, name_params = _words_tsquery(query.words.words, weight="A", any_word=False)
    phrase = " ".join(query.words.texts)
    sql = (
        f"SELECT e.* FROM {TABLE} e WHERE e.id IN ("  # noqa: S608 (our own fragments)
        f"(SELECT e.id FROM {TABLE} e WHERE {base} AND (e.vector @@ {name_tsquery} "
        f"OR e.title %%> %s) {first}) "
        f"UNION (SELECT e.id FROM {TABLE} e WHERE {where} {first}))"
    )
    return sql, [*base_params, *name_params, phrase, *where_params]


# --- The page ----------------------------------------------------------------------------------


def page_rows(
    query: EntryQuery,
    *,
    offset: int,
    limit: int,
    total: int | None = None,
    extra: tuple[str, list] | None = None,
) -> list[tuple]:
    """(object_id, card) of one page of matches, best first. With `extra` (an SQL expression
    on `e` and its parameters): (kind, object_id, card, distance or None, the expression).

    Ranking: with words, entries matching more of them first (only when any word may match),
    then titles matching the words (full text, or the whole phrase up to a typo), then ts_rank,
    then the title; without words, by title.
    """
    where, params = where_sql(query)
    words = query.words.words
    candidates, source_params = "", list[Any]()
    select_params: list[Any]
    if query.near and (query.by_distance or not words):
        distance, select_params = distance_sql(*query.near[:2])
        select, order = f", {distance} AS distance", "distance, e.title, e.id"
    elif not words and query.soonest:
        # The extra expression (the next matching occurrence) when given, else the stored one.
        soonest = "extra" if extra is not None else "e.next_at"
        select, select_params, order = "", [], f"{soonest} NULLS LAST, e.title, e.id"
    elif not words:
        select, select_params, order = "", [], "e.title, e.id"
    else:
        phrase = " ".join(query.words.texts)
        name_tsquery, name_params = _words_tsquery(words, weight="A", any_word=query.any_word)
        text_tsquery, text_params = _words_tsquery(words, weight="", any_word=query.any_word)
        select = (
            f", GREATEST(CASE WHEN e.vector @@ {name_tsquery} THEN 1.0 ELSE 0.0 END, "
            "CASE WHEN e.title %%> %s THEN word_similarity(%s, e.title) ELSE 0.0 END) AS name_score"
            f", ts_rank(e.vector, {text_tsquery}) AS rank"
        )
        select_params = [*name_params, phrase, phrase, *text_params]
        order = "name_score DESC, rank DESC, e.title, e.id"
        if query.any_word:
            matched, matched_params = [], []
            for word in query.words.meaningful:
                sql, ps = word_condition(word)
                matched.append(f"(CASE WHEN {sql} THEN 1 ELSE 0 END)")
                matched_params += ps
            select += f", ({' + '.join(matched)}) AS matched"
            select_params += matched_params
            order = "matched DESC, " + order
        capped = total is None or total > RANK_CANDIDATES
        if capped and offset + limit <= RANK_CANDIDATES:
            candidates, source_params = candidates_sql(query)
    source = f"{TABLE} e"
    if query.near and query.by_distance:
        candidates = ""  # the radius bounds the rows: every match is ordered by distance
    if candidates:
        # The candidates as a MATERIALIZED CTE: the words' conditions below are then checked on
        # those few hundred rows alone. Joined to the table instead, the planner built the
        # words' bitmaps over the whole table a second time: a two-word search at 100,000
        # organisations 186 → 96 ms (bench/README.md "Cold searches").
        source = "candidates e"
    head = "e.object_id, e.card"
    if extra is not None:
        distance = "distance" if "AS distance" in select else "NULL"
        head = f"e.kind, e.object_id, e.card, {distance}, ({extra[0]})"
        select_params = [*select_params, *extra[1]]
        # The extra expression comes after the ranking columns in the statement's text.
        sql = (
            f"SELECT e.kind, e.object_id, e.card{select}, ({extra[0]}) AS extra "  # noqa: S608
            f"FROM {source} WHERE {where} ORDER BY {order} LIMIT %s OFFSET %s"
        )
        sql = f"SELECT kind, object_id, card, {distance}, extra FROM ({sql}) AS page"  # noqa: S608
    else:
        sql = (
            f"SELECT {head}{select} FROM {source} "  # noqa: S608 (our own fragments)
            f"WHERE {where} ORDER BY {order} LIMIT %s OFFSET %s"
        )
    if candidates:
        sql = f"WITH candidates AS MATERIALIZED ({candidates}) {sql}"
    rows = _run(sql, [*source_params, *select_params, *params, limit, offset])
    if extra is not None:
        return [
            (row[0], row[1], json.loads(row[2]) if isinstance(row[2], str) else row[2], *row[3:])
            for row in rows
        ]
    # psycopg hands jsonb to Django as text (Django's JSONField decodes it itself).
    return [(row[0], json.loads(row[1]) if isinstance(row[1], str) else row[1]) for row in rows]
