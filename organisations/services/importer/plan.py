"""The import's columns and what an import would do: the plan of rows and problems."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from ...models import Category, OrganisationKind, ServiceLanguage

# The columns of the file, in the order the export writes them.
COLUMN_NAMES = [
    "name", "display_name", "kind", "business_id", "register_number", "municipalities",
    "categories", "email", "phone", "website", "description_fi", "summary_fi", "languages",
]  # fmt: skip


def import_columns() -> list[tuple[str, str]]:
    """(column, what goes in it) in the active language, for the import page."""
    return [
        ("name", _("Official name. Required.")),
        ("display_name", _("The name people use, if different.")),
        ("kind", _("association, foundation or other. Empty means association.")),
        ("business_id", _("Business ID (Y-tunnus), for example 1234567-1.")),
        ("register_number", _("Association register number, for example 123.456.")),
        (
            "municipalities",
            _(
                "Municipality codes or Finnish names separated by commas, for example "
                "“179, Muurame”. Only municipalities of the welfare area."
            ),
        ),
        ("categories", _("Sector codes separated by commas: %(codes)s.")
         % {"codes": ", ".join(Category.values)}),
        ("email", _("Public email address.")),
        ("phone", _("Public phone number, for example 040 123 4567.")),
        ("website", _("Website, for example https://www.example.fi.")),
        ("description_fi", _("Description in Finnish.")),
        ("summary_fi", _("Plain-language summary in Finnish.")),
        ("languages", _("Language codes separated by commas: %(codes)s.")
         % {"codes": ", ".join(ServiceLanguage.values)}),
    ]  # fmt: skip


KIND_ALIASES = {
    "yhdistys": OrganisationKind.ASSOCIATION,
    "ry": OrganisationKind.ASSOCIATION,
    "säätiö": OrganisationKind.FOUNDATION,
    "sr": OrganisationKind.FOUNDATION,
    "muu": OrganisationKind.OTHER,
}


@dataclass
class Problem:
    row: int
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class PlannedRow:
    row: int
    name: str
    values: dict[str, Any]
    present: set[str]
    target_id: int | None = None
    # The columns whose values differ from the saved organisation's (for an update).
    changed: list[str] = field(default_factory=list)

    @property
    def action(self) -> str:
        """create, update, or unchanged (the row matches the saved organisation)."""
        if self.target_id is None:
            return "create"
        return "update" if self.changed else "unchanged"


@dataclass
class ImportPlan:
    rows: list[PlannedRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def creates(self) -> list[PlannedRow]:
        return [r for r in self.rows if r.action == "create"]

    @property
    def updates(self) -> list[PlannedRow]:
        return [r for r in self.rows if r.action == "update"]

    @property
    def unchanged(self) -> list[PlannedRow]:
        return [r for r in self.rows if r.action == "unchanged"]

    @property
    def changes(self) -> int:
        """How many organisations the import would write."""
        return len(self.creates) + len(self.updates)
