"""The public directory: organisations in the shared search (search/README.md).

What an organisation's search entry holds and the service that keeps it current are in
organisations/search_entry.py; this module is the directory's read path (`directory_search`):

1. the head of a search: facet counts and the total in one statement over the matching entries
   (search.query.facet_counts; counting stops above 1,000), or, without words and filters, the
   kept SearchFacet counts; the facets' names come from a per-language cache of the taxonomy's
   names (four queries when it is cold). Cached five minutes per words, selections, language and
   the entries' generation (any change to an entry makes new keys);
2. the page of results, ranked, each card's data stored in its entry (one statement), read only
   when the template renders the cards: the rendered facets and cards are cached as template
   fragments under the head's key, so a repeated search makes no query.

When no organisation holds every word, the organisations holding some of them are shown, the
words that found nothing named; an empty result offers ways on (suggestions()).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.http import QueryDict
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from areas.models import Municipality, WelfareArea
from portal.lib.translation import (
    fallback_chain,
    language_codes,
    localised,
    pick,
    pick_with_language,
)
from search import query as entries
from search.entries import TOTAL, search_generation
from search.facets import Facet, FacetOption, Suggestion
from search.models import SearchFacet
from search.text import parse_query

from .models import Category, Network, Organisation, ServiceLanguage, Term
from .search_entry import KIND

PAGE_SIZE = 20
FACETS_CACHE_SECONDS = 300

# Facet groups: GET parameter → facet key prefix in the entries' facet_keys.
FACET_PREFIXES = {
    "category": "cat",
    "target_group": "tg",
    "municipality": "mun",
    "language": "lang",
    "services": "svc",
    "network": "net",
    "area": "area",
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

    def entry_query(self) -> entries.EntryQuery:
        selected = {FACET_PREFIXES[p]: self.facet_keys(p) for p in self.selected if p}
        return entries.EntryQuery(kind=KIND, words=parse_query(self.q), selected=selected)


@dataclass
class DirectoryHead:
    """Everything of a search but its page of cards: cached per search and language."""

    facets: list[Facet]
    total: int
    capped: bool = False  # total is "over COUNT_CAP"
    partial: bool = False  # no organisation holds every word: these hold some
    missing_words: list[str] = field(default_factory=list)
    suggestions: list[Suggestion] = field(default_factory=list)


@dataclass
class DirectoryResult:
    page: Page
    head: DirectoryHead
    # The head's cache key: the template caches the rendered facets and cards under it too.
    cache_key: str = ""
    load_cards: Callable[[], list[Card]] = list

    @cached_property
    def cards(self) -> list[Card]:
        """The page's cards, read when the template renders them (not when it has them
        cached), like a QuerySet."""
        return self.load_cards()

    @property
    def total(self) -> int:
        return self.head.total

    @property
    def facets(self) -> list[Facet]:
        return self.head.facets


# --- Facets ------------------------------------------------------------------------------------


LABELS_CACHE_SECONDS = 600


def _all_labels(language: str) -> dict[str, str]:
    """Every facet key's name from the taxonomy and area tables, in the language (4 queries)."""
    sources: dict[str, tuple[type[Term | Network | Municipality | WelfareArea], str]] = {
        "tg": (Term, "slug"),
        "net": (Network, "slug"),
        "mun": (Municipality, "code"),
        "area": (WelfareArea, "slug"),
    }
    labels: dict[str, str] = {}
    for prefix, (model, column) in sources.items():
        fields = {f.name for f in model._meta.fields}
        codes = [code for code in language_codes() if f"name_{code}" in fields]
        rows = model.objects.values_list(column, *(f"name_{code}" for code in codes))
        for value, *names in rows:
            labels[f"{prefix}:{value}"] = pick(dict(zip(codes, names, strict=True)), language)
    return labels


