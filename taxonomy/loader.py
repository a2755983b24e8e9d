"""The curated taxonomy (target groups and themes) and the networks of the two welfare areas,
read from taxonomy/data/terms.csv and networks.csv (semicolons, UTF-8).

Loaded by the data migration taxonomy/0002_load_terms_and_networks through `load_taxonomy`,
which is idempotent (created or updated by slug), so it can be run again after the files
change.

YSO concept IDs are given only where they were checked against published YSO usage (Linked
Events keyword sets); the rest are left blank rather than guessed.
"""

from __future__ import annotations

from pathlib import Path

from portal.lib.datafiles import read_csv, upsert_rows

DATA = Path(__file__).resolve().parent / "data"

TARGET_GROUP = "target_group"
THEME = "theme"

_TERMS = read_csv(DATA / "terms.csv")


def _terms(kind: str) -> list[tuple[str, str, str, str, str]]:
    """(slug, name_fi, name_sv, name_en, yso_id) of the terms of a kind, in the file's order."""
    return [
        (row["slug"], row["name_fi"], row["name_sv"], row["name_en"], row["yso_id"])
        for row in _TERMS
        if row["kind"] == kind
    ]


TARGET_GROUPS = _terms(TARGET_GROUP)
THEMES = _terms(THEME)

# (slug, welfare area slug, kind, name_fi, name_sv, name_en)
NETWORKS: list[tuple[str, str, str, str, str, str]] = [
    (row["slug"], row["welfare_area"], row["kind"], row["name_fi"], row["name_sv"], row["name_en"])
    for row in read_csv(DATA / "networks.csv")
]


def load_taxonomy(term_model, network_model, welfare_area_model) -> None:
    """Create or update every term and network by slug; safe to run again.

    Takes the model classes so a migration can pass its historical models from
    `apps.get_model`.
    """
    terms = [
        {
            "slug": slug,
            "kind": kind,
            "name_fi": name_fi,
            "name_sv": name_sv,
            "name_en": name_en,
            "yso_id": yso_id,
        }
        for kind, rows in ((TARGET_GROUP, TARGET_GROUPS), (THEME, THEMES))
        for slug, name_fi, name_sv, name_en, yso_id in rows
    ]
    upsert_rows(term_model, terms, key="slug")
    areas = {area.slug: area for area in welfare_area_model.objects.all()}
    networks = [
        {
            "slug": slug,
            "kind": kind,
            "welfare_area": areas[area_slug],
            "name_fi": name_fi,
            "name_sv": name_sv,
            "name_en": name_en,
        }
        for slug, area_slug, kind, name_fi, name_sv, name_en in NETWORKS
        # Reference data without this area (not in a normal install): no network there.
        if area_slug in areas
    ]
    upsert_rows(network_model, networks, key="slug")
