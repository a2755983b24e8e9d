"""The activities of a list page as JSON, composed by PostgreSQL in one statement: the page's
activities (the ids query: ActivityFilter.ids_sql for a list, a queryset for one activity),
their place, area, municipality, themes, target groups and their dates in the window, each
activity one JSON text that the view passes on as it comes (no model instances, no dicts, no
pydantic).

Hand-written SQL, because a measurement needed it (bench/README.md, "The open data API at
national size"): through the ORM the list of 50 activities cost 52 ms of CPU per request, of
which 45 went to the page's rows with their joins and prefetches (compiling the queries and
making model instances), the 50 items, their dates and their validation. The statement's text
is composed once per process from the models' tables and the portal's languages; a request
adds only the ids query and the parameters.

The JSON is the `ActivityOut` schema of activities.py, value for value what the ORM version
gave (compared on the demo's pages; tests/api/test_read.py pins every field): texts with the
portal's one fallback, times in UTC as Django's JSON encoder writes them, a date's and an
activity's place and point only while the place is published.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import NamedTuple

from django.db import connection
from django.db.models import FloatField, QuerySet, Value

from areas.models import Municipality, WelfareArea
from meetingplaces.models import Activity, MeetingPlace, Occurrence, PublishStatus, Venue
from portal.lib.translation import fallback_chain, language_codes
from taxonomy.models import Term

from ..common import api_url
from .shared import UrlMaker

DATES_PER_ACTIVITY = 10
YSO_URL = "http://www.yso.fi/onto/yso/"  # taxonomy.models.Term.yso_url


class Row(NamedTuple):
    pk: int
    json: str


def _texts(alias: str, field: str) -> str:
    """{"fi": ..., "sv": ..., "en": ...} with the portal's fallback (portal.lib.translation)."""
    parts = []
    for code in language_codes():
        chain = ", ".join(f"NULLIF({alias}.{field}_{other}, '')" for other in fallback_chain(code))
        parts.append(f"'{code}', COALESCE({chain}, '')")
    return f"json_build_object({', '.join(parts)})"


def _time(column: str) -> str:
    """A timestamp as Django's JSON encoder writes it: UTC, milliseconds only when there are
    fractions of a second, and Z."""
    return (
        f"to_char({column} AT TIME ZONE 'UTC', CASE WHEN date_trunc('second', {column}) = "
        f"""{column} THEN 'YYYY-MM-DD"T"HH24:MI:SS"Z"' ELSE 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"' END)"""
    )


def _terms(relation: str) -> str:
    through = getattr(Activity, relation).through._meta.db_table
    order = ", ".join(f"t.{name}" for name in Term._meta.ordering or ())
    term = (
        f"json_build_object('slug', t.slug, 'name', {_texts('t', 'name')}, 'yso_id', t.yso_id, "
        f"'yso_url', CASE WHEN t.yso_id <> '' THEN '{YSO_URL}' || t.yso_id ELSE '' END)"
    )
    return (
        f"(SELECT COALESCE(json_agg({term} ORDER BY {order}), '[]') FROM {through} x "  # noqa: S608
        f"JOIN {Term._meta.db_table} t ON t.id = x.term_id WHERE x.activity_id = a.id)"
    )


def _dates() -> str:
    """The first dates of the activity in the window (%s: its end, its start)."""
    place = "CASE WHEN dp.status = 'published' THEN o.place_id END"
    date = (
        "json_build_object('id', o.id, 'activity', o.activity_id, 'date', o.date, "
        f"'starts_at', {_time('o.starts_at')}, 'ends_at', {_time('o.ends_at')}, "
        f"'status', o.status, 'place', {place}, 'note', o.note)"
    )
    return (
        f"(SELECT COALESCE(json_agg({date} ORDER BY o.starts_at, o.id), '[]') FROM ("  # noqa: S608
        f"SELECT * FROM {Occurrence._meta.db_table} WHERE activity_id = a.id "
        f"AND starts_at < %s AND ends_at > %s ORDER BY starts_at, id "
        f"LIMIT {DATES_PER_ACTIVITY}) o "
        f"LEFT JOIN {MeetingPlace._meta.db_table} dp ON dp.id = o.place_id)"
    )