def taxonomy_labels(keys: Iterable[str]) -> dict[str, str]:
    """Names in the active language of the target groups, networks, municipalities and areas
    among the keys. All of them are cached for ten minutes per language (a few hundred names
    that hardly ever change): a search nobody has made yet then costs no label queries."""
    language = fallback_chain()[0]
    labels = cache.get_or_set(
        f"directory:labels:{language}", lambda: _all_labels(language), LABELS_CACHE_SECONDS
    )
    if not isinstance(labels, dict):  # a value of another shape under the key
        labels = _all_labels(language)
    return {key: labels[key] for key in keys if key in labels}


LEGENDS = {
    "area": lambda: _("Welfare area"),
    "category": lambda: _("Sector"),
    "target_group": lambda: _("Target group"),
    "municipality": lambda: _("Municipality"),
    "language": lambda: _("Language"),
    "services": lambda: _("Social or health services"),
    "network": lambda: _("Network"),
}


def build_facets(
    counts: dict[str, int], query: DirectoryQuery, *, counted: bool = True
) -> list[Facet]:
    """The facet groups in display order; `counted=False` offers the options without counts."""
    selected_keys = {k for param in query.selected for k in query.facet_keys(param)}
    labels = taxonomy_labels(set(counts) | selected_keys)
    static_labels: dict[str, dict[str, object]] = {
        "cat": dict(Category.choices),
        "lang": dict(ServiceLanguage.choices),
        "svc": {"yes": _("Produces services"), "no": _("Does not produce services")},
    }
    facets = []
    for param, legend in LEGENDS.items():
        prefix = FACET_PREFIXES[param]
        chosen = set(query.selected.get(param, []))
        values: Iterable[str]
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
            options.append(
                FacetOption(str(value), str(label), count if counted else None, value in chosen)
            )
        if prefix not in static_labels:
            options.sort(key=lambda o: o.label.lower())
        if options:
            facets.append(Facet(param, legend(), options))
    return facets


@dataclass
class Counted:
    facets: list[Facet]
    total: int
    capped: bool = False
    without: dict[str, int] = field(default_factory=dict)  # "-<group>" → total without it


def _counts(query: DirectoryQuery, eq: entries.EntryQuery) -> Counted:
    """Facets and the total. Without words or selections: the kept per-key counts."""
    if not eq.words.words and not any(eq.selected.values()):
        counts = dict(SearchFacet.objects.filter(kind=KIND).values_list("key", "count"))
        total = counts.pop(TOTAL, 0)
        return Counted(build_facets(counts, query), total)
    counts, total, exact = entries.facet_counts(eq)
    if exact:
        without = {k: counts.pop(k) for k in list(counts) if k.startswith(entries.WITHOUT)}
        return Counted(build_facets(counts, query), total, without=without)
    # Too many to count: the options every organisation offers, without counts.
    counts = dict(SearchFacet.objects.filter(kind=KIND, count__gt=0).values_list("key", "count"))
    counts.pop(TOTAL, None)
    capped = total > entries.COUNT_CAP
    return Counted(
        build_facets(counts, query, counted=False), min(total, entries.COUNT_CAP), capped
    )


def facet_cache_key(query: DirectoryQuery, language: str) -> str:
    """The cache key of a search's head: its words, selections and language (not the page), and
    the generation of the organisations' entries (any change to them makes new keys)."""
    words = parse_query(query.q).texts
    selected = sorted((param, sorted(values)) for param, values in query.selected.items() if values)
    digest = hashlib.sha256(repr((words, selected)).encode()).hexdigest()[:32]
    return f"directory:head:v3:{search_generation(kind=KIND)}:{digest}:{language}"


# --- An empty result's ways on ------------------------------------------------------------------


def _params(q: str, selected: dict[str, list[str]]) -> str:
    data = QueryDict(mutable=True)
    if q:
        data["q"] = q
    for param, values in selected.items():
        if values:
            data.setlist(param, values)
    return data.urlencode()


