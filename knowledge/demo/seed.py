"""The demo's residents' searches (daily counts, knowledge/demo/data/searches.yaml), full groups
with waiting lists, and the knowledge page's figures rebuilt over the whole demo (after every
other app's demo data, attendance's included).

Full groups: the next few dates of some activities that ask for sign-ups are filled to their
seats, with a waiting list, so the page's "full dates" (demand the offer did not meet) shows
something; the sign-ups are invented (no names, example.com addresses) and written as rows (no
e-mail is queued). Idempotent: searches and sign-ups are written only when none exist yet."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from django.utils import timezone

from areas.models import Municipality, WelfareArea
from meetingplaces.models import Activity, Occurrence
from portal.lib.datafiles import read_yaml
from signups.models import Signup

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
    if not Signup.objects.exists():
        full = full_groups_seed()
        lines.append(
            f"Filled {full} coming dates of activities to their seats, with waiting lists."
        )
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


def full_groups_seed(*, groups: int = 12, dates: int = 3) -> int:
    """Fill the next `dates` dates of `groups` activities per area that ask for sign-ups."""
    rng = random.Random(SEED)
    now = timezone.now()
    rows, filled = [], 0
    for area in WelfareArea.objects.filter(activities__signup_required=True).distinct():
        activities = Activity.objects.published().filter(
            welfare_area=area, signup_required=True, capacity__isnull=False
        )
        for activity in activities.order_by("pk")[:groups]:
            coming = Occurrence.objects.filter(
                activity=activity, starts_at__gt=now, status=Occurrence.Status.SCHEDULED
            ).order_by("starts_at")[:dates]
            for occurrence in coming:
                waiting = rng.randint(1, 3)
                for n in range(activity.capacity + waiting):
                    seated = n < activity.capacity
                    rows.append(
                        Signup(
                            activity=activity,
                            occurrence=occurrence,
                            email=f"demo-osallistuja-{occurrence.pk}-{n}@example.com",
                            status=Signup.Status.CONFIRMED if seated else Signup.Status.WAITING,
                            confirmed_at=now if seated else None,
                            waiting_since=None if seated else now,
                        )
                    )
                filled += 1
    Signup.objects.bulk_create(rows, batch_size=2000)
    return filled
