"""A national-scale data set of meeting places and activities, for the residents' search benchmark.

    from bench.places_generator import build_national
    build_national(places=10_000, activities=40_000, seed=1)

Every welfare area gets organisations (the demo vocabulary's kinds of association, named after
their municipality), meeting places around the municipality centres and activities of the
demo's kinds (meetingplaces/demo/activities.py: only kinds that fit the organisation's themes)
with realistic schedules: weekly, twice a week, every other week, monthly on the n:th weekday,
courses of some weeks and one-off events. Their occurrences for the year ahead are computed in
Python the way meetingplaces/schedule.py would (local Helsinki wall-clock time) and streamed in
with COPY: about 1,000,000 rows for 40,000 activities.

Search entries: when meetingplaces.search builds entries (`place_search_entry`,
`activity_search_entry`), they are built in memory for every place and activity and written with
search.entries.search_entries_replace, like the demo registry's organisations; with the stubs
of an older checkout there is nothing to build and the data set has no place or activity
entries (the run says so).

Synthetic data for measuring only: names are mechanical ("Oulun Eläkeläiset 12 ry"),
nothing here is meant to be read by people.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import defaultdict
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from areas.models import Municipality
from meetingplaces.demo import activities as catalogue
from meetingplaces.models import (
    Activity,
    MeetingPlace,
    Occurrence,
    OpeningHours,
    PublishStatus,
    Venue,
)
from meetingplaces.schedule import HELSINKI, HORIZON_DAYS
from organisations.demo.builder import Identifiers, Row, insert_rows
from organisations.demo.vocabulary import ROLES, TEMPLATES
from organisations.models import Organisation, Status
from taxonomy.models import Term

# The largest cities get more of everything (no population data in areas/; a rough weight).
CITY_WEIGHT = {"091": 30, "049": 14, "837": 13, "092": 12, "564": 11, "853": 10, "179": 8,
               "297": 7, "398": 6, "609": 5, "405": 4, "167": 4, "743": 4, "905": 4}  # fmt: skip
PLACE_KINDS = [("village_house", 35), ("activity_centre", 10), ("volunteer_point", 8),
               ("cafe", 22), ("other", 25)]  # fmt: skip
PLACE_WORDS = {
    "village_house": "Kylätalo",
    "activity_centre": "Toimintakeskus",
    "volunteer_point": "Vapaaehtoispiste",
    "cafe": "Kohtaamiskahvila",
    "other": "Olohuone",
}
NICKNAMES = ["Koivula", "Pihlaja", "Majakka", "Kompassi", "Silta", "Ankkuri", "Tupa", "Lyhty",
             "Kajo", "Helmi", "Aallokko", "Kotipesä", "Satama", "Tähti", "Onni"]  # fmt: skip
STREETS = ["Kauppakatu", "Koulutie", "Kirkkotie", "Asematie", "Keskustie", "Rantatie",
           "Urheilutie", "Myllytie", "Puistokatu", "Kylätie"]  # fmt: skip
# Schedule styles and how often (tuned for ~27 stored occurrences per activity on average).
STYLES = [("weekly", 22), ("twice_weekly", 2), ("biweekly", 28), ("monthly", 35),
          ("course", 8), ("once", 5)]  # fmt: skip
CHUNK = 5000


def genitive(name: str) -> str:
    """A mechanical genitive: good enough for synthetic names ("Oulun", "Espoon")."""
    if name.endswith("nen"):
        return name[:-3] + "sen"
    if name[-1] in "aeiouyäö":
        return name + "n"
    return name + "in"


@dataclass
class GenOrg:
    pk: int
    code: str
    area_id: int
    themes: set[str]
    target_groups: list[str]
    name: str
    email: str


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S', time.gmtime())}Z] {message}", flush=True)


def build_national(
    *,
    places: int = 10_000,
    activities: int = 40_000,
    organisations: int = 10_000,
    seed: int = 1,
    today: dt.date | None = None,
) -> dict:
    """Add the organisations, places, activities and occurrences; returns what was made."""
    rng = random.Random(seed)
    today = today or timezone.localdate()
    terms = {term.slug: term for term in Term.objects.all()}
    municipalities = list(
        Municipality.objects.exclude(welfare_area=None).select_related("welfare_area")
    )
    weights = [CITY_WEIGHT.get(m.code, 1) for m in municipalities]
    notes: dict = {}

    started = time.monotonic()
    orgs = _organisations(rng, organisations, municipalities, weights, terms)
    notes["organisations_seconds"] = round(time.monotonic() - started, 1)
    log(f"national organisations: {len(orgs)} in {notes['organisations_seconds']} s")

    by_code: dict[str, list[GenOrg]] = defaultdict(list)
    for org in orgs:
        by_code[org.code].append(org)
    fitting_cache: dict[int, list] = {}

    def fitting(org: GenOrg) -> list:
        if org.pk not in fitting_cache:
            fitting_cache[org.pk] = [
                t
                for t in catalogue.TEMPLATES
                if t.theme in org.themes
                and (not t.target_groups or set(t.target_groups) & set(org.target_groups))
            ]
        return fitting_cache[org.pk]

    step = time.monotonic()
    with transaction.atomic():
        place_rows, runners = _places(rng, places, municipalities, weights, by_code)
        notes["places_seconds"] = round(time.monotonic() - step, 1)
        log(f"places: {len(place_rows)} in {notes['places_seconds']} s")

        step = time.monotonic()
        activity_rows, relations, dates = _activities(
            rng, activities, place_rows, runners, orgs, by_code, fitting, today
        )
        notes["activities_seconds"] = round(time.monotonic() - step, 1)
        log(f"activities: {len(activity_rows)} in {notes['activities_seconds']} s")

        step = time.monotonic()
        notes["occurrences"] = _copy_occurrences(activity_rows, dates, terms, relations)
        notes["occurrences_seconds"] = round(time.monotonic() - step, 1)
        log(f"occurrences: {notes['occurrences']} in {notes['occurrences_seconds']} s")

    step = time.monotonic()
    notes["search_entries"] = build_search_entries()
    notes["search_seconds"] = round(time.monotonic() - step, 1)
    log(f"search entries: {notes['search_entries']} in {notes['search_seconds']} s")
    notes.update(
        national_organisations=len(orgs),
        places=len(place_rows),
        activities=len(activity_rows),
    )
    return notes


# --- organisations ----------------------------------------------------------------------------


def _organisations(rng, count, municipalities, weights, terms) -> list[GenOrg]:
    identifiers = Identifiers.load()
    categories = list(TEMPLATES)
    category_weights = [100, 98, 90, 65, 35, 8, 9, 7, 30, 58]
    now = timezone.now()
    made: list[GenOrg] = []
    rows: list[Row] = []
    serial: dict[str, int] = defaultdict(int)
    for _ in range(count):
        municipality = rng.choices(municipalities, weights)[0]
        category = rng.choices(categories, category_weights)[0]
        template = rng.choice(TEMPLATES[category])
        serial[municipality.code] += 1
        base = template.pattern.format(g=genitive(municipality.name_fi), nick="").replace("  ", " ")
        name = base.replace(" ry", f" {serial[municipality.code]} ry").replace(
            " sr", f" {serial[municipality.code]} sr"
        )
        slug = identifiers.slug(name)
        target_groups = [template.target_groups[0]] + [
            s for s in template.target_groups[1:] if rng.random() < 0.6
        ]
        themes = [template.themes[0]] + [t for t in template.themes[1:] if rng.random() < 0.7]
        if "peer-support" not in themes and rng.random() < 0.3:
            themes.append("peer-support")
        roles = list(ROLES[category])
        label = slug[:60].strip("-")
        organisation = Organisation(
            name=name,
            slug=slug,
            kind="foundation" if template.kind == "foundation" else "association",
            welfare_area_id=municipality.welfare_area_id,
            categories=[category, *template.extra_categories],
            roles=[roles[0], rng.choice(roles[1:])],
            languages=["fi"],
            staffing="volunteers",
            email=f"info@{label}.yhdessa.example",
            description_fi=(
                f"{name} on {template.who_gen} yhdistys. Järjestämme "
                f"{', '.join(template.acts[:2])} ja {template.acts[-1]}."
            ),
            summary_fi=template.selko,
            status=Status.PUBLISHED,
            last_confirmed_at=now - dt.timedelta(days=rng.randint(1, 700)),
            created_at=now - dt.timedelta(days=rng.randint(700, 3000)),
        )
        rows.append(
            Row(
                organisation=organisation,
                municipality_ids=[municipality.pk],
                target_group_ids=sorted(terms[s].pk for s in target_groups),
                theme_ids=sorted(terms[s].pk for s in themes),
                network_ids=[],
            )
        )
        made.append(
            GenOrg(
                pk=0,
                code=municipality.code,
                area_id=municipality.welfare_area_id,
                themes=set(themes),
                target_groups=sorted(target_groups),
                name=name,
                email=organisation.email,
            )
        )
    for start in range(0, len(rows), CHUNK):
        insert_rows(rows[start : start + CHUNK])
    for org, row in zip(made, rows, strict=True):
        org.pk = row.organisation.pk
    return made


# --- places -----------------------------------------------------------------------------------


def _places(rng, count, municipalities, weights, by_code):
    taken = set(MeetingPlace.objects.values_list("slug", flat=True))
    rows: list[MeetingPlace] = []
    runners: list[list[GenOrg]] = []
    serial: dict[str, int] = defaultdict(int)
    kinds = [k for k, _w in PLACE_KINDS]
    kind_weights = [w for _k, w in PLACE_KINDS]
    # Places only where organisations are (nearly everywhere at 10,000 organisations).
    pairs = [(m, w) for m, w in zip(municipalities, weights, strict=True) if by_code.get(m.code)]
    municipalities = [m for m, _w in pairs]
    weights = [w for _m, w in pairs]
    for _ in range(count):
        municipality = rng.choices(municipalities, weights)[0]
        local = by_code[municipality.code]
        kind = rng.choices(kinds, kind_weights)[0]
        serial[municipality.code] += 1
        name = (
            f"{PLACE_WORDS[kind]} {rng.choice(NICKNAMES)}, {municipality.name_fi} "
            f"{serial[municipality.code]}"
        )
        slug = slugify(name)
        while slug in taken:
            slug += "-x"
        taken.add(slug)
        spread = 0.08 if kind == "village_house" else 0.02
        rows.append(
            MeetingPlace(
                welfare_area_id=municipality.welfare_area_id,
                name_fi=name,
                slug=slug,
                kind=kind,
                street_address=f"{rng.choice(STREETS)} {rng.randint(1, 60)}",
                postcode="00000",
                municipality=municipality,
                latitude=round(float(municipality.latitude) + rng.uniform(-spread, spread), 5),
                longitude=round(
                    float(municipality.longitude) + rng.uniform(-2 * spread, 2 * spread), 5
                ),
                location_source="pin",
                description_fi="Matalan kynnyksen kohtaamispaikka, jonne voi tulla ilman "
                "ajanvarausta.",
                anonymous_welcome=rng.random() < 0.4,
                substance_free=rng.random() < 0.5,
                has_volunteers=True,
                has_peers=rng.random() < 0.5,
                step_free_entrance=rng.random() < 0.6,
                accessible_toilet=rng.random() < 0.5,
                induction_loop=rng.random() < 0.2,
                parking=rng.random() < 0.6,
                public_transport=rng.random() < 0.5,
                assistance_animals=rng.random() < 0.7,
                languages=["fi"] if rng.random() < 0.9 else ["fi", "sv"],
                status=PublishStatus.PUBLISHED,
            )
        )
        runners.append(rng.sample(local, k=min(len(local), rng.randint(1, 2))))
    # Postcodes: the municipality's first street-address postcode where the table exists.
    postcodes = _postcodes()
    for place in rows:
        place.postcode = postcodes.get(place.municipality.code, "99999")
    MeetingPlace.objects.bulk_create(rows, batch_size=2000)
    through = MeetingPlace.organisations.through
    through.objects.bulk_create(
        [
            through(meetingplace_id=place.pk, organisation_id=org.pk)
            for place, orgs in zip(rows, runners, strict=True)
            for org in orgs
        ],
        batch_size=5000,
    )
    OpeningHours.objects.bulk_create(
        [
            OpeningHours(place=place, weekday=day, opens=dt.time(10), closes=dt.time(14))
            for place in rows
            for day in rng.sample(range(6), k=2)
        ],
        batch_size=5000,
    )
    return rows, runners


def _postcodes() -> dict[str, str]:
    try:
        from areas.models import Postcode  # the search engineer's table, where it exists
    except ImportError:
        return {}
    found: dict[str, str] = {}
    for code, municipality_code in Postcode.objects.order_by("code").values_list(
        "code", "municipality__code"
    ):
        found.setdefault(municipality_code, code)
    return found


# --- activities and their dates ---------------------------------------------------------------


def _dates(rng, style: str, today: dt.date, weekday: int) -> tuple[dict, list[dt.date]]:
    """The schedule fields and the dates of the stored horizon."""
    horizon = today + dt.timedelta(days=HORIZON_DAYS)
    first = today + dt.timedelta(days=(weekday - today.weekday()) % 7)
    if style == "once":
        day = today + dt.timedelta(days=rng.randint(1, 200))
        return {"start_date": day, "recurrence": ""}, [day]
    if style == "course":
        start = first + dt.timedelta(weeks=rng.randint(0, 8))
        weeks = rng.choice([6, 8, 10])
        days = [start + dt.timedelta(weeks=n) for n in range(weeks)]
        return {
            "start_date": start,
            "recurrence": f"FREQ=WEEKLY;BYDAY={_code(weekday)}",
            "end_date": days[-1],
        }, days
    start = first - dt.timedelta(weeks=rng.randint(2, 50))
    if style == "weekly":
        days = _every(first, 7, horizon)
        rule = f"FREQ=WEEKLY;BYDAY={_code(weekday)}"
    elif style == "twice_weekly":
        other = (weekday + 2) % 5
        first_other = today + dt.timedelta(days=(other - today.weekday()) % 7)
        days = sorted(_every(first, 7, horizon) + _every(first_other, 7, horizon))
        rule = f"FREQ=WEEKLY;BYDAY={_code(min(weekday, other))},{_code(max(weekday, other))}"
    elif style == "biweekly":
        weeks = (first - start).days // 7
        begin = first + dt.timedelta(weeks=weeks % 2)
        days = _every(begin, 14, horizon)
        rule = f"FREQ=WEEKLY;INTERVAL=2;BYDAY={_code(weekday)}"
    else:
        position = rng.choice([1, 1, 2, 3, -1])
        days = _nth_weekdays(today, horizon, weekday, position)
        rule = f"FREQ=MONTHLY;BYDAY={position}{_code(weekday)}"
    return {"start_date": start, "recurrence": rule}, days


def _code(weekday: int) -> str:
    return ["MO", "TU", "WE", "TH", "FR", "SA", "SU"][weekday]


def _every(first: dt.date, step: int, horizon: dt.date) -> list[dt.date]:
    count = (horizon - first).days // step + 1
    return [first + dt.timedelta(days=step * n) for n in range(max(count, 0))]


def _nth_weekdays(today, horizon, weekday, position) -> list[dt.date]:
    days = []
    year, month = today.year, today.month
    for _ in range(14):
        if position > 0:
            day = dt.date(year, month, 1)
            day += dt.timedelta(days=(weekday - day.weekday()) % 7 + 7 * (position - 1))
        else:
            following = dt.date(year + month // 12, month % 12 + 1, 1)
            day = following - dt.timedelta(days=1)
            day -= dt.timedelta(days=(day.weekday() - weekday) % 7)
        if day.month == month and today <= day <= horizon:
            days.append(day)
        year, month = year + month // 12, month % 12 + 1
    return days


def _activities(rng, count, place_rows, runners, orgs, by_code, fitting, today):
    taken = set(Activity.objects.values_list("slug", flat=True))
    rows: list[Activity] = []
    relations: list[tuple[list[str], list[str]]] = []
    dates: list[list[dt.date]] = []
    styles = [s for s, _w in STYLES]
    style_weights = [w for _s, w in STYLES]
    serial = 0
    while len(rows) < count:
        roll = rng.random()
        index = rng.randrange(len(place_rows))
        place = place_rows[index]
        if roll < 0.85:
            venue = Venue.PLACE
            pool = runners[index] + by_code[place.municipality.code][:20]
        elif roll < 0.95:
            venue = Venue.ADDRESS
            pool = by_code[place.municipality.code]
        else:
            venue = Venue.ONLINE
            pool = orgs
        org = rng.choice(pool)
        templates = fitting(org)
        if not templates:
            continue
        template = rng.choices(templates, [t.weight for t in templates])[0]
        style = rng.choices(styles, style_weights)[0]
        weekday = rng.choice([0, 0, 1, 1, 2, 2, 3, 3, 4, 5])
        fields, days = _dates(rng, style, today, weekday)
        start_time, end_time = rng.choice(template.times)
        serial += 1
        slug = f"{slugify(template.title[0])}-{serial}"
        while slug in taken:
            slug += "-x"
        taken.add(slug)
        groups = (
            sorted(set(template.target_groups) & set(org.target_groups))
            if template.target_groups
            else list(org.target_groups)
        )
        themes = [template.theme] + [t for t in template.extra_themes if t in org.themes]
        activity = Activity(
            organisation_id=org.pk,
            welfare_area_id=org.area_id,
            slug=slug,
            kind=template.kind,
            title_fi=template.title[0],
            title_sv=template.title[1] if rng.random() < 0.2 else "",
            title_en=template.title[2] if rng.random() < 0.3 else "",
            description_fi=f"{template.description[0]} Järjestäjä: {org.name}.",
            summary_fi=template.summary[0],
            venue=venue,
            place=place if venue == Venue.PLACE else None,
            start_time=start_time,
            end_time=end_time,
            is_free=template.fee is None,
            fee_amount=template.fee,
            signup_required=template.signup,
            capacity=rng.randint(8, 20) if template.signup else None,
            is_sensitive=template.sensitive,
            languages=["fi"] if rng.random() < 0.9 else rng.choice([["sv"], ["fi", "en"]]),
            contact_role=catalogue.CONTACT_ROLES[template.kind],
            contact_email=org.email,
            status=PublishStatus.PUBLISHED,
            **fields,
        )
        if venue == Venue.ADDRESS:
            activity.street_address = f"{rng.choice(STREETS)} {rng.randint(1, 60)}"
            activity.postcode = place.postcode
            activity.municipality = place.municipality
            activity.latitude = place.latitude + rng.uniform(-0.01, 0.01)
            activity.longitude = place.longitude + rng.uniform(-0.02, 0.02)
        elif venue == Venue.ONLINE:
            activity.online_url = f"https://meet.yhdessa.example/{slug}"
        rows.append(activity)
        relations.append((themes, groups))
        dates.append(days)
    Activity.objects.bulk_create(rows, batch_size=2000)
    return rows, relations, dates


def _copy_occurrences(rows, dates, terms, relations) -> int:
    """The occurrences (and the activities' term links) streamed in with COPY."""
    table = connection.ops.quote_name(Occurrence._meta.db_table)
    themes_table = connection.ops.quote_name(Activity.themes.through._meta.db_table)
    groups_table = connection.ops.quote_name(Activity.target_groups.through._meta.db_table)
    count = 0
    with connection.cursor() as cursor:
        with cursor.copy(f"COPY {themes_table} (activity_id, term_id) FROM STDIN") as copy:
            for activity, (themes, _groups) in zip(rows, relations, strict=True):
                for slug in themes:
                    copy.write_row((activity.pk, terms[slug].pk))
        with cursor.copy(f"COPY {groups_table} (activity_id, term_id) FROM STDIN") as copy:
            for activity, (_themes, groups) in zip(rows, relations, strict=True):
                for slug in groups:
                    copy.write_row((activity.pk, terms[slug].pk))
        sql = f"COPY {table} (activity_id, date, starts_at, ends_at, status, note) FROM STDIN"
        with cursor.copy(sql) as copy:
            for activity, days in zip(rows, dates, strict=True):
                for day in days:
                    copy.write_row(
                        (
                            activity.pk,
                            day,
                            dt.datetime.combine(day, activity.start_time, tzinfo=HELSINKI),
                            dt.datetime.combine(day, activity.end_time, tzinfo=HELSINKI),
                            "scheduled",
                            "",
                        )
                    )
                    count += 1
    return count


# --- search entries ---------------------------------------------------------------------------


def build_search_entries() -> int:
    """Search entries of every meeting place and activity in the database, in bulk.

    The entries are those meetingplaces.search writes one by one (`place_search_entry`,
    `activity_search_entry`); the next start and the weekday/time-of-day keys of each activity
    come from one aggregate over the stored occurrences. Returns how many were written; 0 when
    this checkout's meetingplaces.search builds no entries (the stubs)."""
    from meetingplaces import search as mp_search

    if not hasattr(mp_search, "activity_search_entry"):
        log("meetingplaces.search builds no entries in this checkout: none written")
        return 0
    from search.entries import search_entries_replace

    written = 0
    place_ids = list(MeetingPlace.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(place_ids), CHUNK):
        ids = place_ids[start : start + CHUNK]
        places = (
            MeetingPlace.objects.filter(pk__in=ids)
            .select_related("municipality", "welfare_area")
            .prefetch_related("organisations")
        )
        built = [e for p in places if (e := mp_search.place_search_entry(p)) is not None]
        search_entries_replace(kind=mp_search.PLACE_KIND, object_ids=ids, entries=built)
        written += len(built)
    log(f"  place entries: {written}")

    now = timezone.now()
    firsts: dict[int, dt.datetime] = {}
    keys: dict[int, set[str]] = defaultdict(set)
    table = Occurrence._meta.db_table
    local = "(starts_at AT TIME ZONE 'Europe/Helsinki')"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT activity_id, min(starts_at), array_agg(DISTINCT extract(isodow FROM {local})"
            f"::int), array_agg(DISTINCT extract(hour FROM {local})::int) FROM {table} "
            "WHERE starts_at >= %s AND status <> 'cancelled' GROUP BY activity_id",
            [now],
        )
        for activity_id, first, weekdays, hours in cursor.fetchall():
            firsts[activity_id] = first
            keys[activity_id] = {f"day:{mp_search.WEEKDAY_KEYS[d - 1]}" for d in weekdays} | {
                f"time:{mp_search.time_of_day(h)}" for h in hours
            }
    activity_ids = list(Activity.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(activity_ids), CHUNK):
        ids = activity_ids[start : start + CHUNK]
        batch = (
            Activity.objects.filter(pk__in=ids)
            .select_related(
                "organisation",
                "welfare_area",
                "municipality",
                "place__municipality",
                "place__welfare_area",
            )
            .prefetch_related("target_groups", "themes")
        )
        built = [
            e
            for a in batch
            if (
                e := mp_search.activity_search_entry(
                    a, next_at=firsts.get(a.pk), schedule_keys=keys.get(a.pk, set())
                )
            )
            is not None
        ]
        search_entries_replace(kind=mp_search.ACTIVITY_KIND, object_ids=ids, entries=built)
        written += len(built)
        log(f"  activity entries {start + len(ids)}/{len(activity_ids)}")
    return written