def suggestions(
    query: DirectoryQuery, eq: entries.EntryQuery, facets: list[Facet], without: dict[str, int]
) -> list[Suggestion]:
    """Concrete ways on from an empty result: remove one filter (with the count it gives), a
    spelling from the trigram index of known words, the same words in the whole welfare area."""
    found: list[Suggestion] = []
    labels = {f.param: (f.legend, [o.label for o in f.options if o.selected]) for f in facets}
    for param in query.selected:
        group = FACET_PREFIXES[param]
        count = without.get(f"{entries.WITHOUT}{group}")
        if count is None:  # the counts were capped: count this one up to the cap
            rest_keys = {g: keys for g, keys in eq.selected.items() if g != group}
            count = entries.count_matches(eq.with_(selected=rest_keys))
        if not count:
            continue
        legend, chosen = labels.get(param, (param, query.selected[param]))
        rest = {p: v for p, v in query.selected.items() if p != param}
        found.append(
            Suggestion(
                _("Remove the filter “%(filter)s”") % {"filter": f"{legend}: {', '.join(chosen)}"},
                _params(query.q, rest),
                count,
            )
        )
    words = eq.words.texts
    for i, word in enumerate(words):
        spelt = entries.spelling_suggestion(word)
        if spelt is None:
            continue
        q = " ".join([*words[:i], spelt, *words[i + 1 :]])
        total = entries.count_matches(
            entries.EntryQuery(kind=KIND, words=parse_query(q), selected=eq.selected)
        )
        if total:
            found.append(
                Suggestion(
                    _("Did you mean “%(words)s”?") % {"words": q},
                    _params(q, query.selected),
                    total,
                )
            )
            break
    if words and any(p not in ("area",) for p in query.selected):
        areas = set(query.selected.get("area", []))
        codes = query.selected.get("municipality", [])
        if codes:
            areas |= set(
                Municipality.objects.filter(code__in=codes, welfare_area__isnull=False)
                .values_list("welfare_area__slug", flat=True)
                .distinct()
            )
        for area in WelfareArea.objects.filter(slug__in=sorted(areas)).order_by("slug"):
            wide = {"area": [area.slug]}
            total = entries.count_matches(
                entries.EntryQuery(
                    kind=KIND, words=eq.words, selected={"area": [f"area:{area.slug}"]}
                )
            )
            if total:
                found.append(
                    Suggestion(
                        _("“%(words)s” in the whole welfare area: %(area)s")
                        % {"words": query.q, "area": localised(area, "name")},
                        _params(query.q, wide),
                        total,
                    )
                )
    return found


# --- Cards -------------------------------------------------------------------------------------


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


def card_from_entry(data: dict, category_labels: dict[str, str], language: str) -> Card:
    summary, summary_lang = pick_with_language(data.get("summary", {}), language)
    return Card(
        name=data["name"],
        display_name=data.get("display_name", ""),
        slug=data["slug"],
        summary=summary,
        summary_lang=summary_lang if summary and summary_lang != language else "",
        categories=[category_labels[c] for c in data.get("categories", []) if c in category_labels],
        welfare_area=pick_with_language(data.get("area", {}), language)[0],
        municipalities=[pick_with_language(n, language)[0] for n in data.get("municipalities", [])],
        target_groups=[pick_with_language(n, language)[0] for n in data.get("target_groups", [])],
    )


# --- The directory -----------------------------------------------------------------------------


def directory_head(query: DirectoryQuery, eq: entries.EntryQuery) -> DirectoryHead:
    counted = _counts(query, eq)
    head = DirectoryHead(facets=counted.facets, total=counted.total, capped=counted.capped)
    if counted.total or not eq.words.words:
        if not counted.total and query.selected:
            head.suggestions = suggestions(query, eq, counted.facets, counted.without)
        return head
    # No organisation holds every word: those holding some, if any word finds something.
    found = entries.words_found(eq)
    if len(eq.words.words) > 1 and any(found[w.text] for w in eq.words.meaningful):
        partial = _counts(query, eq.with_(any_word=True))
        return DirectoryHead(
            facets=partial.facets,
            total=partial.total,
            capped=partial.capped,
            partial=True,
            missing_words=[word for word, ok in found.items() if not ok],
        )
    head.missing_words = [word for word, ok in found.items() if not ok]
    head.suggestions = suggestions(query, eq, counted.facets, counted.without)
    return head


