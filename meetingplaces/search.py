"""What the residents' search indexes of meeting places and activities (search/README.md).

One SearchEntry per published place (kind "place") and per published activity of a public
organisation (kind "activity"), removed when either stops being public. Called by
meetingplaces.services after every write (activity_saved, place_saved, occurrence changes, the
daily extension of occurrences).

Facet keys (shared prefixes with organisations where the meaning is the same):
`th:<theme>`, `tg:<target group>`, `mun:<code>`, `area:<slug>`, `lang:<code>`, `free:yes`,
`nosignup:yes`, `acc:<accessibility flag>`, `venue:online` / `venue:inperson`,
`akind:<activity kind>` / `pkind:<place kind>`, and for activities `day:<mon..sun>` and
`time:<morning|afternoon|evening>` of their schedule. The result kind itself is `e.kind`.

`next_at` is the next start of a non-cancelled stored occurrence when the entry was written;
`search_next_at_advance` (hourly, Celery beat) moves it on once it has passed, and the search
page reads the next occurrence of the shown rows from the occurrences table itself, so a
result line is never a date in the past.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from portal.lib.translation import field_values, filled_values, language_codes, pick
from search.entries import (
    search_entries_replace,
    search_entry_save,
    summary_and_description_bodies,
)
from search.models import SearchEntry
from search.text import index_terms

from .models import (
    Activity,
    ActivityKind,
    LocationSource,
    MeetingPlace,
    Occurrence,
    PlaceKind,
    PublishStatus,
    Venue,
)
from .schedule import HELSINKI, Schedule, describe

PLACE_KIND = "place"
ACTIVITY_KIND = "activity"

WEEKDAY_KEYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def time_of_day(hour: int) -> str:
    """Morning before 12, afternoon 12–17, evening from 17 (local time)."""
    if hour < 12:
        return "morning"
    if hour < 17:
        return "afternoon"
    return "evening"


def _access_keys(place: MeetingPlace | None) -> list[str]:
    if place is None:
        return []
    return [f"acc:{flag}" for flag in MeetingPlace.ACCESSIBILITY_FLAGS if getattr(place, flag)]


def _place_card(place: MeetingPlace) -> dict:
    return {
        "slug": place.slug,
        "name": filled_values(place),
        "address": place.street_address,
        "postcode": place.postcode,
        "municipality": filled_values(place.municipality),
    }


# --- Places ------------------------------------------------------------------------------------


def place_search_entry(place: MeetingPlace) -> SearchEntry | None:
    """The entry of a published place (None otherwise); relations must be loaded."""
    if place.status != PublishStatus.PUBLISHED:
        return None
    municipality = place.municipality
    organisations = [o for o in place.organisations.all() if o.status == "published"]
    names = filled_values(place)
    extra = " ".join(
        filter(
            None,
            [
                *names.values(),
                *filled_values(municipality).values(),
                place.street_address,
                place.postcode,
                place.get_kind_display(),
                *(o.name for o in organisations),
            ],
        )
    )
    keys = {
        "venue:inperson",
        f"pkind:{place.kind}",
        f"mun:{municipality.code}",
        f"area:{place.welfare_area.slug}",
        *(f"lang:{code}" for code in place.languages),
        *_access_keys(place),
    }
    if place.is_free:
        keys.add("free:yes")
    if place.no_signup:
        keys.add("nosignup:yes")
    return SearchEntry(
        kind=PLACE_KIND,
        object_id=place.pk,
        welfare_area_id=place.welfare_area_id,
        title=place.name_fi,
        subtitle=" / ".join(v for k, v in names.items() if k != "fi"),
        keywords=" ".join(filter(None, [extra, index_terms(extra)])),
        **{
            f"body_{code}": "\n".join(
                filter(
                    None,
                    [
                        field_values(place, "description")[code],
                        field_values(place, "directions")[code],
                    ],
                )
            )
            for code in language_codes()
        },
        facet_keys=sorted(keys),
        latitude=place.latitude,
        longitude=place.longitude,
        point_exact=place.location_source == LocationSource.PIN,
        next_at=None,
        card={
            **_place_card(place),
            "kind": place.kind,
            "is_free": place.is_free,
            "no_signup": place.no_signup,
            "organisations": [o.display_name or o.name for o in organisations],
            "summary": filled_values(place, "description"),
            "point": [place.latitude, place.longitude],
        },
    )


def place_refresh_search(place) -> None:
    """Bring the place's search entry up to date (or remove it when the place is not public)."""
    place = (
        MeetingPlace.objects.select_related("municipality", "welfare_area")
        .prefetch_related("organisations")
        .get(pk=place.pk)
    )
    entry = place_search_entry(place)
    search_entry_save(
        entry=entry,
        kind=PLACE_KIND,
        object_id=place.pk,
        words=[*filled_values(place).values(), *filled_values(place.municipality).values()],
    )


