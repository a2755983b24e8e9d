"""What every list and object of the open data API shares: translated texts, the licence, cursor
pages and tombstones of `modified_since`."""

from __future__ import annotations

import base64
import datetime as dt
import json
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja.errors import HttpError
from ninja.responses import NinjaJSONEncoder
from pydantic import BaseModel, create_model

from portal.lib.translation import language_codes, pick

from .models import Tombstone

LICENCE = {
    "name": "CC BY 4.0",
    "url": "https://creativecommons.org/licenses/by/4.0/",
}
MAX_PAGE_SIZE = 200
DEFAULT_PAGE_SIZE = 50


def attribution() -> str:
    return f"Yhdessä, {settings.SITE_URL.rstrip('/')}/ (CC BY 4.0)"


class Out(BaseModel):
    """An answer's schema: plain pydantic (Ninja's Schema reads ORM objects attribute by
    attribute, which the answers, built as dicts, do not need; measured: 14 % of a list's
    time)."""


class Texts(Out):
    """A text in Finnish, Swedish and English. A language the text was not written in holds
    the portal's fallback (the language itself, then fi → sv → en), so it is never empty when
    any language has the text."""

    fi: str
    sv: str
    en: str


def texts(obj: object, field: str) -> dict[str, str]:
    values = {code: getattr(obj, f"{field}_{code}", "") or "" for code in language_codes()}
    return {code: pick(values, code) for code in language_codes()}


def texts_of(values: dict[str, str]) -> dict[str, str]:
    return {code: pick(values, code) for code in language_codes()}


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


API_PATH = "/api/v1"  # api/urls.py


def api_path(collection: str, pk: object = None) -> str:
    """The path of a list of the API (`activities`), or of one of its objects: the object's
    stable address (`/api/v1/activities/12`)."""
    return f"{API_PATH}/{collection}" if pk is None else f"{API_PATH}/{collection}/{pk}"


def api_url(collection: str, pk: object = None) -> str:
    """`api_path` as an absolute URL on the portal's site."""
    return absolute(api_path(collection, pk))


class Problem(Out):
    """An error (RFC 9457 problem details)."""

    title: str
    status: int
    detail: str = ""
    errors: dict[str, list[str]] = {}


# What a list or an object may answer besides 200 (the OpenAPI document lists them).
LIST_ERRORS = {400: Problem, 429: Problem}
ONE_ERRORS = {400: Problem, 404: Problem, 429: Problem}


class Meta(Out):
    licence: dict[str, str]
    attribution: str
    generated_at: dt.datetime
    next: str | None = None


class RemovedObject(Out):
    """A tombstone: an object that was public and is not any more (since `removed_at`)."""

    id: int
    removed_at: dt.datetime
    reason: str
    replaced_by: int | None = None


def answers(item: type[BaseModel], name: str) -> tuple[type[Out], type[Out]]:
    """A list's page (`meta`, `results` and `removed`: the tombstones of modified_since) and
    one object's answer (`meta`, `data`) of `item`, named `<name>Page` and `<name>One` in the
    OpenAPI document."""
    page = create_model(
        f"{name}Page",
        __base__=Out,
        meta=(Meta, ...),
        results=(list[item], ...),  # type: ignore[valid-type]
        removed=(list[RemovedObject] | None, None),
    )
    one = create_model(f"{name}One", __base__=Out, meta=(Meta, ...), data=(item, ...))
    return page, one


def meta(*, next_url: str | None = None) -> dict[str, Any]:
    return {
        "licence": LICENCE,
        "attribution": attribution(),
        "generated_at": timezone.now(),
        "next": next_url,
    }


class RawJson(str):
    """JSON text written elsewhere (by PostgreSQL, api/endpoints/activity_sql.py), which
    `json_response` puts in the body as it is."""


def json_response(data: dict[str, Any]) -> HttpResponse:
    """The answer Ninja would make of `data` (its encoder, its content type), with RawJson
    values spliced in unparsed. For a view whose body is partly composed in SQL: Ninja passes
    an HttpResponse on without validating it, so tests check such a body against its schema."""
    members = (
        json.dumps(key)
        + ": "
        + (value if isinstance(value, RawJson) else json.dumps(value, cls=NinjaJSONEncoder))
        for key, value in data.items()
    )
    return HttpResponse(
        "{" + ", ".join(members) + "}", content_type="application/json; charset=utf-8"
    )


