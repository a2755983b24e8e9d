"""The write API's own writes: data sources, their keys (issued, rotated, revoked), the
organisations' grants and the write log. Nothing here reads a request.

A key reads `yk_<prefix>_<secret>`. The prefix finds the row; the secret is kept only as a salted
SHA-256 and shown once, on the page that issued it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import User
from areas.models import WelfareArea
from organisations.models import Organisation

from .models import ApiKey, DataSource, SourceGrant, WriteLog

KEY_PREFIX = "yk"


@dataclass(frozen=True)
class IssuedKey:
    key: ApiKey
    secret: str  # the whole key as the data source sends it; never stored


def _digest(salt: str, secret: str) -> str:
    return hashlib.sha256(f"{salt}:{secret}".encode()).hexdigest()


def data_source_create(
    *, name: str, contact: str, welfare_area: WelfareArea, user: User | None, slug: str = ""
) -> DataSource:
    base = slugify(slug or name)[:50].strip("-") or "source"
    candidate, number = base, 2
    while DataSource.objects.filter(slug=candidate).exists():
        candidate = f"{base}-{number}"
        number += 1
    return DataSource.objects.create(
        name=name, contact=contact, welfare_area=welfare_area, slug=candidate, created_by=user
    )


def key_issue(
    *, source: DataSource, user: User | None, expires_at: dt.datetime | None = None
) -> IssuedKey:
    prefix = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    salt = secrets.token_hex(16)
    key = ApiKey.objects.create(
        source=source,
        prefix=prefix,
        salt=salt,
        digest=_digest(salt, secret),
        created_by=user,
        expires_at=expires_at,
    )
    return IssuedKey(key=key, secret=f"{KEY_PREFIX}_{prefix}_{secret}")


def key_revoke(*, key: ApiKey) -> ApiKey:
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at"])
    return key


@transaction.atomic
def key_rotate(*, key: ApiKey, user: User | None) -> IssuedKey:
    """A new key for the same data source (with the old one's expiry span); the old one is
    revoked at once."""
    expires_at = None
    if key.expires_at is not None:
        expires_at = timezone.now() + (key.expires_at - key.created_at)
    issued = key_issue(source=key.source, user=user, expires_at=expires_at)
    key_revoke(key=key)
    return issued


def key_find(secret: str) -> ApiKey | None:
    """The key row a presented secret belongs to (active or not), or None."""
    parts = secret.split("_", 2)
    if len(parts) != 3 or parts[0] != KEY_PREFIX:
        return None
    key = ApiKey.objects.select_related("source").filter(prefix=parts[1]).first()
    if key is None or not hmac.compare_digest(key.digest, _digest(key.salt, parts[2])):
        return None
    return key


def key_used(key: ApiKey) -> None:
    now = timezone.now()
    if key.last_used_at is None or now - key.last_used_at > dt.timedelta(minutes=1):
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)


@transaction.atomic
def grant_create(*, organisation: Organisation, source: DataSource, user: User) -> SourceGrant:
    existing = SourceGrant.objects.filter(
        organisation=organisation, source=source, revoked_at__isnull=True
    ).first()
    if existing is not None:
        return existing
    return SourceGrant.objects.create(organisation=organisation, source=source, granted_by=user)


def grant_revoke(*, grant: SourceGrant, user: User) -> SourceGrant:
    if grant.revoked_at is None:
        grant.revoked_at = timezone.now()
        grant.revoked_by = user
        grant.save(update_fields=["revoked_at", "revoked_by"])
    return grant


def has_grant(*, organisation: Organisation, source: DataSource) -> bool:
    return SourceGrant.objects.filter(
        organisation=organisation, source=source, revoked_at__isnull=True
    ).exists()


def write_log(
    *,
    key: ApiKey | None,
    method: str,
    path: str,
    outcome: str,
    status: int,
    kind: str = "",
    object_id: int | None = None,
    external_id: str = "",
    idempotency_key: str = "",
    answer: Any = None,
) -> WriteLog:
    return WriteLog.objects.create(
        source=key.source if key is not None else None,
        key=key,
        method=method,
        path=path[:500],
        kind=kind,
        object_id=object_id,
        external_id=external_id[:200],
        outcome=outcome,
        status=status,
        idempotency_key=idempotency_key[:200],
        answer=answer,
    )


def write_replay(*, source: DataSource, idempotency_key: str) -> WriteLog | None:
    if not idempotency_key:
        return None
    return WriteLog.objects.filter(source=source, idempotency_key=idempotency_key[:200]).first()
