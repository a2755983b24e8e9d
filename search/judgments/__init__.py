"""A judged query set for the residents' search, as search teams keep one.

`queries.json` holds resident queries on the demo data (`manage.py seed_demo`): the GET
parameters of /<lang>/search/, and the entries a person would accept in the first three results
as rules on the entries (any rule may match):

- `kind`: the entry's kind; `title`: a regular expression found in its title or other names
  (case-insensitive); `keys`: any of these facet keys; `all_keys`: every one of them;
- `within_km`: the entry's own point is within this distance of the searched place.

`expect` is "pass" or "fail": a query that fails today stays in the set, marked "fail", so the
figure shows it; tests/search/test_judgments.py fails when a "pass" query fails or a "fail"
query passes (then mark it "pass": the floor only goes up), and when success at 3 drops below
`floor`. bench/judged.py prints the figures (success at 3, nDCG at 5).
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.http import QueryDict
from django.utils import translation

QUERIES = Path(__file__).with_name("queries.json")


@dataclass(frozen=True)
class Judged:
    id: str
    lang: str
    params: dict
    accept: list[dict]
    expect: str = "pass"
    note: str = ""


@dataclass
class Outcome:
    judged: Judged
    top: list[str]  # "kind:title" of the first five results
    gains: list[int]  # 1 for an accepted result, first five
    ideal: int  # how many accepted entries exist (at most 5)

    @property
    def success_at_3(self) -> bool:
        return any(self.gains[:3])

    @property
    def ndcg_at_5(self) -> float:
        dcg = sum(g / math.log2(i + 2) for i, g in enumerate(self.gains[:5]))
        idcg = sum(1 / math.log2(i + 2) for i in range(min(5, self.ideal)))
        return dcg / idcg if idcg else 0.0


@dataclass
class Summary:
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def success_at_3(self) -> float:
        return sum(o.success_at_3 for o in self.outcomes) / max(1, len(self.outcomes))

    @property
    def ndcg_at_5(self) -> float:
        return sum(o.ndcg_at_5 for o in self.outcomes) / max(1, len(self.outcomes))


def load() -> tuple[list[Judged], dict]:
    data = json.loads(QUERIES.read_text())
    return [Judged(**q) for q in data["queries"]], data["floor"]


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def accepted(rule: dict, entry, location) -> bool:
    if "kind" in rule and entry.kind != rule["kind"]:
        return False
    if "title" in rule:
        names = f"{entry.title} {entry.subtitle}"
        if not re.search(rule["title"], names, re.IGNORECASE):
            return False
    keys = set(entry.facet_keys)
    if "keys" in rule and not keys & set(rule["keys"]):
        return False
    if "all_keys" in rule and not set(rule["all_keys"]) <= keys:
        return False
    if "within_km" in rule:
        exact = getattr(entry, "point_exact", True)
        if location is None or entry.latitude is None or not exact:
            return False
        far = _km(location.latitude, location.longitude, entry.latitude, entry.longitude)
        if far > rule["within_km"]:
            return False
    return True


def run(judged: Judged, entries: list) -> Outcome:
    """One query through the page's own form and search (search.views.search's path)."""
    from search.forms import ResidentsSearchForm, residents_query
    from search.residents import residents_search

    with translation.override(judged.lang):
        data = QueryDict(mutable=True)
        for key, value in judged.params.items():
            data.setlist(key, value if isinstance(value, list) else [value])
        query = residents_query(ResidentsSearchForm(data))
        page = residents_search(query)
    by_key = {(e.kind, e.object_id): e for e in entries}

    def ok(entry) -> bool:
        return any(accepted(rule, entry, query.location) for rule in judged.accept)

    top, gains = [], []
    for result in page.results[:5]:
        entry = by_key.get((result.kind, result.object_id))
        top.append(f"{result.kind}:{result.title}")
        gains.append(1 if entry is not None and ok(entry) else 0)
    ideal = sum(1 for e in entries if ok(e))
    return Outcome(judged, top, gains, ideal)


def evaluate(queries: list[Judged] | None = None) -> Summary:
    from search.models import SearchEntry

    if queries is None:
        queries, _floor = load()
    entries = list(
        SearchEntry.objects.only(
            "kind", "object_id", "title", "subtitle", "facet_keys", "latitude", "longitude"
        )
    )
    return Summary([run(q, entries) for q in queries])
