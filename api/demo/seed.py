"""The demo's data source (`manage.py seed_demo`, after the other apps' seeders).

One data source of Keski-Suomi that the demo organisation admin's association has authorised,
with a key made here at seed time: never a fixed secret in the repository. The whole key is
kept only in the local data folder (`DEMO_KEY_FILE`, next to the embedded database), so that
`python -m portal.run` can print it at every start; the database holds its hash, as for any key.
Idempotent: while the file's key works, nothing changes.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings
from django.db import transaction

from accounts.models import User
from areas.models import WelfareArea
from organisations.models import Organisation

from .. import services
from ..models import DataSource

SLUG = "demo-yhdistystori"
NAME = "Keski-Suomen yhdistystori (demo)"
ORGANISATION = "keuruun-muistiyhdistys"
ADMIN = "yhdistys@yhdessa.example"


def key_file() -> Path:
    return Path(settings.DATA_DIR) / "demo-data-source-key"


def _write_key(secret: str) -> None:
    path = key_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(secret + "\n")


def seed() -> list[str]:
    area = WelfareArea.objects.filter(slug="keski-suomi").first()
    if area is None:
        return ["No Keski-Suomi welfare area: no demo data source."]
    source = DataSource.objects.filter(slug=SLUG).first()
    if source is None:
        source = services.data_source_create(
            name=NAME, contact="yhdistystori@yhdessa.example", welfare_area=area, user=None,
            slug=SLUG,
        )  # fmt: skip
    organisation = Organisation.objects.filter(slug=ORGANISATION).first()
    admin = User.objects.filter(email=ADMIN).first()
    if organisation is not None and admin is not None:
        services.grant_create(organisation=organisation, source=source, user=admin)
    path = key_file()
    secret = path.read_text().strip() if path.exists() else ""
    key = services.key_find(secret) if secret else None
    if key is None or key.source_id != source.pk or not key.is_active():
        for old in source.keys.filter(revoked_at__isnull=True):
            services.key_revoke(key=old)
        secret = services.key_issue(source=source, user=None).secret
        # Only once the demo data is there for good (a failed seed leaves no stale key file).
        transaction.on_commit(lambda: _write_key(secret))
    lines = [
        f"Demo data source {SLUG!r} writes for {ORGANISATION}; its key (also in {path}):",
        f"  {secret}",
        f"  curl -X PUT -H 'Authorization: Bearer {secret}' -H 'Content-Type: application/json' "
        f"{settings.SITE_URL.rstrip('/')}/api/v1/source/{SLUG}/activities/<your-id> -d '{{…}}'",
    ]
    return lines
