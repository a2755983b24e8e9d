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
from django.http import HttpRequest
from django.utils import timezone
from ninja import Schema
from ninja.errors import HttpError

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


class Texts(Schema):
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


class Problem(Schema):
    """An error (RFC 9457 problem details)."""

    title: str
    status: int
    detail: str = ""
    errors: dict[str, list[str]] = {}


# What a list or an object may answer besides 200 (the OpenAPI document lists them).
LIST_ERRORS = {400: Problem, 429: Problem}
ONE_ERRORS = {400: Problem, 404: Problem, 429: Problem}


class Meta(Schema):
    licence: dict[str, str]
    attribution: str
    generated_at: dt.datetime
    next: str | None = None


class RemovedObject(Schema):
    """A tombstone: an object that was public and is not any more (since `removed_at`)."""

    id: int
    removed_at: dt.datetime
    reason: str
    replaced_by: int | None = None


def meta(*, next_url: str | None = None) -> dict[str, Any]:
    return {
        "licence": LICENCE,
        "attribution": attribution(),
        "generated_at": timezone.now(),
        "next": next_url,
    }


def _encode(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data, separators=(",", ":")).encode()).decode()


def _decode(cursor: str) -> dict:
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
    objects: QuerySet,
    *,
    build: Callable[[list], list[dict]],
    page_size: int,
    tombstones: QuerySet | None,
) -> dict[str, Any]:
    """One page of `objects` by id after the cursor; with `tombstones` (modified_since), the
    removed objects follow once the objects run out, on the same cursor. Two queries at most
    (plus what `build` needs), whatever the page size."""
    cursor = request.GET.get("cursor")
    state = _decode(cursor) if cursor else {"p": "o", "a": 0}
    results: list[dict] = []
    removed: list[dict] = []
    next_state = None
    room = page_size
    if state["p"] == "o":
        rows = _page_rows(objects, after=int(state["a"]), limit=page_size + 1)
        if len(rows) > page_size:
            rows = rows[:page_size]
            next_state = {"p": "o", "a": rows[-1].pk}
        results = build(rows)
        room = page_size - len(rows)
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


def _page_rows(objects: QuerySet, *, after: int, limit: int) -> list:
    """The page's ids first (the filters' joins only), then those rows with what the answer
    needs: the wide joins and prefetches run for one page, not for every match."""
    extra = ["distance_km"] if "distance_km" in objects.query.annotations else []
    found = list(objects.filter(pk__gt=after).order_by("pk").values_list("pk", *extra)[:limit])
    if not found:
        return []
    base = objects.model._default_manager.all()
    base.query.select_related = objects.query.select_related
    base = base.prefetch_related(*objects._prefetch_related_lookups)
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