def directory_search(query: DirectoryQuery) -> DirectoryResult:
    """One page of the public directory with its facets and the total number of results."""
    language = fallback_chain()[0]
    eq = query.entry_query()
    key = facet_cache_key(query, language)
    head = cache.get_or_set(key, lambda: directory_head(query, eq), FACETS_CACHE_SECONDS)
    if not isinstance(head, DirectoryHead):  # a value of another shape under the key
        head = directory_head(query, eq)
    if head.partial:
        eq = eq.with_(any_word=True)
    paginator = Paginator(Organisation.objects.none(), PAGE_SIZE)
    paginator.count = head.total  # known from the counts: no separate COUNT(*)
    number = min(max(query.page, 1), paginator.num_pages)
    offset = (number - 1) * PAGE_SIZE

    def load_cards() -> list[Card]:
        if not head.total:
            return []
        labels = {value: str(label) for value, label in Category.choices}
        rows = entries.page_rows(
            eq, offset=offset, limit=PAGE_SIZE, total=None if head.capped else head.total
        )
        return [card_from_entry(data, labels, language) for _id, data in rows]

    return DirectoryResult(
        page=Page([], number, paginator), head=head, cache_key=key, load_cards=load_cards
    )


# --- What the shared search shows of organisations (search.registry) --------------------------


def organisation_card(data: dict, distance, next_start, language: str) -> dict:
    """The residents' search card of an organisation: its address, or where it works; a
    distance only to its own pinned point (search/README.md, "Distance")."""
    from search.results import pick_text

    summary, summary_lang = pick_text(data.get("summary"), language)
    if data.get("address"):
        office = pick_text(data.get("post_office"), language)[0]
        town = " ".join(filter(None, [data.get("postcode", ""), office]))
        where = ", ".join(filter(None, [data["address"], town]))
    else:
        municipalities = [pick_text(n, language)[0] for n in data.get("municipalities", [])]
        where = ", ".join(municipalities[:3])
    return {
        "url": reverse("organisations:detail", kwargs={"slug": data["slug"]}),
        "title": data.get("display_name") or data.get("name", ""),
        "summary": summary,
        "summary_lang": summary_lang,
        "kind_label": _("Organisation"),
        "address": where,
        # Only for its own pinned point (the query gives None for the others).
        "distance_km": distance,
        "point": data.get("point"),
    }


def search_facet_labels(language: str) -> dict[str, str]:
    """Facet labels of the taxonomy's terms ("tg:carers", "th:memory") and the service
    languages ("lang:sv"), in the language (one query)."""
    labels = {}
    for slug, *names in Term.objects.values_list("slug", "name_fi", "name_sv", "name_en"):
        name = pick(dict(zip(("fi", "sv", "en"), names, strict=True)), language)
        labels[f"tg:{slug}"] = name
        labels[f"th:{slug}"] = name
    with translation.override(language):
        labels.update({f"lang:{value}": str(label) for value, label in ServiceLanguage.choices})
    return labels


def register_search_kinds() -> None:
    """Called by OrganisationsConfig.ready(): organisations in the shared search."""
    from search import registry

    registry.register_kind(
        registry.SearchKind(
            name=KIND,
            label=lambda: _("Organisations"),
            card=organisation_card,
            facet_prefixes=tuple(FACET_PREFIXES.values()),
            order=30,
        )
    )
    registry.register_facet_labels(search_facet_labels)
