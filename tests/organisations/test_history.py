"""The change history of an organisation: who changed what and when, and restoring a version."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from areas.models import Municipality, WelfareArea
from organisations.models import Membership, Organisation, OrganisationVersion, Term
from organisations.services.core import organisation_record_version
from tests.personas import make_coordinator, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_pages")]


def test_history_shows_diffs_with_names(client, coordinator, area, make_org):
    organisation = make_org(area, name="Vanha nimi ry")
    organisation_record_version(organisation=organisation, user=coordinator, action="created")
    organisation.name = "Uusi nimi ry"
    organisation.save()
    organisation.municipalities.add(Municipality.objects.get(code="500"))
    organisation_record_version(organisation=organisation, user=coordinator, action="edited")

    url = reverse("coordinate:history", args=[organisation.pk])
    client.get(url)  # the first request of a session writes the session rows
    with CaptureQueriesContext(connection) as short_history:
        response = client.get(url)
    # Longer history, more related names: the same queries (one per related model).
    organisation.themes.add(Term.objects.create(kind=Term.Kind.THEME, slug="t", name_fi="T"))
    organisation_record_version(organisation=organisation, user=None, action="edited")
    with CaptureQueriesContext(connection) as long_history:
        client.get(url)
    assert len(long_history) == len(short_history) + 1  # + the terms named in the history
    assert len(short_history) <= 20  # session, user, MFA, area checks, base template

    assert response.status_code == 200
    newest = response.context["entries"][0]
    changes = {c.name: c for c in newest.changes}
    assert set(changes) == {"name", "municipalities"}
    assert changes["name"].label == "official name"
    assert changes["name"].old == "Vanha nimi ry"
    assert changes["municipalities"].old == "Jyväskylä"
    assert changes["municipalities"].new == "Jyväskylä, Muurame"
    body = response.content.decode()
    assert "Muurame" in body
    assert coordinator.email in body


def test_restore_brings_back_fields_and_relations(client, coordinator, area, make_org):
    organisation = make_org(area, name="Alkuperäinen ry")
    theme = Term.objects.create(kind=Term.Kind.THEME, slug="vertaistuki-x", name_fi="Vertaistuki")
    organisation.themes.add(theme)
    first = organisation_record_version(
        organisation=organisation, user=coordinator, action="created"
    )
    organisation.name = "Muutettu ry"
    organisation.save()
    organisation.themes.clear()
    organisation.municipalities.set(Municipality.objects.filter(code="500"))
    organisation_record_version(organisation=organisation, user=coordinator, action="edited")
    version_before = Organisation.objects.get(pk=organisation.pk).version

    response = client.post(reverse("coordinate:restore", args=[organisation.pk, first.pk]))

    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.name == "Alkuperäinen ry"
    assert list(organisation.themes.all()) == [theme]
    assert [m.code for m in organisation.municipalities.all()] == ["179"]
    assert organisation.version == version_before + 1
    latest = OrganisationVersion.objects.filter(organisation=organisation).first()
    assert latest.action == "restored"
    assert latest.changed_by == coordinator


def test_restore_needs_post_and_the_organisations_own_version(client, coordinator, area, make_org):
    organisation = make_org(area, name="Oma ry")
    other = make_org(area, name="Toinen ry")
    foreign = organisation_record_version(organisation=other, user=None, action="created")
    url = reverse("coordinate:restore", args=[organisation.pk, foreign.pk])
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 404


def test_history_is_coordinator_only(client, area, make_org):
    organisation = make_org(area, name="Oma ry")
    member = make_user("jasen@example.com")
    Membership.objects.create(organisation=organisation, user=member, role=Membership.Role.ADMIN)
    client.force_login(member)
    assert client.get(reverse("coordinate:history", args=[organisation.pk])).status_code == 403
    client.force_login(make_coordinator("vantaa@example.com", "vantaa-kerava"))
    assert client.get(reverse("coordinate:history", args=[organisation.pk])).status_code == 404
    assert WelfareArea.objects.filter(slug="vantaa-kerava").exists()
