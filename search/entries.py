"""The services that keep search entries current. Each app's own services call them after they
change something a resident can find (see search/README.md); nothing else writes the table."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from django.core.cache import cache
from django.db import connection, transaction

from portal.lib.translation import field_values, language_codes

from .models import SearchEntry, SearchFacet, SearchWord
from .text import WORD_RE

TOTAL = "*"  # the facet key counting every entry of a kind

# Fields of SearchEntry a kind fills in (everything but the key and the generated vector).
ENTRY_FIELDS = [
    "welfare_area_id", "title", "subtitle", "keywords", "body_fi", "body_sv", "body_en",
    "facet_keys", "latitude", "longitude", "point_exact", "next_at", "card",
]  # fmt: skip


def summary_and_description_bodies(obj: object) -> dict[str, str]:
    """`body_<code>` of an entry whose object has a summary and a description in each language:
    both, each searched with its language's configuration, but the Finnish summary, which the
    kind puts among the keywords (weighted above the body)."""
    summaries = field_values(obj, "summary")
    descriptions = field_values(obj, "description")
    return {
        f"body_{code}": "\n".join(
            filter(None, [summaries[code] if code != "fi" else "", descriptions[code]])
        )
        for code in language_codes()
    }


def generation_key(kind: str) -> str:
    return f"search:generation:{kind}"


def search_generation(*, kind: str) -> int:
    """A number that changes whenever an entry of the kind changes: part of the cache keys of
    searches, so a change shows at once instead of after the cached counts expire."""
    return int(cache.get_or_set(generation_key(kind), 1, timeout=None) or 1)


def search_generations(*, kinds: Iterable[str]) -> list[int]:
    """search_generation of several kinds in one cache round trip."""
    keys = {kind: generation_key(kind) for kind in kinds}
    found = cache.get_many(list(keys.values()))
    return [found.get(key) or search_generation(kind=kind) for kind, key in keys.items()]


def _bump_generation(kind: str) -> None:
    def bump() -> None:
        try:
            cache.incr(generation_key(kind))
        except ValueError:  # not in the cache (evicted, or never read yet)
            cache.set(generation_key(kind), 1, timeout=None)

    # Now, for the rest of this transaction, and after the commit, so that a search running
    # meanwhile cannot cache what it read before the commit under the new generation.
    bump()
    transaction.on_commit(bump)


def suggestion_words(*texts: str) -> set[str]:
    """The words of names and terms worth suggesting for a misspelt word (4+ letters)."""
    words = set()
    for text in texts:
        for word in WORD_RE.findall(text or ""):
            if 4 <= len(word) <= 60:
                words.add(word.lower())
    return words


def search_words_add(*, words: Iterable[str]) -> None:
    SearchWord.objects.bulk_create(
        [SearchWord(word=word) for word in sorted(set(words))], ignore_conflicts=True
    )


@transaction.atomic
def search_entry_save(
    *, entry: SearchEntry | None, kind: str, object_id: int, words: Iterable[str] = ()
) -> None:
    """Store the entry of one object (built by its app), or remove it when `entry` is None (the
    object is no longer visible to everyone). `words`: texts whose words may be suggested for a
    misspelt search (names, places, terms)."""
    old = (
        SearchEntry.objects.select_for_update()
        .filter(kind=kind, object_id=object_id)
        .values_list("facet_keys", flat=True)
        .first()
    )
    changes: Counter[str] = Counter()
    if old is not None:
        changes.subtract([*old, TOTAL])
    if entry is None:
        SearchEntry.objects.filter(kind=kind, object_id=object_id).delete()
    else:
        SearchEntry.objects.update_or_create(
            kind=kind,
            object_id=object_id,
            defaults={field: getattr(entry, field) for field in ENTRY_FIELDS},
        )
        changes.update([*entry.facet_keys, TOTAL])
    _count_facets(kind, {key: n for key, n in changes.items() if n})
    _bump_generation(kind)
    if entry is None:
        return
    search_words_add(words=suggestion_words(entry.title, entry.subtitle, *words))


@transaction.atomic
def search_entries_replace(
    *, kind: str, object_ids: Iterable[int], entries: list[SearchEntry], words: Iterable[str] = ()
) -> None:
    """Bulk form for data loads and rebuilds: the entries of `object_ids` become `entries`."""
    SearchEntry.objects.filter(kind=kind, object_id__in=list(object_ids)).delete()
    SearchEntry.objects.bulk_create(entries, batch_size=1000)
    search_facets_recount(kind=kind)
    _bump_generation(kind)
    found: set[str] = suggestion_words(*words)
    for entry in entries:
        found |= suggestion_words(entry.title, entry.subtitle)
    search_words_add(words=found)


def _count_facets(kind: str, changes: dict[str, int]) -> None:
    """Add the changes to the kind's facet counts (atomic increments; rows made on first use).

    SQL because the ORM has no "insert, or add to the stored value on conflict"; a read-modify-
    write in Python would lose concurrent changes."""
    if not changes:
        return
    keys = sorted(changes)
    table = SearchFacet._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (kind, key, count) "  # noqa: S608 (our own table name)
            "SELECT %s, k, n FROM unnest(%s::varchar[], %s::int[]) AS c(k, n) "
            f"ON CONFLICT (kind, key) DO UPDATE SET count = {table}.count + EXCLUDED.count",
            [kind, keys, [changes[k] for k in keys]],
        )


def search_facets_recount(*, kind: str) -> None:
    """Count a kind's facet keys afresh (after bulk loads; one pass over its entries, the same
    unnest … GROUP BY as search.query.facet_counts)."""
    table = SearchFacet._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE kind = %s", [kind])  # noqa: S608
        cursor.execute(
            f"INSERT INTO {table} (kind, key, count) "  # noqa: S608 (our own table names)
            f"SELECT %s, k, count(*) FROM {SearchEntry._meta.db_table} e, "
            f"unnest(e.facet_keys::text[] || ARRAY['{TOTAL}']) AS k WHERE e.kind = %s GROUP BY k",
            [kind, kind],
        )