def _encode(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data, separators=(",", ":")).encode()).decode()


def _decode(cursor: str) -> dict[str, Any]:
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        if not isinstance(data, dict) or data.get("p") not in ("o", "t"):
            raise ValueError
        int(data.get("a", 0))
        return data
    except (ValueError, TypeError, json.JSONDecodeError):
        raise HttpError(400, "The cursor is not one this API gave.") from None


def _next_url(request: HttpRequest, cursor: str) -> str:
    query = request.GET.copy()
    query["cursor"] = cursor
    return absolute(request.path) + "?" + query.urlencode()


def cursor_page(
    request: HttpRequest,
    objects: Any,
    *,
    build: Callable[[list], list],
    page_size: int,
    tombstones: QuerySet | None,
    rows: Callable[[Any, int, int], list] | None = None,
) -> dict[str, Any]:
    """One page of `objects` by id after the cursor; with `tombstones` (modified_since), the
    removed objects follow once the objects run out, on the same cursor. Two queries at most
    (plus what `build` needs), whatever the page size. `rows(objects, after, limit)` fetches
    the page's rows (default: model instances with the queryset's joins and prefetches, for a
    QuerySet `objects`); each row has a `pk`."""
    cursor = request.GET.get("cursor")
    state: dict[str, Any] = _decode(cursor) if cursor else {"p": "o", "a": 0}
    results: list[dict] = []
    removed: list[dict] = []
    next_state = None
    room = page_size
    if state["p"] == "o":
        found = (rows or _page_rows)(objects, int(state["a"]), page_size + 1)
        if len(found) > page_size:
            found = found[:page_size]
            next_state = {"p": "o", "a": found[-1].pk}
        results = build(found)
        room = page_size - len(found)
        after = 0
    else:
        after = int(state["a"])
    if next_state is None and tombstones is not None and room > 0:
        stones = list(tombstones.filter(object_id__gt=after).order_by("object_id")[: room + 1])
        if len(stones) > room:
            stones = stones[:room]
            next_state = {"p": "t", "a": stones[-1].object_id}
        removed = [tombstone(stone) for stone in stones]
    elif next_state is None and tombstones is not None and room == 0:
        next_state = {"p": "t", "a": 0}
    page: dict[str, Any] = {
        "meta": meta(next_url=_next_url(request, _encode(next_state)) if next_state else None),
        "results": results,
    }
    if tombstones is not None:
        page["removed"] = removed
    return page


def _page_rows(objects: QuerySet, after: int, limit: int) -> list:
    """The page's ids first (the filters' joins only), then those rows with what the answer
    needs: the wide joins and prefetches run for one page, not for every match."""
    extra = ["distance_km"] if "distance_km" in objects.query.annotations else []
    found = list(objects.filter(pk__gt=after).order_by("pk").values_list("pk", *extra)[:limit])
    if not found:
        return []
    base = objects.model._default_manager.all()
    base.query.select_related = objects.query.select_related
    # The queryset's prefetches: Django keeps them in a private attribute that the stubs omit.
    base = base.prefetch_related(*objects._prefetch_related_lookups)  # type: ignore[attr-defined]
    by_pk = base.in_bulk([row[0] for row in found])
    rows = []
    for row in found:
        obj = by_pk[row[0]]
        if extra:
            obj.distance_km = row[1]
        rows.append(obj)
    return rows


def tombstone(stone: Tombstone) -> dict[str, Any]:
    return {
        "id": stone.object_id,
        "removed_at": stone.removed_at,
        "reason": stone.reason,
        "replaced_by": stone.replaced_by_id,
    }


def utc(value: dt.datetime | None) -> dt.datetime | None:
    """A client's time in UTC (any offset pydantic reads; the database takes UTC)."""
    if value is None:
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC)


def tombstones_since(
    kind: str, since: dt.datetime | None, *, visible: QuerySet, area_id: int | None = None
) -> QuerySet | None:
    since = utc(since)
    if since is None:
        return None
    stones = Tombstone.objects.filter(kind=kind, removed_at__gte=since).exclude(
        object_id__in=visible.values("pk")
    )
    if area_id is not None:
        stones = stones.filter(welfare_area_id=area_id)
    return stones


def page_size_of(value: int | None) -> int:
    if value is None:
        return DEFAULT_PAGE_SIZE
    return max(1, min(MAX_PAGE_SIZE, value))


def unique(values: Iterable) -> list:
    return list(dict.fromkeys(values))
