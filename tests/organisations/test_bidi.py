"""Bidirectional control characters never reach a saved name, and user text is isolated.

A name such as "Syöpäyhdistys ry" followed by U+202E and reversed text would show on cards,
titles and coordinator pages as another organisation's name. The forms, the services, the
importer and a data migration remove the controls; the manage pages wrap names in <bdi>.
"""

from __future__ import annotations

from importlib import import_module

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from organisations.models import ImportJob, Membership, Organisation
from organisations.services import editing, review
from organisations.validators import BIDI_CONTROLS, strip_bidi_controls
from tests.organisations.factories import MembershipFactory, OrganisationFactory
from tests.personas import make_coordinator, make_user

pytestmark = pytest.mark.django_db

RLO, PDF, RLI, PDI, LRM, ALM = "\u202e", "\u202c", "\u2067", "\u2069", "\u200e", "\u061c"
TRICK = f"Muisti{RLO}yr syskitsiyh{PDF}yhdistys ry"
CLEAN = "Muistiyr syskitsiyhyhdistys ry"


def test_every_listed_control_is_removed_and_nothing_else():
    controls = [chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))]
    assert {*controls, "\u200e", "\u200f", "\u061c"} == BIDI_CONTROLS
    assert strip_bidi_controls("".join(controls) + "Åbo ‹ry› 日本" + LRM + ALM) == "Åbo ‹ry› 日本"


def test_the_form_saves_the_name_without_controls(client):
    client.force_login(make_user("perustaja@example.com"))
    response = client.post(
        reverse("manage:create"),
        {"name": TRICK, "display_name": f"{RLI}Muisti{PDI}", "action": "draft"},
    )
    assert response.status_code == 302
    organisation = Organisation.objects.get()
    assert (organisation.name, organisation.display_name) == (CLEAN, "Muisti")


def test_a_name_of_controls_only_is_missing(client):
    client.force_login(make_user("perustaja@example.com"))
    response = client.post(reverse("manage:create"), {"name": RLO + LRM, "action": "draft"})
    assert response.status_code == 200
    assert "name" in response.context["form"].errors
    assert not Organisation.objects.exists()


def test_services_remove_the_controls():
    user = make_user("jasen@example.com")
    created = editing.organisation_create(user=user, changes={"name": TRICK})
    assert created.name == CLEAN
    updated = editing.organisation_update(
        organisation=created,
        user=user,
        changes={"display_name": f"{RLO}Muisti"},
        expected_version=created.version,
    ).organisation
    assert updated.display_name == "Muisti"
    coordinator = make_coordinator("koordinaattori@example.com")
    published = OrganisationFactory(name="Julkaistu ry")
    edited = review.organisation_coordinator_update(
        organisation=published,
        user=coordinator,
        changes={"name": f"Julkaistu{LRM} ry"},
        expected_version=published.version,
    )
    assert edited.name == "Julkaistu ry"


def test_the_importer_removes_the_controls(client):
    client.force_login(make_coordinator("koordinaattori@example.com"))
    csv = f"name;display_name;municipalities;categories\n{TRICK};{RLI}Muisti{PDI};179;carers\n"
    with translation.override("fi"):
        client.post(
            reverse("coordinate:import"),
            {"file": SimpleUploadedFile("tuonti.csv", csv.encode())},
        )
        client.post(reverse("coordinate:import-confirm", args=[ImportJob.objects.get().pk]))
    organisation = Organisation.objects.get()
    assert (organisation.name, organisation.display_name) == (CLEAN, "Muisti")


def test_the_migration_cleans_stored_names():
    kept = OrganisationFactory(name="Ennallaan ry", slug="ennallaan")
    tricked = OrganisationFactory(name="Vanha ry", slug="vanha")
    Organisation.objects.filter(pk=tricked.pk).update(name=TRICK, display_name=f"{RLO}Vanha")
    migration = import_module("organisations.migrations.0004_strip_bidi_from_names")

    migration.strip_bidi_from_names(apps, None)

    tricked.refresh_from_db()
    assert (tricked.name, tricked.display_name) == (CLEAN, "Vanha")
    kept.refresh_from_db()
    assert kept.name == "Ennallaan ry"


def test_manage_pages_isolate_names(client):
    organisation = OrganisationFactory(name="עמותה ry", slug="amuta")
    admin = make_user("yllapitaja@example.com")
    MembershipFactory(organisation=organisation, user=admin, role=Membership.Role.ADMIN)
    client.force_login(admin)
    detail = client.get(reverse("manage:organisation", args=[organisation.slug])).content.decode()
    members = client.get(reverse("manage:members", args=[organisation.slug])).content.decode()
    assert "<h1><bdi>עמותה ry</bdi></h1>" in detail
    assert "<bdi>עמותה ry</bdi>" in members
    assert "<bdi>yllapitaja@example.com</bdi>" in members
