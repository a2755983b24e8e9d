"""The kinds of things the shared search holds, registered by the apps that own them.

`search/` imports no app: each app registers its kinds from its AppConfig.ready() (what the
residents' search shows of them, their card, their facet labels), and the app whose things have
dates registers the occurrence queries (search/README.md, "A registry of kinds"). What each kind
indexes and its facet keys are the app's own entry builder's (e.g. meetingplaces/search.py); the
registry holds what the shared pages need to show and filter them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class SearchKind:
    name: str  # SearchEntry.kind
    label: Callable[[], str]  # plural, for the "Show" facet ("Activities")
    # The result card's fields (search.results.Result's keyword arguments) from the entry's
    # stored card, its distance (km, None) and next start (None), in the given language.
    card: Callable[[dict, float | None, dt.datetime | None, str], dict]
    card_template: str = "search/_partials/result.html"
    facet_prefixes: tuple[str, ...] = ()  # the facet key prefixes its entries carry
    residents: bool = True  # shown in the residents' search
    order: int = 100  # the order of the kinds in the "Show" facet


@dataclass(frozen=True)
class Occurrences:
    """The dated kind's occurrence queries (SQL on an entry `e`, see meetingplaces/search.py)."""

    kind: str
    exists_sql: Callable[..., tuple[str, list]]  # the entry has a matching occurrence
    next_sql: Callable[..., tuple[str, list]]  # the start of its next matching occurrence
    filter_sql: Callable[..., tuple[str, list]]  # matching occurrences `o` (correlated or not)


@dataclass
class _Registry:
    kinds: dict[str, SearchKind] = field(default_factory=dict)
    occurrences: Occurrences | None = None
    # Facet labels: functions of the language returning {facet key: label}.
    labels: list[Callable[[str], dict[str, str]]] = field(default_factory=list)
    # What a signed-in person may do with a result (guidance: add it to a shortlist).
    result_actions: list[Callable] = field(default_factory=list)


_registry = _Registry()


def register_kind(kind: SearchKind) -> None:
    _registry.kinds[kind.name] = kind


def register_occurrences(occurrences: Occurrences) -> None:
    _registry.occurrences = occurrences


def register_facet_labels(labels: Callable[[str], dict[str, str]]) -> None:
    if labels not in _registry.labels:
        _registry.labels.append(labels)


def kind(name: str) -> SearchKind:
    return _registry.kinds[name]


def residents_kinds() -> tuple[str, ...]:
    """The kinds of the residents' search, in their order."""
    found = [k for k in _registry.kinds.values() if k.residents]
    return tuple(k.name for k in sorted(found, key=lambda k: (k.order, k.name)))


def occurrences() -> Occurrences:
    if _registry.occurrences is None:
        raise LookupError("No app registered the occurrence queries of a dated kind.")
    return _registry.occurrences


def facet_labels(language: str) -> dict[str, str]:
    """{facet key: label} from every app's label function, in the language."""
    labels: dict[str, str] = {}
    for function in _registry.labels:
        labels.update(function(language))
    return labels


def register_result_action(action: Callable) -> None:
    """`action(request)` returns None, or what the result cards offer the person: a dict with
    `url` (a POST form's action, sent `kind`, `object_id` and `next`, the page's address),
    `label`, `done_label`, `chosen` (the "kind:object_id" keys already done), `kinds` (the
    kinds it applies to), and `list_url` and `list_label` (a link above the results)."""
    if action not in _registry.result_actions:
        _registry.result_actions.append(action)


def result_action(request) -> dict | None:
    for action in _registry.result_actions:
        found = action(request)
        if found:
            return found
    return None


# --- Listeners: what residents searched for (the knowledge page counts it) ---------------------


@dataclass(frozen=True)
class SearchDone:
    """One residents' search, as the page understood it: no person, no address, no location
    finer than the municipality. `words`: the searched words (time and cost words taken out)."""

    words: str
    themes: tuple[str, ...]  # theme slugs the resident chose
    municipality: str  # the code of the municipality searched in ("" none)
    areas: tuple[str, ...]  # welfare-area slugs the resident chose
    total: int  # results found


_listeners: list[Callable[[SearchDone], None]] = []


def register_search_listener(listener: Callable[[SearchDone], None]) -> None:
    """`listener(done)` runs after each counted residents' search; it must be cheap (no SQL:
    the page has a query budget; queue a task) and must not raise."""
    if listener not in _listeners:
        _listeners.append(listener)


def search_done(done: SearchDone) -> None:
    for listener in _listeners:
        listener(done)
