"""The public directory: Finnish-aware full-text search, typo-tolerant names and facet counts.

Shape of one search (at most three queries; one when the facets are cached):
1. facet counts and the total, in one query over the published, searched set (cached for a few
   minutes per search words, selections and language, together with the labels: repeated
   searches skip 1 and 2);
2. the labels of the taxonomy facets shown (terms, networks, municipalities, areas), one UNION;
3. the page of results, ranked, with the cards' municipalities and target groups (page_sql).

Filter first, rank later: the full-text match uses the stored `search_vector` (GIN) and the
typo match pg_trgm's `<%` operator on `name` (GIN trigram); ranking touches only the matches.
Facets are disjunctive: AND across facets, OR within one, and each facet's counts ignore that
facet's own selection, so a count tells how many results ticking the box would add.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Q, QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from areas.models import Municipality, WelfareArea

from .models import (
    Category,
    Network,
    Organisation,
    ServiceLanguage,
    Term,
)

PAGE_SIZE = 20
LANDING_FACETS_CACHE_KEY = "directory:landing-facets:v2"
FACETS_CACHE_SECONDS = 300
# pg_trgm's default word_similarity_threshold: the `<%` operator matches at or above it.
NAME_SIMILARITY_THRESHOLD = 0.6
MAX_QUERY_WORDS = 8
QUERY_WORD_RE = re.compile(r"[0-9a-zåäöéüA-ZÅÄÖÉÜ]+")
LANGUAGE_CONFIGS = ("finnish", "swedish", "english")

# Finnish inflected endings the Snowball stemmer leaves with consonant gradation, rewritten to a
# base form that is searched as well: "yhdistyksen" → "yhdistys", "kristillisen" → "kristillinen".
FINNISH_BASE_FORMS = [
    ("isten", "inen"), ("isien", "inen"), ("isen", "inen"), ("iset", "inen"),
    ("isia", "inen"), ("isiä", "inen"),
    ("ksien", "s"), ("ksiin", "s"), ("ksissa", "s"), ("ksissä", "s"), ("ksista", "s"),
    ("ksistä", "s"), ("ksille", "s"), ("ksen", "s"), ("kset", "s"), ("ksia", "s"),
    ("ksiä", "s"), ("ksessa", "s"), ("ksessä", "s"), ("ksesta", "s"), ("ksestä", "s"),
    ("kselle", "s"), ("ksella", "s"), ("ksellä", "s"),
]  # fmt: skip

# Facet groups: GET parameter → facet key prefix in Organisation.facet_keys.
FACET_PREFIXES = {
    "category": "cat",
    "target_group": "tg",
    "municipality": "mun",
    "language": "lang",
    "services": "svc",
    "network": "net",
    "area": "area",  # not in facet_keys: added from the welfare area in the facet query
}


@dataclass(frozen=True)
class DirectoryQuery:
    """What the visitor asked for, parsed and validated by filters.DirectoryFilter."""

    q: str = ""
    selected: dict[str, list[str]] = field(default_factory=dict)  # GET parameter → values
    page: int = 1

    def facet_keys(self, param: str) -> list[str]:
        prefix = FACET_PREFIXES[param]
        return [f"{prefix}:{value}" for value in self.selected.get(param, [])]


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    param: str
    legend: str
    options: list[FacetOption]


@dataclass
class DirectoryResult:
    page: Page
    total: int
    facets: list[Facet]


# --- Text search -------------------------------------------------------------------------------


def query_words(q: str) -> list[str]:
    return [w.lower() for w in QUERY_WORD_RE.findall(q)][:MAX_QUERY_WORDS]


def finnish_base_form(word: str) -> str | None:
    for ending, base in FINNISH_BASE_FORMS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)] + base
    return None


def word_variants(word: str, *, weight: str = "") -> list[tuple[str, str]]:
    """(raw tsquery text, configuration) pairs of one word: every language, stemmed by
    PostgreSQL, as a prefix when long enough, plus a Finnish base form when one is known.

    to_tsquery('finnish', 'muistisairaiden:*') stems the word ('muistisair':*), so inflected
    and compound forms that start with the stem match ("muistisairaus", "vertaistukiryhmä").
    """
    prefix = ":*" if len(word) >= 3 else ""
    suffix = (prefix or ":") + weight if weight else prefix
    variants = [(word, config) for config in LANGUAGE_CONFIGS]
    base = finnish_base_form(word)
    if base:
        variants.append((base, "finnish"))
    return [(f"{text}{suffix}", config) for text, config in variants]


def _word_query(word: str) -> SearchQuery:
    """One word in every language (word_variants), ORed, for the ORM."""
    query: SearchQuery | None = None
    for text, config in word_variants(word):
        part = SearchQuery(text, config=config, search_type="raw")
        query = part if query is None else query | part
    assert query is not None
    return query


def search(queryset: QuerySet[Organisation], q: str) -> QuerySet[Organisation]:
    """Organisations where every word matches the text, or the name up to a typo.

    Per word: the full-text match (GIN on search_vector) OR pg_trgm's `word <% name` (GIN
    trigram index on name); the words are ANDed.
    """
    words = query_words(q)
    condition = Q()
    for word in words:
        word_condition = Q(search_vector=_word_query(word))
        if len(word) >= 4:
            word_condition |= Q(name__trigram_word_similar=word)
        condition &= word_condition
    return queryset.filter(condition) if words else queryset


# --- Planner settings of a text search -----------------------------------------------------------
#
# PostgreSQL estimates a prefix tsquery to match a fixed share of the rows (17,655 of 100,000 for
# "kuulo", which matches 961). With that estimate it prefers a sequential scan, or walking another
# index until a LIMIT is reached, testing the full-text match against every row's stored vector
# (400–500 ms at 100,000 organisations). A bitmap scan of the GIN index finds the matches without
# reading the vectors: 20–45 ms for the same page. A text search's statements therefore run with
# sequential and plain index scans off, SET LOCAL in the statement's own (implicit) transaction:
# the same round trip, and nothing leaks to later statements.

BITMAP_SCANS_ONLY = "SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off; "


def execute_text_search(cursor, sql: str, params: list, *, bitmap_scans: bool = True) -> None:
    """Run a text search's statement with bitmap scans only (see above); the cursor is left on
    its result."""
    options = connection.settings_dict.get("OPTIONS", {})
    if not bitmap_scans or options.get("server_side_binding"):
        # Several statements in one execute() need client-side binding (Django's default).
        cursor.execute(sql, params)
        return
    cursor.execute(BITMAP_SCANS_ONLY + sql, params)
    while cursor.description is None and cursor.nextset():
        pass


# --- Facets ------------------------------------------------------------------------------------


def apply_facets(
    queryset: QuerySet[Organisation], query: DirectoryQuery, *, skip: str | None = None
) -> QuerySet[Organisation]:
    """AND across facets, OR within a facet (`&&` on the GIN-indexed facet_keys)."""
    for param, values in query.selected.items():
        if not values or param == skip:
            continue
        if param == "area":
            queryset = queryset.filter(welfare_area__slug__in=values)
        else:
            queryset = queryset.filter(facet_keys__overlap=query.facet_keys(param))
    return queryset


def facet_counts(query: DirectoryQuery) -> tuple[dict[str, int], int]:
    """Counts of every facet key, and the total, in one query.

    Every row of the searched set (published, matching the words; see _where_sql) is unnested to
    its facet keys (plus "area:<slug>" and "*" for the total); a key is counted when the row
    passes the selections of all *other* facets.
    """
    words_where, inner_params = _where_sql(DirectoryQuery(q=query.q))
    inner_sql = (
        "SELECT o.facet_keys, a.slug AS area_slug "  # noqa: S608 (our own names and fragments)
        f"FROM {Organisation._meta.db_table} o LEFT JOIN {WelfareArea._meta.db_table} a "
        f"ON a.id = o.welfare_area_id WHERE {words_where}"
    )

    conditions: dict[str, tuple[str, list]] = {}
    for param, values in query.selected.items():
        if not values:
            continue
        prefix = FACET_PREFIXES[param]
        if param == "area":
            conditions[prefix] = ("b.area_slug = ANY(%s)", [list(values)])
        else:
            conditions[prefix] = ("b.facet_keys && %s::varchar[]", [query.facet_keys(param)])

    def all_except(prefix: str | None) -> tuple[str, list]:
        parts = [cond for p, cond in conditions.items() if p != prefix]
        if not parts:
            return "TRUE", []
        return " AND ".join(sql for sql, _ in parts), [v for _, ps in parts for v in ps]

    where_sql, where_params = "TRUE", []
    if conditions:
        branches, branch_params = [], []
        for prefix in conditions:
            sql, params = all_except(prefix)
            branches.append(f"WHEN %s THEN ({sql})")
            branch_params += [prefix, *params]
        else_sql, else_params = all_except(None)
        where_sql = f"CASE split_part(k, ':', 1) {' '.join(branches)} ELSE ({else_sql}) END"
        where_params = branch_params + else_params

    sql = (
        "SELECT k, count(*) FROM "  # noqa: S608 (composed of our own fragments, values as params)
        f"({inner_sql}) AS b, "
        "unnest(b.facet_keys::text[] || ARRAY['area:' || b.area_slug, '*']) AS k "
        f"WHERE k IS NOT NULL AND {where_sql} GROUP BY k"
    )
    with connection.cursor() as cursor:
        execute_text_search(
            cursor, sql, [*inner_params, *where_params], bitmap_scans=bool(query_words(query.q))
        )
        counts = dict(cursor.fetchall())
    total = counts.pop("*", 0)
    return counts, total


def _localised(names: tuple[str, str, str]) -> str:
    by_code = dict(zip(("fi", "sv", "en"), names, strict=True))
    language = (get_language() or "fi")[:2]
    for code in dict.fromkeys([language, "fi", "sv", "en"]):
        if by_code.get(code):
            return by_code[code]
    return ""


def taxonomy_labels(keys: Iterable[str]) -> dict[str, str]:
    """Names of the target groups, networks, municipalities and areas among the keys (1 query)."""
    wanted: dict[str, list[str]] = {"tg": [], "net": [], "mun": [], "area": []}
    for key in keys:
        prefix, _, value = key.partition(":")
        if prefix in wanted:
            wanted[prefix].append(value)
    if not any(wanted.values()):
        return {}

    tables = {
        "tg": (Term._meta.db_table, "slug", "name_en"),
        "net": (Network._meta.db_table, "slug", "name_en"),
        "mun": (Municipality._meta.db_table, "code", "''"),
        "area": (WelfareArea._meta.db_table, "slug", "name_en"),
    }
    parts, params = [], []
    for prefix, (table, column, name_en) in tables.items():
        if wanted[prefix]:
            parts.append(
                f"SELECT %s || {column}, name_fi, name_sv, {name_en} "  # noqa: S608 (our names)
                f"FROM {table} WHERE {column} = ANY(%s)"
            )
            params += [f"{prefix}:", wanted[prefix]]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        union = cursor.fetchall()
    return {key: _localised((fi, sv, en or "")) for key, fi, sv, en in union}


def build_facets(counts: dict[str, int], query: DirectoryQuery) -> list[Facet]:
    selected_keys = {k for param in query.selected for k in query.facet_keys(param)}
    labels = taxonomy_labels(set(counts) | selected_keys)
    static_labels = {
        "cat": dict(Category.choices),
        "lang": dict(ServiceLanguage.choices),
        "svc": {"yes": _("Produces services"), "no": _("Does not produce services")},
    }
    legends = {
        "area": _("Welfare area"),
        "category": _("Sector"),
        "target_group": _("Target group"),
        "municipality": _("Municipality"),
        "language": _("Language"),
        "services": _("Social or health services"),
        "network": _("Network"),
    }
    facets = []
    for param, legend in legends.items():
        prefix = FACET_PREFIXES[param]
        chosen = set(query.selected.get(param, []))
        if prefix in static_labels:
            values = list(static_labels[prefix])  # choice order
        else:
            values = {k.partition(":")[2] for k in counts if k.startswith(f"{prefix}:")} | chosen
        options = []
        for value in values:
            key = f"{prefix}:{value}"
            count = counts.get(key, 0)
            if not count and value not in chosen:
                continue
            label = static_labels.get(prefix, {}).get(value) or labels.get(key) or value
            options.append(FacetOption(str(value), str(label), count, value in chosen))
        if prefix not in static_labels:
            options.sort(key=lambda o: o.label.lower())
        if options:
            facets.append(Facet(param, legend, options))
    return facets


def facet_cache_key(query: DirectoryQuery) -> str:
    """The cache key of a search's facet counts: its words and selections, not the page."""
    words = query_words(query.q)
    selected = sorted((param, sorted(values)) for param, values in query.selected.items() if values)
    if not words and not selected:
        return LANDING_FACETS_CACHE_KEY
    digest = hashlib.sha256(repr((words, selected)).encode()).hexdigest()[:32]
    return f"directory:facets:v2:{digest}"


