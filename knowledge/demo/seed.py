"""The demo's residents' searches (daily counts, knowledge/demo/data/searches.yaml) and the
knowledge page's figures rebuilt over the whole demo (after every other app's demo data).

Idempotent: the searches are written only when no count exists yet."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from areas.models import Municipality, WelfareArea
from portal.lib.datafiles import read_yaml

from ..demand import HELSINKI, TEXT_THRESHOLD
from ..models import SearchDemand, SearchTerm
from ..services import figures_refresh_all

DATA = Path(__file__).resolve().parent / "data" / "searches.yaml"
SEED = 1812


def seed() -> list[str]:
    lines = []
    if not SearchDemand.objects.exists():
        searches_seed()
        lines.append("Created the demo's daily search counts (90 days, two welfare areas).")
    figures_refresh_all()
    return [*lines, "Rebuilt the knowledge page's figures of every welfare area."]


def searches_seed(*, today: dt.date | None = None) -> None:
    """Daily counts of the last `days` days in each area of the file, drawn at random (a fixed
    seed) around each municipality's and theme's weight."""
    data = read_yaml(DATA)
    today = today or dt.datetime.now(HELSINKI).date()
    rng = random.Random(SEED)
    demand, terms = [], []
    for slug, spec in data["areas"].items():
        area = WelfareArea.objects.get(slug=slug)
        codes = dict(Municipality.objects.filter(welfare_area=area).values_list("code", "name_fi"))
        weights = {code: spec["municipalities"].get(name, 1) for code, name in codes.items()}
        for offset in range(1, data["days"] + 1):
            day = today - dt.timedelta(days=offset)
            for theme, (per_day, empty_share) in spec["themes"].items():
                for code, weight in weights.items():
                    searches = rng.randint(0, per_day * weight // 3)
                    if not searches:
                        continue
                    empty = sum(rng.random() < empty_share for _ in range(searches))
                    demand.append(
                        SearchDemand(
                            day=day,
                            welfare_area=area,
                            municipality=code,
                            theme=theme,
                            searches=searches,
                            empty=empty,
                        )
                    )
            for text, (per_day, empty_share) in spec["words"].items():
                searches = rng.randint(per_day // 2, per_day)
                empty = round(searches * empty_share)
                stored = text if searches >= TEXT_THRESHOLD else ""
                terms.append(
                    SearchTerm(
                        day=day,
                        welfare_area=area,
                        digest=f"demo-{offset}-{text}"[:32],
                        text=stored,
                        searches=searches,
                        empty=empty,
                    )
                )
    SearchDemand.objects.bulk_create(demand, batch_size=2000)
    SearchTerm.objects.bulk_create(terms, batch_size=2000)