# --- Activities --------------------------------------------------------------------------------


def _next_start(activity_id: int, now: dt.datetime) -> dt.datetime | None:
    return (
        Occurrence.objects.filter(activity_id=activity_id, starts_at__gte=now)
        .exclude(status=Occurrence.Status.CANCELLED)
        .order_by("starts_at")
        .values_list("starts_at", flat=True)
        .first()
    )


def _schedule_keys(activity: Activity) -> set[str]:
    """Weekdays and times of day of the upcoming occurrences (one query, grouped in SQL)."""
    rows = (
        Occurrence.objects.filter(activity_id=activity.pk, starts_at__gte=timezone.now())
        .exclude(status=Occurrence.Status.CANCELLED)
        .values_list("starts_at", flat=True)
    )
    keys = set()
    for starts_at in rows[:400]:
        local = starts_at.astimezone(HELSINKI)
        keys.add(f"day:{WEEKDAY_KEYS[local.weekday()]}")
        keys.add(f"time:{time_of_day(local.hour)}")
    return keys


def _describe_all(activity: Activity) -> dict[str, str]:
    schedule = Schedule.of(activity)
    texts = {}
    for code in language_codes():
        with translation.override(code):
            texts[code] = str(describe(schedule))
    return texts


def activity_search_entry(
    activity: Activity, *, next_at: dt.datetime | None, schedule_keys: set[str]
) -> SearchEntry | None:
    """The entry of a public activity (None otherwise); relations must be loaded."""
    organisation = activity.organisation
    if (
        activity.status != PublishStatus.PUBLISHED
        or organisation.status != "published"
        or organisation.merged_into_id is not None
    ):
        return None
    place = activity.place if activity.venue == Venue.PLACE else None
    if place is not None and place.status != PublishStatus.PUBLISHED:
        place = None
    municipality = place.municipality if place else activity.municipality
    target_groups = list(activity.target_groups.all())
    themes = list(activity.themes.all())
    titles = filled_values(activity, "title")
    term_names = [n for t in [*target_groups, *themes] for n in filled_values(t).values()]
    extra = " ".join(
        filter(
            None,
            [
                activity.summary_fi,
                *(v for k, v in titles.items() if k != "fi"),
                activity.get_kind_display(),
                *term_names,
                *(filled_values(place).values() if place else []),
                *(filled_values(municipality).values() if municipality else []),
                organisation.name,
                organisation.display_name,
            ],
        )
    )
    keys = {
        f"akind:{activity.kind}",
        f"area:{activity.welfare_area.slug}",
        *(f"tg:{t.slug}" for t in target_groups),
        *(f"th:{t.slug}" for t in themes),
        *(f"lang:{code}" for code in activity.languages),
        *_access_keys(place),
        *schedule_keys,
    }
    keys.add("venue:online" if activity.venue == Venue.ONLINE else "venue:inperson")
    if municipality is not None:
        keys.add(f"mun:{municipality.code}")
    if activity.is_free:
        keys.add("free:yes")
    if not activity.signup_required:
        keys.add("nosignup:yes")
    point: tuple[float | None, float | None] | None = None
    exact = False
    if place is not None:
        point = (place.latitude, place.longitude)
        exact = place.location_source == LocationSource.PIN
    elif activity.venue == Venue.ADDRESS and activity.latitude is not None:
        point, exact = (activity.latitude, activity.longitude), True
    return SearchEntry(
        kind=ACTIVITY_KIND,
        object_id=activity.pk,
        welfare_area_id=activity.welfare_area_id,
        title=activity.title_fi,
        subtitle=" / ".join(v for k, v in titles.items() if k != "fi"),
        # The Finnish title's parts and å/ä/ö-less forms too ("paihteeton" finds "Päihteetön").
        keywords=" ".join(filter(None, [extra, index_terms(activity.title_fi, extra)])),
        **summary_and_description_bodies(activity),
        facet_keys=sorted(keys),
        latitude=point[0] if point else None,
        longitude=point[1] if point else None,
        point_exact=exact,
        next_at=next_at,
        card={
            "slug": activity.slug,
            "title": titles,
            "summary": filled_values(activity, "summary"),
            "kind": activity.kind,
            "venue": activity.venue,
            "place": _place_card(place) if place else None,
            "address": activity.street_address if activity.venue == Venue.ADDRESS else "",
            "municipality": filled_values(municipality) if municipality else {},
            "is_free": activity.is_free,
            "fee": str(activity.fee_amount) if activity.fee_amount is not None else "",
            "fee_note": activity.fee_note,
            "signup_required": activity.signup_required,
            "schedule": _describe_all(activity),
            "organisation": organisation.display_name or organisation.name,
            "point": list(point) if point else None,
        },
    )