# --- The page of results: one SQL statement -----------------------------------------------------
#
# The ranked page, its welfare area and the names of each card's municipalities and target groups
# come from one statement composed here (no ORM compilation per request, no prefetch queries).
# Its conditions are those of `search` and `apply_facets` above, written out in SQL; the ranking
# (name matches first, then ts_rank, then the name) exists only here.

# A broad search ranks at most this many candidates: every name match (up to the cap) plus the
# first full-text matches. Ranking all 26,000 matches of a common word cost ~300 ms at 100,000
# organisations; later pages than the cap reaches fall back to ranking every match.
RANK_CANDIDATES = 400


def _tsquery_sql(words: list[str], *, weight: str = "") -> tuple[str, list[str]]:
    """The words as one tsquery in SQL: AND across words, OR across languages (word_variants)."""
    word_parts, params = [], []
    for word in words:
        variants = word_variants(word, weight=weight)
        word_parts.append(
            "(" + " || ".join(f"to_tsquery('{c}'::regconfig, %s)" for _t, c in variants) + ")"
        )
        params += [text for text, _c in variants]
    return "(SELECT " + " && ".join(word_parts) + ")", params


def _where_sql(query: DirectoryQuery) -> tuple[str, list]:
    """Published, every word matching (text or name up to a typo), and the facet selections."""
    parts = ["o.status = %s", "o.merged_into_id IS NULL"]
    params: list = ["published"]
    for word in query_words(query.q):
        tsquery, ts_params = _tsquery_sql([word])
        if len(word) >= 4:
            parts.append(f"(o.search_vector @@ {tsquery} OR o.name %%> %s)")
            params += [*ts_params, word]
        else:
            parts.append(f"o.search_vector @@ {tsquery}")
            params += ts_params
    for param, values in query.selected.items():
        if not values:
            continue
        if param == "area":
            parts.append(
                "o.welfare_area_id IN (SELECT id FROM "  # noqa: S608 (our own table name)
                f"{WelfareArea._meta.db_table} WHERE slug = ANY(%s))"
            )
            params.append(list(values))
        else:
            parts.append("o.facet_keys && %s::varchar[]")
            params.append(query.facet_keys(param))
    return " AND ".join(parts), params


