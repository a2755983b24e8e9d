"""Ranking by match quality (the residents' search): each word's weight, the candidates of a
broad search, and the rows ranked in bands of quality, then by time and distance.
"""

from __future__ import annotations

import hashlib
import json
import math

from django.core.cache import cache

from . import query as entries
from .entries import search_generations
from .query import (
    TABLE,
    EntryQuery,
    _once,
    _run,
    _words_tsquery,
    distance_sql,
    where_sql,
    word_condition,
    word_tsquery,
)
from .text import ParsedQuery

# A word matched in a name or keywords (weights A, B: names, taxonomy terms, places) counts fully;
# matched only in the long texts (C), this much.
TEXT_ONLY_STRENGTH = 0.6
# Match quality is cut into this many bands: inside a band, time and distance order the rows,
# so a weaker match nearby never outranks a better one further away.
BANDS = 10
# A word's count of entries is kept this long at most (a change of the kinds' entries starts
# new keys at once).
COUNT_SECONDS = 3600


def word_weights(query: EntryQuery) -> dict[str, float]:
    """Each word's weight, falling with how many of the searched entries hold it: BM25's
    inverse document frequency ln(1 + (N - n + 0.5) / (n + 0.5)), with N the entries of the
    kinds and n those matching the word. Counted from the entries themselves (a GIN bitmap count
    per word) and kept in the cache per word under the kinds' generations, so the weights follow
    the data and a word already counted since the last change costs no statement: a common
    word's count was 10-60 ms of every new search holding it at national size (bench/README.md,
    "Cold searches near a place this week"). The words not in the cache in one statement."""
    words = query.words.words
    if not words:
        return {}
    base, base_params = where_sql(
        query.with_(words=ParsedQuery(), selected={}, near=None, conditions=())
    )
    kinds = query.kinds or (query.kind,)
    prefix = "search:df:" + ".".join(map(str, search_generations(kinds=kinds)))
    wanted: dict[str, tuple[str, list]] = {
        _count_key(prefix, base, base_params): (base, list(base_params))
    }
    keys = []
    for word in words:
        sql, ps = word_condition(word)
        key = _count_key(prefix, sql, ps)
        wanted[key] = (f"{base} AND {sql}", [*base_params, *ps])
        keys.append(key)
    counts = cache.get_many(list(wanted))
    missing = [key for key in wanted if not isinstance(counts.get(key), int)]
    if missing:
        parts = [f"(SELECT count(*) FROM {TABLE} e WHERE {wanted[key][0]})" for key in missing]  # noqa: S608
        params = [p for key in missing for p in wanted[key][1]]
        fresh = dict(zip(missing, _run(f"SELECT {', '.join(parts)}", params)[0], strict=True))
        cache.set_many(fresh, COUNT_SECONDS)
        counts.update(fresh)
    total = counts[next(iter(wanted))]
    return {
        word.text: math.log(1 + (total - counts[key] + 0.5) / (counts[key] + 0.5))
        for word, key in zip(words, keys, strict=True)
    }


def _count_key(prefix: str, sql: str, params: list) -> str:
    digest = hashlib.blake2b(f"{sql}\x00{params!r}".encode(), digest_size=16).hexdigest()
    return f"{prefix}:{digest}"


def quality_sql(query: EntryQuery, weights: dict[str, float]) -> tuple[str, list]:
    """How well the entry matches, 0-1: the words' weights it holds (fully in names and
    keywords, TEXT_ONLY_STRENGTH in the long texts) over all the words' weights."""
    words = query.words.words
    total = sum(weights.get(w.text, 1.0) for w in words)
    if not words or not total:
        return "1.0", []
    parts, params = [], []
    for word in words:
        strong, strong_params = word_tsquery(word, weight="AB")
        matched, matched_params = word_condition(word)
        parts.append(
            f"%s * (CASE WHEN e.vector @@ {_once(strong)} THEN 1.0 "
            f"WHEN {matched} THEN {TEXT_ONLY_STRENGTH} ELSE 0.0 END)"
        )
        params += [weights.get(word.text, 1.0), *strong_params, *matched_params]
    return f"(({' + '.join(parts)}) / %s)", [*params, total]