def _activities_for_entries():
    """Activities with what their entries read, loaded in a constant number of queries."""
    return Activity.objects.select_related(
        "organisation",
        "welfare_area",
        "municipality",
        "place__municipality",
        "place__welfare_area",
    ).prefetch_related("target_groups", "themes")


def _activity_entry(activity: Activity, now: dt.datetime) -> tuple[SearchEntry | None, list[str]]:
    """The activity's entry (None when it is not public) and its words worth suggesting."""
    entry = activity_search_entry(
        activity, next_at=_next_start(activity.pk, now), schedule_keys=_schedule_keys(activity)
    )
    words = [*filled_values(activity, "title").values()]
    terms = [*activity.target_groups.all(), *activity.themes.all()]
    words += [name for term in terms for name in filled_values(term).values()]
    return entry, words


def activity_refresh_search(activity) -> None:
    """Bring the activity's search entry up to date (or remove it when it is not public)."""
    activity = _activities_for_entries().get(pk=activity.pk)
    entry, words = _activity_entry(activity, timezone.now())
    search_entry_save(entry=entry, kind=ACTIVITY_KIND, object_id=activity.pk, words=words)


def activities_refresh_search(activity_ids: list[int]) -> None:
    """The bulk form for data loads (the demo): one replace for many activities, each entry
    built as `activity_refresh_search` builds it."""
    now = timezone.now()
    entries, words = [], []
    for activity in _activities_for_entries().filter(pk__in=activity_ids):
        entry, its_words = _activity_entry(activity, now)
        if entry is not None:
            entries.append(entry)
            words += its_words
    search_entries_replace(
        kind=ACTIVITY_KIND, object_ids=activity_ids, entries=entries, words=words
    )


def organisation_activities_refresh_search(organisation) -> None:
    """An organisation became (or stopped being) public: its activities follow."""
    for activity in Activity.objects.filter(organisation=organisation):
        activity_refresh_search(activity)


# --- Keeping next_at current ------------------------------------------------------------------


def search_next_at_advance(*, now: dt.datetime | None = None) -> int:
    """Move on `next_at` of the activity entries whose next occurrence has started: the next
    non-cancelled stored occurrence, or none. One UPDATE (the occurrences' (activity,
    starts_at) index per entry); returns how many entries changed."""
    now = now or timezone.now()
    entries = SearchEntry._meta.db_table
    occurrences = Occurrence._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {entries} e SET next_at = ("  # noqa: S608 (our own table names)
            f"SELECT min(o.starts_at) FROM {occurrences} o WHERE o.activity_id = e.object_id "
            "AND o.starts_at >= %s AND o.status <> 'cancelled') "
            "WHERE e.kind = %s AND e.next_at < %s",
            [now, ACTIVITY_KIND, now],
        )
        return cursor.rowcount


