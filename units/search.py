"""What the residents' search indexes of the welfare area's units (search/README.md).

One SearchEntry of kind "unit" per active unit, removed when it is archived; written by
units.services after every save, archive, unarchive and import. Facet keys shared with the other
kinds: `mun:<code>`, `area:<slug>`, `venue:inperson`; and the unit's own `ukind:<kind>`.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from areas.models import LocationSource
from portal.lib.translation import field_values, filled_values, language_codes
from search.entries import search_entries_replace, search_entry_save
from search.models import SearchEntry
from search.text import index_terms

from .models import Unit, UnitKind, UnitStatus

UNIT_KIND = "unit"


def _kind_labels(kind: str) -> list[str]:
    labels = []
    for code in language_codes():
        with translation.override(code):
            labels.append(str(dict(UnitKind.choices).get(kind, "")))
    return labels


def unit_search_entry(unit: Unit) -> SearchEntry | None:
    """The entry of an active unit (None when archived); municipality and area loaded."""
    if unit.status != UnitStatus.ACTIVE:
        return None
    names = filled_values(unit)
    municipality = unit.municipality
    extra = " ".join(
        filter(
            None,
            [
                *names.values(),
                *filled_values(municipality).values(),
                unit.street_address,
                unit.postcode,
                *_kind_labels(unit.kind),
            ],
        )
    )
    keys = {
        "venue:inperson",
        f"ukind:{unit.kind}",
        f"mun:{municipality.code}",
        f"area:{unit.welfare_area.slug}",
    }
    return SearchEntry(
        kind=UNIT_KIND,
        object_id=unit.pk,
        welfare_area_id=unit.welfare_area_id,
        title=unit.name_fi,
        subtitle=" / ".join(v for k, v in names.items() if k != "fi"),
        keywords=" ".join(filter(None, [extra, index_terms(extra)])),
        **{f"body_{code}": text for code, text in field_values(unit, "description").items()},
        facet_keys=sorted(keys),
        latitude=unit.latitude,
        longitude=unit.longitude,
        point_exact=unit.location_source == LocationSource.PIN,
        next_at=None,
        card={
            "slug": unit.slug,
            "name": names,
            "kind": unit.kind,
            "address": unit.street_address,
            "postcode": unit.postcode,
            "municipality": filled_values(municipality),
            "summary": filled_values(unit, "description"),
            "point": [unit.latitude, unit.longitude],
        },
    )


def _words(unit: Unit) -> list[str]:
    return [*filled_values(unit).values(), *filled_values(unit.municipality).values()]


def unit_refresh_search(unit: Unit) -> None:
    """Bring the unit's search entry up to date (or remove it when the unit is archived)."""
    unit = Unit.objects.select_related("municipality", "welfare_area").get(pk=unit.pk)
    search_entry_save(
        entry=unit_search_entry(unit), kind=UNIT_KIND, object_id=unit.pk, words=_words(unit)
    )


def units_refresh_search(unit_ids: list[int]) -> None:
    """The bulk form for imports and the demo: one replace for many units."""
    units = list(
        Unit.objects.select_related("municipality", "welfare_area").filter(pk__in=unit_ids)
    )
    entries = [entry for entry in map(unit_search_entry, units) if entry is not None]
    search_entries_replace(
        kind=UNIT_KIND,
        object_ids=unit_ids,
        entries=entries,
        words=[word for unit in units for word in _words(unit)],
    )


def unit_card(data: dict, distance, next_start, language: str) -> dict:
    """The residents' search card of a unit, from its entry's stored card."""
    from search.results import place_card_texts

    return {
        **place_card_texts(data, distance, language),
        "url": reverse("units:unit", kwargs={"slug": data["slug"]}),
        "kind_label": str(dict(UnitKind.choices).get(data.get("kind", ""), "")),
    }


def register_search_kinds() -> None:
    """Called by UnitsConfig.ready(): units in the shared search, after the other kinds."""
    from search import registry

    registry.register_kind(
        registry.SearchKind(
            name=UNIT_KIND,
            label=lambda: gettext("Welfare area units"),
            card=unit_card,
            facet_prefixes=("mun", "area", "venue", "ukind"),
            order=40,
        )
    )
