"""Name templates and text pieces of the demo registry, by sector, read from
data/vocabulary.yaml (which explains every field).

Everything there is invented. `{g}` in a name is the genitive of a place ("Keuruun"); the
Finnish phrases are written in the grammatical case the sentence in `texts.py` needs:
`who_gen` genitive plural ("eläkeläisten yhdistys"), `who_all` allative ("tarkoitettu
eläkeläisille"), `acts` partitive ("Järjestämme retkiä").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from portal.lib.datafiles import read_yaml

MUNI = frozenset({"muni"})


@dataclass(frozen=True)
class Template:
    pattern: str
    who_gen: str
    who_all: str
    acts: tuple[str, ...]
    selko: str
    target_groups: tuple[str, ...]
    themes: tuple[str, ...]
    levels: frozenset[str] = MUNI
    extra_categories: tuple[str, ...] = ()
    service_kinds: tuple[str, ...] = ()
    service_share: float = 0.0  # how often an organisation of this template produces services
    kind: str = "association"
    display_name: str = ""
    weight: float = 1.0
    nicknames: tuple[str, ...] = field(default=())
    note: str = ""  # a sentence added to the description after the first one


def _template(row: dict[str, Any]) -> Template:
    """A template from its mapping in the data file: lists become tuples, levels a set."""
    values: dict[str, Any] = {
        key: tuple(value) if isinstance(value, list) else value for key, value in row.items()
    }
    if "levels" in values:
        values["levels"] = frozenset(values["levels"])
    return Template(**values)


_DATA = read_yaml(Path(__file__).parent / "data" / "vocabulary.yaml")

TEMPLATES: dict[str, list[Template]] = {
    sector: [_template(row) for row in rows] for sector, rows in _DATA["sectors"].items()
}
# Roles an organisation of a sector usually has; two or three are picked, volunteering first.
ROLES: dict[str, tuple[str, ...]] = {
    sector: tuple(roles) for sector, roles in _DATA["roles"].items()
}
# Which sector networks an organisation of a sector may belong to (slugs end the area's).
SECTOR_NETWORKS: dict[str, str] = _DATA["sector_networks"]
SERVICE_PARTITIVE: dict[str, str] = _DATA["service_partitive"]
NATIONAL_CHILD_WELFARE: dict[str, str] = _DATA["national_child_welfare"]
BRANCH = _template({"pattern": NATIONAL_CHILD_WELFARE["branch_pattern"], **_DATA["branch"]})
