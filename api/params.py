"""Query parameters of the lists as the OpenAPI document shows them. The lists read the same
names from the request through their FilterSets (api/filters.py)."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema


class PageParams(Schema):
    cursor: str | None = Field(None, description="The `meta.next` link's cursor.")
    page_size: int = Field(50, ge=1, le=200, description="Objects per page (1–200).")
    modified_since: dt.datetime | None = Field(
        None,
        description=(
            "Only what changed at or after this time (ISO 8601 with a time zone); the page "
            "then also lists what was removed (`removed`: tombstones) so a copy can be kept "
            "in step. Use the first page's `meta.generated_at` as the next call's value."
        ),
    )


class AreaParams(PageParams):
    welfare_area: str | None = Field(None, description="A welfare area's identifier (slug).")
    municipality: str | None = Field(
        None, description="Municipality codes, comma-separated (e.g. 179 for Jyväskylä)."
    )
    language: str | None = Field(
        None, description="Service languages, comma-separated: fi, sv, en, selko, other."
    )


class OrganisationParams(AreaParams):
    theme: str | None = Field(None, description="Theme term identifiers, comma-separated.")
    target_group: str | None = Field(
        None, description="Target-group term identifiers, comma-separated."
    )
    category: str | None = Field(None, description="Sectors, comma-separated.")


class GeoParams(AreaParams):
    near: str | None = Field(
        None,
        description="A point `latitude,longitude` (WGS84 degrees).",
        examples=["62.24,25.75"],
        pattern=r"^-?\d+(\.\d+)?,-?\d+(\.\d+)?$",
    )
    radius: float | None = Field(
        None, gt=0, le=200, description="Kilometres around `near` (default 10)."
    )
    bbox: str | None = Field(
        None,
        description="A box `west,south,east,north` in degrees.",
        examples=["25.6,62.1,25.9,62.3"],
        pattern=r"^-?\d+(\.\d+)?(,-?\d+(\.\d+)?){3}$",
    )
    free: bool | None = Field(None, description="Free of charge.")
    accessibility: str | None = Field(
        None,
        description=(
            "Accessibility features all required, comma-separated: step_free_entrance, "
            "accessible_toilet, induction_loop, parking, public_transport, assistance_animals."
        ),
    )
    kind: str | None = Field(None, description="Kinds, comma-separated.")


class PlaceParams(GeoParams):
    organisation: int | None = Field(None, description="Run by this organisation (id).")


class ActivityParams(GeoParams):
    organisation: int | None = Field(None, description="Organised by this organisation (id).")
    place: int | None = Field(None, description="Held at this meeting place (id).")
    theme: str | None = Field(None, description="Theme term identifiers, comma-separated.")
    target_group: str | None = Field(
        None, description="Target-group term identifiers, comma-separated."
    )
    dates_from: dt.date | None = Field(
        None,
        description=(
            "Only activities with a date on or after this day (Europe/Helsinki); the "
            "activities then list their dates in the window (`dates`, at most 10)."
        ),
    )
    dates_to: dt.date | None = Field(None, description="… and on or before this day.")
