"""The demo's data source: its key is made at seed time, kept whole only in the local data
folder (for `portal.run` to print), hashed in the database, and a second seed changes nothing."""

from __future__ import annotations

import pytest

from api import services
from api.demo import seed
from api.models import ApiKey, DataSource, SourceGrant
from organisations.models import Membership
from tests.organisations.factories import OrganisationFactory
from tests.personas import person

pytestmark = pytest.mark.django_db


def test_the_demo_source_gets_a_key_made_at_seed_time(
    settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.DATA_DIR = tmp_path
    org = OrganisationFactory(slug=seed.ORGANISATION)
    Membership.objects.create(organisation=org, user=person(seed.ADMIN), role="admin")
    with django_capture_on_commit_callbacks(execute=True):
        lines = seed.seed()
    secret = (tmp_path / "demo-data-source-key").read_text().strip()
    assert secret in "\n".join(lines)
    key = services.key_find(secret)
    assert key is not None and key.is_active() and key.source.slug == seed.SLUG
    assert SourceGrant.objects.filter(organisation=org, source=key.source).exists()

    with django_capture_on_commit_callbacks(execute=True):
        again = seed.seed()
    assert secret in "\n".join(again)
    assert ApiKey.objects.count() == 1 and DataSource.objects.count() == 1

    # Without the file (a new data folder) the old key is revoked and a new one made.
    (tmp_path / "demo-data-source-key").unlink()
    with django_capture_on_commit_callbacks(execute=True):
        seed.seed()
    assert (tmp_path / "demo-data-source-key").read_text().strip() != secret
    assert ApiKey.objects.filter(revoked_at__isnull=True).count() == 1
