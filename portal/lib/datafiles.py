"""Reading the data files that hold content, not code: YAML (the demo's) and the reference
lists' CSV files (areas/data/, taxonomy/data/: semicolons, UTF-8, a first row of column names).

`yaml.safe_load` builds only plain values (mappings, lists, strings, numbers), never objects;
the C parser is used where PyYAML was built with it.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

import yaml

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path) -> Any:
    with path.open(encoding="utf-8") as file:
        return yaml.load(file, Loader=_Loader)  # noqa: S506 - a safe loader


def read_csv(path: Path) -> list[dict[str, str]]:
    """The rows of a reference CSV file by their column names."""
    with path.open(encoding="utf-8") as file:
        return list(csv.DictReader(file, delimiter=";"))


def upsert_rows(model: Any, rows: list[dict[str, Any]], *, key: str) -> None:
    """Create or update `rows` (a model's field values) by their unique field `key`, in one
    INSERT ... ON CONFLICT DO UPDATE: a reference list loaded again changes nothing else.
    Takes the model class, so a data migration can pass its historical model."""
    if not rows:
        return
    model.objects.bulk_create(
        [model(**row) for row in rows],
        update_conflicts=True,
        unique_fields=[key],
        update_fields=[field for field in rows[0] if field != key],
    )


def clock(value: str | int) -> dt.time:
    """A time of day written "HH:MM". Unquoted, YAML 1.1 reads 10:00 as 600 (base 60), so a
    whole number is taken as minutes since midnight."""
    if isinstance(value, int):
        return dt.time(*divmod(value, 60))
    return dt.time.fromisoformat(value)
