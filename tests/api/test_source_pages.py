"""The data source pages: a coordinator adds a data source and gives it keys (the secret shown
once and never stored), rotates and revokes them and reads the write log; an organisation's
admin authorises and withdraws a data source on the members page."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from api import services
from api.models import ApiKey, DataSource, SourceGrant
from organisations.models import Membership
from tests.organisations.factories import OrganisationFactory, area
from tests.personas import make_coordinator, person

pytestmark = pytest.mark.django_db


def url(name: str, **kwargs) -> str:
    with translation.override("fi"):
        return reverse(name, kwargs=kwargs)


def test_a_coordinator_adds_a_source_and_its_key_is_shown_once(client):
    client.force_login(make_coordinator("koordinaattori@example.com"))
    response = client.post(
        url("data_sources:list"),
        {"name": "Seudun yhdistystori", "contact": "tori@example.com", "welfare_area": area().pk},
    )
    source = DataSource.objects.get()
    assert response.status_code == 302 and source.slug == "seudun-yhdistystori"

    response = client.post(url("data_sources:key-issue", pk=source.pk), {"expires_on": ""})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    secret = response.context["secret"]
    assert secret.startswith("yk_") and secret in response.content.decode()
    key = ApiKey.objects.get()
    assert secret.split("_", 2)[2] not in (key.digest + key.salt + key.prefix)
    assert services.key_find(secret) == key
    # Never again.
    page = client.get(url("data_sources:detail", pk=source.pk)).content.decode()
    assert secret not in page and f"yk_{key.prefix}_" in page

    rotated = client.post(url("data_sources:key-rotate", pk=source.pk, key_pk=key.pk))
    assert rotated.context["secret"] != secret
    key.refresh_from_db()
    assert key.revoked_at is not None
    new_key = ApiKey.objects.exclude(pk=key.pk).get()
    client.post(url("data_sources:key-revoke", pk=source.pk, key_pk=new_key.pk))
    new_key.refresh_from_db()
    assert new_key.revoked_at is not None


def test_the_write_log_lists_the_writes_with_their_key(client):
    source = services.data_source_create(name="Tori", contact="x", welfare_area=area(), user=None)
    key = services.key_issue(source=source, user=None).key
    services.write_log(
        key=key, method="PUT", path="/api/v1/source/tori/activities/1", outcome="created",
        status=201,
    )  # fmt: skip
    client.force_login(make_coordinator("koordinaattori@example.com"))
    page = client.get(url("data_sources:detail", pk=source.pk)).content.decode()
    assert "/api/v1/source/tori/activities/1" in page and f"yk_{key.prefix}_" in page


def test_an_admin_authorises_and_withdraws_a_source_on_the_members_page(client):
    org = OrganisationFactory(slug="lupayhdistys")
    admin = person("yllapitaja@example.com")
    Membership.objects.create(organisation=org, user=admin, role="admin")
    source = services.data_source_create(
        name="Seudun yhdistystori", contact="x", welfare_area=area(), user=None
    )
    client.force_login(admin)
    page = client.get(url("manage:members", slug=org.slug)).content.decode()
    assert 'id="data-sources-title"' in page and "Seudun yhdistystori" in page
    client.post(url("source_grants:grant", slug=org.slug, pk=source.pk))
    grant = SourceGrant.objects.get(organisation=org, source=source)
    assert grant.granted_by == admin and grant.revoked_at is None
    assert services.has_grant(organisation=org, source=source)
    client.post(url("source_grants:revoke", slug=org.slug, pk=grant.pk))
    grant.refresh_from_db()
    assert grant.revoked_at is not None and grant.revoked_by == admin
    assert not services.has_grant(organisation=org, source=source)


def test_no_section_without_sources_in_the_area(client):
    org = OrganisationFactory(slug="lupayhdistys")
    admin = person("yllapitaja@example.com")
    Membership.objects.create(organisation=org, user=admin, role="admin")
    client.force_login(admin)
    page = client.get(url("manage:members", slug=org.slug)).content.decode()
    assert 'id="data-sources-title"' not in page


def test_a_key_with_an_expiry_date_stops_working_after_it(client):
    import datetime as dt

    from django.utils import timezone

    source = services.data_source_create(name="Tori", contact="x", welfare_area=area(), user=None)
    client.force_login(make_coordinator("koordinaattori@example.com"))
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = client.post(
        url("data_sources:key-issue", pk=source.pk), {"expires_on": tomorrow.isoformat()}
    )
    key = services.key_find(response.context["secret"])
    assert key is not None and key.is_active()
    assert not key.is_active(now=timezone.now() + dt.timedelta(days=2))
    refused = client.post(url("data_sources:key-issue", pk=source.pk), {"expires_on": "huomenna"})
    assert refused.status_code == 400 and ApiKey.objects.count() == 1


def test_the_api_reference_page_says_which_operations_need_a_key(client):
    page = client.get(url("open_data:reference")).content.decode()
    assert "/api/v1/source/{source}/activities/{external_id}" in page
    assert "Authorization: Bearer" in page