@cache
def _statement(with_dates: bool) -> tuple[str, str]:
    """The statement around the ids query, before and after it (its text once per process).
    Parameters, in order: the api_url prefix, the web_url prefix and suffix, then with dates the
    window's end and start."""
    published = f"'{PublishStatus.PUBLISHED}'"
    # Activity.public_place() and point(): the place only while published; an address's point.
    public_place = f"(a.venue = '{Venue.PLACE}' AND p.status = {published})"
    at_address = (
        f"(a.venue = '{Venue.ADDRESS}' AND a.latitude IS NOT NULL AND a.longitude IS NOT NULL)"
    )
    item = f"""json_build_object(
        'id', a.id,
        'api_url', %s::text || a.id,
        'web_url', %s::text || a.slug || %s::text,
        'title', {_texts("a", "title")},
        'description', {_texts("a", "description")},
        'summary', {_texts("a", "summary")},
        'kind', a.kind,
        'organisation', a.organisation_id,
        'welfare_area', w.slug,
        'venue', a.venue,
        'place', CASE WHEN {public_place} THEN p.id END,
        'address', CASE WHEN a.venue = '{Venue.ADDRESS}' THEN json_build_object(
            'street_address', a.street_address, 'postcode', a.postcode,
            'municipality', m.code) END,
        'latitude', CASE WHEN {public_place} THEN p.latitude
            WHEN {at_address} THEN a.latitude END,
        'longitude', CASE WHEN {public_place} THEN p.longitude
            WHEN {at_address} THEN a.longitude END,
        'distance_km', page.distance_km,
        'online_url', CASE WHEN a.online_url_public THEN a.online_url ELSE '' END,
        'schedule', json_build_object(
            'start_date', a.start_date, 'end_date', a.end_date,
            'start_time', to_char(a.start_time, 'HH24:MI'),
            'end_time', to_char(a.end_time, 'HH24:MI'),
            'recurrence', a.recurrence, 'extra_dates', a.extra_dates,
            'skipped_dates', a.skipped_dates),
        'is_free', a.is_free,
        'fee_amount', a.fee_amount::text,
        'fee_note', a.fee_note,
        'signup_required', a.signup_required,
        'capacity', a.capacity,
        'languages', a.languages,
        'accessibility_description', {_texts("a", "accessibility")},
        'themes', {_terms("themes")},
        'target_groups', {_terms("target_groups")},
        'contact', json_build_object(
            'role', a.contact_role, 'email', a.contact_email, 'phone', a.contact_phone),
        'modified', {_time("a.updated_at")},
        'dates', {_dates() if with_dates else "NULL"}
    )::text"""
    before = "WITH page (id, distance_km) AS MATERIALIZED ("
    after = f""")
    SELECT a.id, {item}
    FROM page
    JOIN {Activity._meta.db_table} a ON a.id = page.id
    JOIN {WelfareArea._meta.db_table} w ON w.id = a.welfare_area_id
    LEFT JOIN {MeetingPlace._meta.db_table} p ON p.id = a.place_id
    LEFT JOIN {Municipality._meta.db_table} m ON m.id = a.municipality_id
    ORDER BY page.id"""  # noqa: S608 (our own tables and fragments; values are parameters)
    return before, after


def activity_rows(
    ids: tuple[str, list], *, window: tuple[dt.datetime, dt.datetime] | None
) -> list[Row]:
    """The activities of `ids` (the SQL of a query of `(id, distance_km)` rows, by id, and its
    parameters: ActivityFilter.ids_sql or queryset_ids), each with its JSON: one statement."""
    ids_sql, ids_params = ids
    before, after_sql = _statement(window is not None)
    web_url = UrlMaker("meetingplaces:activity").parts()
    params = [*ids_params, api_url("activities") + "/", *web_url]
    if window is not None:
        params += [window[1], window[0]]
    with connection.cursor() as cursor:
        cursor.execute(before + ids_sql + after_sql, params)
        return [Row(*row) for row in cursor.fetchall()]


def queryset_ids(activities: QuerySet, *, after: int, limit: int) -> tuple[str, list]:
    """Up to `limit` of `activities` after the id `after`, by id, as `activity_rows` takes
    them."""
    if "distance_km" not in activities.query.annotations:
        activities = activities.annotate(distance_km=Value(None, output_field=FloatField()))
    ids = activities.filter(pk__gt=after).order_by("pk").values_list("pk", "distance_km")[:limit]
    sql, params = ids.query.sql_with_params()
    return sql, list(params)
