"""The coordinators' list of organisations and its CSV export filter through one django-filter
FilterSet (organisations/filters.py): the same query parameters as before (`q`, `status`,
`category`), a wrong value an error next to its field (never a 500), merged organisations out."""

from __future__ import annotations

import pytest
from django.urls import reverse

from organisations.models import Status

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_pages")]


def names(response) -> list[str]:
    return [organisation.name for organisation in response.context["page"]]


def exported(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8")


def test_filters_narrow_the_list_and_the_export(client, coordinator, area, make_org):
    memory = make_org(area, name="Muistiyhdistys ry", status=Status.PUBLISHED)
    memory.categories = ["carers"]
    memory.save()
    make_org(area, name="Sydänyhdistys ry", status=Status.DRAFT, display_name="Muistot ja sydän")
    make_org(area, name="Reumayhdistys ry", status=Status.PUBLISHED)

    everything = client.get(reverse("coordinate:organisations"))
    assert names(everything) == ["Muistiyhdistys ry", "Reumayhdistys ry", "Sydänyhdistys ry"]

    # The name or the display name contains the text, in any case.
    assert names(client.get(reverse("coordinate:organisations"), {"q": "MUISTI"})) == [
        "Muistiyhdistys ry"
    ]
    assert names(client.get(reverse("coordinate:organisations"), {"q": "muisto"})) == [
        "Sydänyhdistys ry"
    ]
    published = client.get(reverse("coordinate:organisations"), {"status": "published"})
    assert names(published) == ["Muistiyhdistys ry", "Reumayhdistys ry"]
    sector = client.get(
        reverse("coordinate:organisations"), {"status": "published", "category": "carers"}
    )
    assert names(sector) == ["Muistiyhdistys ry"]
    # The chosen values stay in the form, and the download link carries them.
    body = sector.content.decode()
    assert '<option value="published" selected>' in body
    assert "export.csv?status=published&amp;category=carers" in body

    csv = exported(client.get(reverse("coordinate:export"), {"category": "carers"}))
    assert "Muistiyhdistys ry" in csv
    assert "Reumayhdistys ry" not in csv


def test_a_wrong_value_is_an_error_next_to_its_field(client, coordinator, area, make_org):
    make_org(area, name="Muistiyhdistys ry", status=Status.PUBLISHED)
    make_org(area, name="Reumayhdistys ry", status=Status.PUBLISHED)

    response = client.get(reverse("coordinate:organisations"), {"status": "nonsense", "q": "reuma"})

    assert response.status_code == 400
    form = response.context["form"]
    assert list(form.errors) == ["status"]
    body = response.content.decode()
    assert "Select a valid choice. nonsense is not one of the available choices." in body
    assert 'aria-invalid="true"' in body
    # The valid filter still applies; no download of a list whose filters are wrong.
    assert names(response) == ["Reumayhdistys ry"]
    assert "Download these as CSV" not in body

    export = client.get(reverse("coordinate:export"), {"category": "nonsense"})
    assert export.status_code == 400
    assert "Sector: Select a valid choice." in export.content.decode()

    too_long = client.get(reverse("coordinate:organisations"), {"q": "x" * 101})
    assert too_long.status_code == 400
    assert list(too_long.context["form"].errors) == ["q"]


def test_merged_organisations_are_left_out_with_or_without_filters(
    client, coordinator, area, make_org
):
    kept = make_org(area, name="Muistiyhdistys ry", status=Status.PUBLISHED)
    make_org(area, name="Muistiyhdistys r.y.", status=Status.PUBLISHED, merged_into=kept)

    assert names(client.get(reverse("coordinate:organisations"))) == ["Muistiyhdistys ry"]
    assert names(client.get(reverse("coordinate:organisations"), {"q": "muisti"})) == [
        "Muistiyhdistys ry"
    ]
    assert names(client.get(reverse("coordinate:organisations"), {"status": "x"})) == [
        "Muistiyhdistys ry"
    ]


def test_the_form_is_translated(client, coordinator):
    response = client.get("/fi/coordinate/organisations/")

    assert response.status_code == 200
    body = response.content.decode()
    assert '<label for="id_q">Nimessä on:</label>' in body
    assert '<option value="" selected>Kaikki</option>' in body
