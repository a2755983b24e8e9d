"""The exports as served: built once per welfare area, language and the data's last change, and
cached (`export_json`, `export_zip`)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from django.core.cache import cache as django_cache
from django.db.models import Count, Max

from areas.models import WelfareArea
from meetingplaces.models import Activity, MeetingPlace
from organisations.models import Organisation
from units.models import Unit

from ..models import Tombstone
from .builder import build
from .parts import HSDS_VERSION, json_bytes
from .tabular import zip_package

CACHE_SECONDS = 6 * 60 * 60


def data_version(area: WelfareArea) -> tuple[str, dt.datetime]:
    """A digest of the area's data's last changes, counts and removals (five small queries),
    and the last change. Changes that touch no `updated_at` (a term renamed) wait for the
    cache's time-out (CACHE_SECONDS)."""
    stamps: dict[str, Any] = {}
    for name, queryset in (
        ("organisations", Organisation.objects.filter(welfare_area=area)),
        ("places", MeetingPlace.objects.filter(welfare_area=area)),
        ("activities", Activity.objects.filter(welfare_area=area)),
        ("units", Unit.objects.filter(welfare_area=area)),
    ):
        row = queryset.aggregate(latest=Max("updated_at"), count=Count("pk"))
        stamps[name], stamps[f"{name}_count"] = row["latest"], row["count"]
    # What was removed from the open data (unpublished, archived, merged) since.
    stamps["removed"] = Tombstone.objects.filter(welfare_area_id=area.pk).aggregate(
        latest=Max("removed_at")
    )["latest"]
    latest = max(
        [v for k, v in stamps.items() if isinstance(v, dt.datetime)],
        default=dt.datetime(2020, 1, 1, tzinfo=dt.UTC),
    )
    digest = hashlib.sha256(repr(sorted(stamps.items())).encode()).hexdigest()[:16]
    return digest, latest


def _key(area: WelfareArea, lang: str, kind: str, digest: str) -> str:
    return f"hsds:{HSDS_VERSION}:{area.slug}:{lang}:{kind}:{digest}"


def export_json(area: WelfareArea, lang: str) -> bytes:
    digest, _latest = data_version(area)
    key = _key(area, lang, "json", digest)
    body = django_cache.get(key)
    if body is None:
        body = json_bytes(build(area, lang))
        django_cache.set(key, body, CACHE_SECONDS)
    return body


def export_zip(area: WelfareArea, lang: str) -> bytes:
    digest, latest = data_version(area)
    key = _key(area, lang, "zip", digest)
    body = django_cache.get(key)
    if body is None:
        cached = django_cache.get(_key(area, lang, "json", digest))
        export = json.loads(cached) if cached is not None else build(area, lang)
        body = zip_package(export, latest)
        django_cache.set(key, body, CACHE_SECONDS)
    return body