# --- The residents' search: conditions on the stored occurrences ------------------------------


def occurrence_filter_sql(
    *,
    start: dt.datetime,
    end: dt.datetime | None = None,
    weekdays: list[int] | tuple[int, ...] = (),
    times: list[str] | tuple[str, ...] = (),
    correlated: bool = True,
) -> tuple[str, list]:
    """Conditions on an occurrence `o` of the entry `e`'s activity: not cancelled, starting in
    [start, end), on the local weekdays (ISO: Monday = 1) and local times of day. The range
    is a scan of the (activity, starts_at) index; weekday and time are checked on those rows.
    `correlated=False`: any activity's occurrences (the starts_at index, in time order)."""
    table = Occurrence._meta.db_table
    sql = f"{table} o WHERE o.status <> 'cancelled' AND o.starts_at >= %s"
    if correlated:
        sql += " AND o.activity_id = e.object_id"
    params: list = [start]
    if end is not None:
        sql += " AND o.starts_at < %s"
        params.append(end)
    local = "(o.starts_at AT TIME ZONE 'Europe/Helsinki')"
    if weekdays:
        sql += f" AND extract(isodow FROM {local})::int = ANY(%s::int[])"
        params.append(list(weekdays))
    if times:
        sql += (
            f" AND (CASE WHEN extract(hour FROM {local}) < 12 THEN 'morning' "
            f"WHEN extract(hour FROM {local}) < 17 THEN 'afternoon' ELSE 'evening' END) "
            "= ANY(%s::text[])"
        )
        params.append(list(times))
    return sql, params


def entry_prefilter_sql(
    *,
    start: dt.datetime,
    end: dt.datetime | None = None,
    weekdays: list[int] | tuple[int, ...] = (),
    times: list[str] | tuple[str, ...] = (),
) -> tuple[str, list]:
    """What the entry `e` itself tells of its upcoming occurrences, checked before they are
    read: its facet keys hold the weekdays and times of day of its upcoming occurrences, and
    `next_at` is the next one (a past `next_at` is stale until the hourly advance and passes; a
    missing one means none). Both are written with every change of the occurrences
    (activity_refresh_search), and the entry's GIN and next_at indexes answer them, so only
    the entries that can match are looked up in the occurrences: a time-filtered search near a
    city looked up every activity around it (bench/README.md, "Cold searches near a place
    this week")."""
    sql: list[str] = ["e.next_at IS NOT NULL"]
    params: list[object] = []
    if end is not None:
        sql.append("e.next_at < %s")
        params.append(end)
    if weekdays:
        sql.append("e.facet_keys && %s::varchar[]")
        params.append([f"day:{WEEKDAY_KEYS[day - 1]}" for day in weekdays])
    if times:
        sql.append("e.facet_keys && %s::varchar[]")
        params.append([f"time:{time}" for time in times])
    return " AND ".join(sql), params


def occurrence_exists_sql(**filters) -> tuple[str, list]:
    """The entry is an activity with a matching occurrence (for EntryQuery.conditions)."""
    first, first_params = entry_prefilter_sql(**filters)
    sql, params = occurrence_filter_sql(**filters)
    return (
        f"(e.kind = '{ACTIVITY_KIND}' AND {first} AND EXISTS (SELECT 1 FROM {sql}))",  # noqa: S608
        [*first_params, *params],
    )