def _name_like_sql(words: list[str]) -> tuple[str, list[str]]:
    """Names containing the start of every word: a superset of the names the words' stems
    match in the usual case (Finnish stems are prefixes of the word), found by the trigram
    index. Only for choosing ranking candidates; the ranking itself checks the full-text match."""
    parts, params = [], []
    for word in words:
        stem = word[: max(3, len(word) - 4)]
        parts.append("o.name ILIKE %s")
        params.append(f"%{stem}%")
    return "(" + " AND ".join(parts) + ")", params


def _names_sql(field_name: str) -> str:
    """JSON array of [name_fi, name_sv, name_en] of one many-to-many relation of `o`, in the
    related model's order (like a prefetch: terms by kind, then name_fi)."""
    m2m = Organisation._meta.get_field(field_name)
    through = m2m.remote_field.through._meta.db_table
    target = m2m.related_model
    name_en = "''" if target is Municipality else "t.name_en"
    order = "t.kind, t.name_fi" if target is Term else "t.name_fi"
    return (
        "(SELECT coalesce(json_agg(json_build_array(t.name_fi, t.name_sv, "  # noqa: S608
        f"{name_en}) ORDER BY {order}), '[]') FROM {target._meta.db_table} t "
        f"JOIN {through} r ON r.{m2m.m2m_reverse_name()} = t.id "
        f"WHERE r.{m2m.m2m_column_name()} = o.id)"
    )


