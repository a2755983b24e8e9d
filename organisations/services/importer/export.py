"""The registry as CSV with the import's columns (cells that could run as formulas made safe)."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator

from django.db.models import QuerySet

from ...models import Organisation
from .plan import COLUMN_NAMES

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe_cell(value: str) -> str:
    """Keep spreadsheets from running a cell as a formula; phone numbers stay as they are."""
    if value.startswith(FORMULA_START) and not re.fullmatch(r"\+\d{6,15}", value):
        return f"'{value}"
    return value


class _Echo:
    def write(self, value: str) -> str:
        return value


def organisation_export_row(organisation: Organisation) -> list[str]:
    municipalities = sorted(m.name_fi for m in organisation.municipalities.all())
    values = {
        "name": organisation.name,
        "display_name": organisation.display_name,
        "kind": organisation.kind,
        "business_id": organisation.business_id,
        "register_number": organisation.register_number,
        "municipalities": ", ".join(municipalities),
        "categories": ", ".join(organisation.categories),
        "email": organisation.email,
        "phone": organisation.phone,
        "website": organisation.website,
        "description_fi": organisation.description_fi,
        "summary_fi": organisation.summary_fi,
        "languages": ", ".join(organisation.languages),
    }
    return [_safe_cell(values[column]) for column in COLUMN_NAMES]


def organisations_export_csv(*, organisations: QuerySet[Organisation]) -> Iterator[str]:
    """CSV lines for Excel in a Finnish locale: BOM, semicolons, the import's columns."""
    writer = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff" + writer.writerow(COLUMN_NAMES)
    rows: Iterable[Organisation] = organisations.prefetch_related("municipalities").iterator(
        chunk_size=500
    )
    for organisation in rows:
        yield writer.writerow(organisation_export_row(organisation))
