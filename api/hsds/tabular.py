"""HSDS's tabular data package: the nested export flattened into tables (one CSV each) and
`datapackage.json`, both taken from the shipped schema files in api/schemas/hsds-3.0/."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from ..common import LICENCE
from .parts import TOP_LEVEL, clean, json_bytes

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas" / "hsds-3.0"


@cache
def hsds_schema(name: str) -> dict[str, Any]:
    return json.loads((SCHEMA_DIR / f"{name}.json").read_text(encoding="utf-8"))


def _child_tables(name: str) -> dict[str, str]:
    """{property: table} of a schema's nested lists of other HSDS objects."""
    children = {}
    for key, prop in hsds_schema(name)["properties"].items():
        ref = (prop.get("items") or {}).get("$ref", "")
        if prop.get("type") == "array" and ref and (SCHEMA_DIR / ref).exists():
            children[key] = ref.removesuffix(".json")
    return children


def scalar_fields(name: str) -> list[str]:
    """The table's columns: the schema's properties that are not nested objects or lists."""
    return [
        key
        for key, prop in hsds_schema(name)["properties"].items()
        if prop.get("type") not in ("array", "object") and "$ref" not in prop
    ]


def tables(export: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """The nested export flattened into HSDS tables ({table: rows})."""
    out: dict[str, list[dict[str, Any]]] = {}

    def walk(name: str, obj: dict[str, Any]) -> None:
        out.setdefault(name, []).append({k: obj[k] for k in scalar_fields(name) if k in obj})
        for key, child in _child_tables(name).items():
            for item in obj.get(key, []):
                walk(child, item)

    for key, name in TOP_LEVEL.items():
        for obj in export[key]:
            walk(name, obj)
    return out


def _field(name: str, key: str) -> dict[str, Any]:
    schema = hsds_schema(name)
    prop = schema["properties"][key]
    field = {
        "name": key,
        "type": prop.get("datapackage_type", prop["type"]),
        "description": prop.get("description", ""),
        "constraints": {
            "required": key in schema.get("required", [])
            or key in schema.get("tabular_required", []),
            "unique": prop.get("constraints", {}).get("unique", False),
        },
    }
    if prop.get("format") in ("email", "uri"):
        field["format"] = prop["format"]
    if "enum" in prop:
        field["constraints"]["enum"] = prop["enum"]
    return clean(field, keep=("description",))


FOREIGN_KEYS = {
    "organization_id": "organization",
    "service_id": "service",
    "location_id": "location",
    "service_at_location_id": "service_at_location",
    "contact_id": "contact",
    "taxonomy_id": "taxonomy",
}


def datapackage(export: dict[str, Any], names: Iterable[str]) -> dict[str, Any]:
    """HSDS's datapackage.json for the tables `names`, from the shipped schema files."""
    meta = export["meta"]
    present = set(names)
    resources = []
    for name in sorted(present, key=lambda n: hsds_schema(n).get("order", 99)):
        schema = hsds_schema(name)
        fields = scalar_fields(name)
        keys = [
            {"fields": key, "reference": {"resource": FOREIGN_KEYS[key], "fields": "id"}}
            for key in fields
            if key in FOREIGN_KEYS and FOREIGN_KEYS[key] in present and FOREIGN_KEYS[key] != name
        ]
        resources.append(
            {
                "name": name,
                "path": schema["path"],
                "description": schema.get("description", ""),
                "format": "csv",
                "mediatype": "text/csv",
                "profile": "tabular-data-resource",
                "encoding": "utf-8",
                "schema": {
                    "primaryKey": "id",
                    "fields": [_field(name, key) for key in fields],
                    **({"foreignKeys": keys} if keys else {}),
                },
            }
        )
    return {
        "name": f"yhdessa-{meta['welfare_area']}-{meta['language']}",
        "title": f"Yhdessä: {meta['welfare_area']} ({meta['language']})",
        "description": "Human Services Data Specification (HSDS) 3.0 export of Yhdessä.",
        "profile": "tabular-data-package",
        "version": "3.0.0",
        "homepage": settings.SITE_URL,
        "licenses": [
            {"name": "CC-BY-4.0", "path": LICENCE["url"], "title": "Creative Commons BY 4.0"}
        ],
        "sources": [{"title": meta["attribution"], "path": settings.SITE_URL}],
        "created": meta["generated_at"],
        "resources": resources,
    }


def _csv(name: str, rows: list[dict[str, Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=scalar_fields(name), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def zip_package(export: dict[str, Any], stamp: dt.datetime) -> bytes:
    """The tabular data package: datapackage.json and a CSV per table, in a zip whose entries
    carry the data's last change (the same data gives the same bytes)."""
    rows = tables(export)
    names = [name for name in rows if rows[name]]
    when = timezone.localtime(stamp).timetuple()[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        package = datapackage(export, names)
        entries = [("datapackage.json", json_bytes(package))]
        entries += [(hsds_schema(n)["path"], _csv(n, rows[n])) for n in names]
        for path, data in entries:
            info = zipfile.ZipInfo(path, date_time=when)  # type: ignore[arg-type]
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()