def page_sql(query: DirectoryQuery, offset: int, total: int | None = None) -> tuple[str, list]:
    """The SQL of one page of ranked cards (see Card for the columns).

    `total`, when known, skips the candidate cap for a search with few matches (a simpler
    statement: less planning and no second pass over the matches)."""
    where, params = _where_sql(query)
    table = Organisation._meta.db_table
    words = query_words(query.q)
    if words:
        phrase = " ".join(words)
        name_tsquery, name_params = _tsquery_sql(words, weight="A")
        text_tsquery, text_params = _tsquery_sql(words)
        score = (
            f"GREATEST(CASE WHEN o.search_vector @@ {name_tsquery} THEN 1.0 ELSE 0.0 END, "
            "CASE WHEN o.name %%> %s THEN word_similarity(%s, o.name) ELSE 0.0 END) AS name_score, "
            f"ts_rank(o.search_vector, {text_tsquery}) AS rank"
        )
        score_params = [*name_params, phrase, phrase, *text_params]
        order = "name_score DESC, rank DESC, name, id"
        source, source_params = f"{table} o", []
        capped = total is None or total > RANK_CANDIDATES
        if capped and offset + PAGE_SIZE <= RANK_CANDIDATES:
            # Rank only a capped candidate set: names containing the words' stems or like the
            # phrase (both through the trigram index on name), then the first text matches.
            name_like, like_params = _name_like_sql(words)
            source = (
                f"(SELECT o.* FROM {table} o WHERE o.id IN ("  # noqa: S608 (our own fragments)
                f"(SELECT o.id FROM {table} o WHERE {where} AND "
                f"({name_like} OR o.name %%> %s) LIMIT {RANK_CANDIDATES}) "
                f"UNION (SELECT o.id FROM {table} o WHERE {where} LIMIT {RANK_CANDIDATES}))) o"
            )
            source_params = [*params, *like_params, phrase, *params]
            where, params = "TRUE", []
    else:
        score, score_params = "0.0 AS name_score, 0.0 AS rank", []
        order = "name, id"
        source, source_params = f"{table} o", []
    inner = (
        f"SELECT o.id, o.name, o.display_name, o.slug, o.summary_fi, o.summary_sv, "  # noqa: S608
        f"o.summary_en, o.categories, o.welfare_area_id, {score} FROM {source} WHERE {where} "
        f"ORDER BY {order} LIMIT {PAGE_SIZE} OFFSET %s"
    )
    sql = (
        "SELECT o.name, o.display_name, o.slug, o.summary_fi, o.summary_sv, o.summary_en, "  # noqa: S608
        f"o.categories, a.name_fi, a.name_sv, a.name_en, {_names_sql('municipalities')}, "
        f"{_names_sql('target_groups')} FROM ({inner}) o "
        f"LEFT JOIN {WelfareArea._meta.db_table} a ON a.id = o.welfare_area_id "
        f"ORDER BY {', '.join(f'o.{term}' for term in order.split(', '))}"
    )
    return sql, [*score_params, *source_params, *params, offset]


