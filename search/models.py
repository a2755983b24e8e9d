"""What residents search: one row per publicly visible thing of any kind (see search/README.md).

Rows are written only by the services in search/entries.py, which each app's own services call
after they change something a resident can find (no signals). A row exists only while its object
is visible to everyone; the searched set is therefore the whole table of one kind.
"""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.lib.translation import language_codes

from .text import TEXT_SEARCH_CONFIGS


def _vector():
    """Names (A) and keywords (B) in Finnish, each language's long text (C) with its own
    configuration (one `body_<code>` column per language of settings.LANGUAGES)."""
    vector = SearchVector("title", "subtitle", config="finnish", weight="A") + SearchVector(
        "keywords", config="finnish", weight="B"
    )
    for code in language_codes():
        vector += SearchVector(f"body_{code}", config=TEXT_SEARCH_CONFIGS[code], weight="C")
    return vector


class SearchEntry(models.Model):
    class Kind(models.TextChoices):
        ORGANISATION = "organisation", _("Organisation")
        PLACE = "place", _("Meeting place")
        ACTIVITY = "activity", _("Activity")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    object_id = models.BigIntegerField()
    welfare_area = models.ForeignKey(
        "areas.WelfareArea", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # Searched text: the name (weight A, also the typo-tolerant trigram match and the order),
    # keywords (B: short texts, compound parts, folded words, taxonomy and place names in every
    # language) and the longer texts per language (C).
    title = models.CharField(max_length=300)
    subtitle = models.CharField(max_length=300, blank=True, default="")
    keywords = models.TextField(blank=True, default="")
    body_fi = models.TextField(blank=True, default="")
    body_sv = models.TextField(blank=True, default="")
    body_en = models.TextField(blank=True, default="")
    vector = models.GeneratedField(
        expression=_vector(), output_field=SearchVectorField(), db_persist=True
    )
    # Facet keys such as "cat:older_people", "mun:179", "tg:carers", "area:keski-suomi".
    facet_keys = ArrayField(models.CharField(max_length=60), default=list, blank=True)
    # A point for distance (degrees, WGS84); nullable for things without a place.
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    # The point is the thing's own (a pin, a geocoded address): a distance to it is true and
    # shown. Otherwise it is a municipality's or postcode area's centre: it places the thing in
    # a radius search, but no distance is shown and it sorts after true points.
    point_exact = models.BooleanField(default=False)
    # The next time something happens (activities, meetings); null for organisations.
    next_at = models.DateTimeField(null=True, blank=True)
    # What the result card shows, names in every language: rendered by the kind's own partial.
    card = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_object"),
        ]
        indexes = [
            # Full-text match (bitmap scans of the words' tsqueries).
            GinIndex(fields=["vector"], name="search_entry_vector"),
            # Facet filters and counts (`&&` on the keys).
            GinIndex(fields=["facet_keys"], name="search_entry_facets"),
            # Typo-tolerant names and spelling suggestions (pg_trgm).
            GinIndex(fields=["title"], name="search_entry_title_trgm", opclasses=["gin_trgm_ops"]),
            # Listing one kind by name (filter-only pages read 20 rows in order).
            models.Index(fields=["kind", "title", "id"], name="search_entry_kind_title"),
            # Distance: a bounding box on the two coordinates before the exact distance.
            models.Index(fields=["latitude", "longitude"], name="search_entry_point"),
            models.Index(fields=["next_at"], name="search_entry_next_at"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}: {self.title}"


class SearchWord(models.Model):
    """Words of the searched names and terms: spelling suggestions come from their trigram
    index ("omaishoitjat" → "omaishoitajat"). Only added to; a word that no longer finds
    anything is never suggested because suggestions are checked to find something."""

    word = models.CharField(max_length=60, primary_key=True)

    class Meta:
        indexes = [
            GinIndex(fields=["word"], name="search_word_trgm", opclasses=["gin_trgm_ops"]),
        ]

    def __str__(self) -> str:
        return self.word


class SearchFacet(models.Model):
    """How many entries of a kind carry each facet key ("*": all of them), kept by the services
    with the entries: the landing page's counts, and the options offered when a search's own
    counts are capped."""

    kind = models.CharField(max_length=20, choices=SearchEntry.Kind.choices)
    key = models.CharField(max_length=60)
    count = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="search_facet_key")]

    def __str__(self) -> str:
        return f"{self.kind} {self.key}: {self.count}"