def next_occurrence_sql(**filters) -> tuple[str, list]:
    """The start of the entry's next matching occurrence (NULL for other kinds). Without
    weekdays, times or an end, that is the entry's own `next_at` while it has not passed."""
    first, first_params = entry_prefilter_sql(**filters)
    sql, params = occurrence_filter_sql(**filters)
    lookup = f"(SELECT min(o.starts_at) FROM {sql})"  # noqa: S608
    if not (filters.get("weekdays") or filters.get("times") or filters.get("end")):
        return (
            f"CASE WHEN e.kind = '{ACTIVITY_KIND}' AND {first} THEN "
            f"CASE WHEN e.next_at >= %s THEN e.next_at ELSE {lookup} END END",
            [*first_params, filters["start"], *params],
        )
    return (
        f"CASE WHEN e.kind = '{ACTIVITY_KIND}' AND {first} THEN {lookup} END",
        [*first_params, *params],
    )


# --- What the shared search shows of places and activities (search.registry) ------------------


def activity_card(data: dict, distance, next_start, language: str) -> dict:
    """The residents' search card of an activity, from its entry's stored card."""
    from search.results import pick_text

    title, title_lang = pick_text(data.get("title"), language)
    summary, summary_lang = pick_text(data.get("summary"), language)
    place = data.get("place") or {}
    municipality = pick_text(place.get("municipality") or data.get("municipality"), language)[0]
    address = place.get("address") or data.get("address") or ""
    fee = data.get("fee") or ""
    if fee:
        fee = f"{Decimal(fee):.2f}".replace(".", "," if language != "en" else ".") + " €"
    return {
        "url": reverse("meetingplaces:activity", kwargs={"slug": data["slug"]}),
        "title": title,
        "title_lang": title_lang,
        "summary": summary,
        "summary_lang": summary_lang,
        "kind_label": str(dict(ActivityKind.choices).get(data.get("kind", ""), "")),
        "next_start": next_start,
        "schedule": pick(data.get("schedule") or {}, language),
        "place": pick_text(place.get("name"), language)[0],
        "address": ", ".join(filter(None, [address, municipality])),
        "distance_km": distance,
        "online": data.get("venue") == "online",
        "is_free": data.get("is_free"),
        "fee": fee,
        "signup_required": data.get("signup_required"),
        "organisation": data.get("organisation", ""),
        "point": data.get("point"),
    }


def place_card(data: dict, distance, next_start, language: str) -> dict:
    """The residents' search card of a meeting place, from its entry's stored card."""
    from search.results import place_card_texts

    return {
        **place_card_texts(data, distance, language),
        "url": reverse("meetingplaces:place", kwargs={"slug": data["slug"]}),
        "kind_label": str(dict(PlaceKind.choices).get(data.get("kind", ""), "")),
        "is_free": data.get("is_free"),
        "signup_required": not data.get("no_signup", True),
        "organisation": ", ".join(data.get("organisations", [])),
    }


def accessibility_labels(language: str) -> dict[str, str]:
    """Facet labels of the accessibility flags ("acc:parking"), in the language."""
    fields = {f.name: f.verbose_name for f in MeetingPlace._meta.fields}
    with translation.override(language):
        return {
            f"acc:{flag}": str(fields[flag]).capitalize()
            for flag in MeetingPlace.ACCESSIBILITY_FLAGS
        }


def register_search_kinds() -> None:
    """Called by MeetingplacesConfig.ready(): places and activities in the shared search."""
    from search import registry

    common = ("th", "tg", "mun", "area", "lang", "free", "nosignup", "acc", "venue")
    registry.register_kind(
        registry.SearchKind(
            name=ACTIVITY_KIND,
            label=lambda: gettext("Activities"),
            card=activity_card,
            facet_prefixes=(*common, "akind", "day", "time"),
            order=10,
        )
    )
    registry.register_kind(
        registry.SearchKind(
            name=PLACE_KIND,
            label=lambda: gettext("Meeting places"),
            card=place_card,
            facet_prefixes=(*common, "pkind"),
            order=20,
        )
    )
    registry.register_occurrences(
        registry.Occurrences(
            kind=ACTIVITY_KIND,
            exists_sql=occurrence_exists_sql,
            next_sql=next_occurrence_sql,
            filter_sql=occurrence_filter_sql,
        )
    )
    registry.register_facet_labels(accessibility_labels)