@dataclass
class Card:
    """One result: what the card shows, names already in the active language."""

    name: str
    display_name: str
    slug: str
    summary: str
    categories: list[str]
    welfare_area: str
    municipalities: list[str]
    target_groups: list[str]
    # The language of `summary` when it is not the page's (the fallback fi → sv → en), else "".
    summary_lang: str = ""

    @property
    def public_name(self) -> str:
        return self.display_name or self.name


def _pick(names, order: list[int]) -> str:
    return next((names[i] for i in order if names[i]), "")


def fetch_cards(query: DirectoryQuery, offset: int, total: int | None = None) -> list[Card]:
    sql, params = page_sql(query, offset, total)
    with connection.cursor() as cursor:
        execute_text_search(cursor, sql, params, bitmap_scans=bool(query_words(query.q)))
        rows = cursor.fetchall()
    language = (get_language() or "fi")[:2]
    codes = ("fi", "sv", "en")
    order = [codes.index(c) for c in dict.fromkeys([language, *codes]) if c in codes]
    cards = []
    for row in rows:
        name, display_name, slug, s_fi, s_sv, s_en, categories, a_fi, a_sv, a_en, muns, tgs = row
        summaries = (s_fi, s_sv, s_en)
        shown = next((i for i in order if summaries[i]), None)
        summary_lang = codes[shown] if shown is not None and codes[shown] != language else ""
        cards.append(
            Card(
                name=name,
                display_name=display_name,
                slug=slug,
                summary=summaries[shown] if shown is not None else "",
                summary_lang=summary_lang,
                categories=list(categories or []),
                welfare_area=_pick((a_fi, a_sv, a_en), order) if a_fi is not None else "",
                municipalities=[_pick(names, order) for names in muns],
                target_groups=[_pick(names, order) for names in tgs],
            )
        )
    return cards


# --- The directory -----------------------------------------------------------------------------


def directory_search(query: DirectoryQuery) -> DirectoryResult:
    """One page of the public directory with its facets and the total number of results."""

    # Facet counts and the total cost one pass over every match (every published organisation
    # for a filter-only request): cached for a few minutes per search, like the landing page's,
    # together with the facets' labels in the active language.
    def compute() -> tuple[list[Facet], int]:
        counts, total = facet_counts(query)
        return build_facets(counts, query), total

    language = (get_language() or "fi")[:2]
    facets, total = cache.get_or_set(
        f"{facet_cache_key(query)}:{language}", compute, FACETS_CACHE_SECONDS
    )
    paginator = Paginator(Organisation.objects.none(), PAGE_SIZE)
    paginator.count = total  # known from the facet query: no separate COUNT(*)
    number = min(max(query.page, 1), paginator.num_pages)
    offset = (number - 1) * PAGE_SIZE
    rows = fetch_cards(query, offset, total) if total else []
    return DirectoryResult(page=Page(rows, number, paginator), total=total, facets=facets)