def ranked_rows(
    query: EntryQuery,
    *,
    weights: dict[str, float],
    offset: int,
    limit: int,
    total: int | None = None,
    extra: tuple[str, list] | None = None,
    asked: bool = False,
    sort: str = "",
) -> list[tuple]:
    """(kind, object_id, card, distance or None, the extra expression) of one page, best first.

    Match quality first, in BANDS bands (quality_sql). Inside a band, when the resident asked
    for a place or a time (`asked`): things with dates and a true point first, then those with
    dates only (online), then the rest with a true point, then the rest; each nearest first
    (true points only: `point_exact`), then soonest (the extra expression when given, else
    `next_at`). Without a place or time: names matching the words, quality and ts_rank. `sort`
    "date" or "distance" orders the matches by that alone (bands first only when no entry holds
    every word). Ties end on the title and the id: a total order.
    """
    where, params = where_sql(query)
    words = query.words.words
    quality, quality_params = quality_sql(query, weights)
    select = f", {quality} AS quality"
    select_params = list(quality_params)
    if words:
        phrase = " ".join(query.words.texts)
        name_tsquery, name_params = _words_tsquery(words, weight="A", any_word=query.any_word)
        text_tsquery, text_params = _words_tsquery(words, weight="", any_word=query.any_word)
        select += (
            f", GREATEST(CASE WHEN e.vector @@ {name_tsquery} THEN 1.0 ELSE 0.0 END, "
            "CASE WHEN e.title %%> %s THEN word_similarity(%s, e.title) ELSE 0.0 END) AS name_score"
            f", ts_rank(e.vector, {text_tsquery}) AS rank"
        )
        select_params += [*name_params, phrase, phrase, *text_params]
    else:
        select += ", 0.0 AS name_score, 0.0 AS rank"
    if query.near:
        distance, distance_params = distance_sql(*query.near[:2])
        select += f", CASE WHEN e.point_exact THEN {distance} END AS distance"
        select_params += distance_params
    else:
        select += ", NULL::float AS distance"
    when = "extra" if extra is not None else "next_at"
    extra_sql, extra_params = extra if extra is not None else ("NULL::timestamptz", [])
    select += f", ({extra_sql}) AS extra"
    select_params += list(extra_params)
    tier = "(CASE WHEN next_at IS NOT NULL THEN 0 ELSE 1 END)"
    if query.near:  # held in person at a true point, before online and approximate points
        tier = (
            "(CASE WHEN next_at IS NOT NULL AND point_exact THEN 0 "
            "WHEN next_at IS NOT NULL THEN 1 WHEN point_exact THEN 2 ELSE 3 END)"
        )
    band = f"floor(quality * {BANDS} + 0.000001) DESC"
    tail = "quality DESC, name_score DESC, rank DESC, title, id"
    if sort == "date":
        order = f"{when} NULLS LAST, distance NULLS LAST, {tail}"
    elif sort == "distance":
        order = f"distance NULLS LAST, {tier}, {when} NULLS LAST, {tail}"
    elif asked:
        order = f"{band}, {tier}, distance NULLS LAST, {when} NULLS LAST, {tail}"
    else:
        order = f"{band}, name_score DESC, {tail}"
    if sort and query.any_word:
        order = f"{band}, {order}"
    candidates, candidate_params = "", list[object]()
    capped = total is None or total > entries.RANK_CANDIDATES
    if words and not query.near and capped and offset + limit <= entries.RANK_CANDIDATES:
        candidates, candidate_params = entries.candidates_sql(query)
    source = "candidates e" if candidates else f"{TABLE} e"
    # The ranking columns computed once per row in the inner statement, ordered outside it.
    sql = (
        "SELECT kind, object_id, card, distance, extra FROM ("  # noqa: S608 (our own fragments)
        f"SELECT e.kind, e.object_id, e.card, e.title, e.id, e.next_at, e.point_exact{select} "
        f"FROM {source} WHERE {where}) AS r ORDER BY {order} LIMIT %s OFFSET %s"
    )
    if candidates:
        sql = f"WITH candidates AS MATERIALIZED ({candidates}) {sql}"
    rows = _run(sql, [*candidate_params, *select_params, *params, limit, offset])
    return [
        (row[0], row[1], json.loads(row[2]) if isinstance(row[2], str) else row[2], *row[3:])
        for row in rows
    ]
