"""Importing units from CSV and XLSX through the coordinators' pages: the dry run writes
nothing, problems are listed by row and column, the confirmation writes every row or none, and
a second file updates the units it names."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from areas.models import LocationSource
from search.models import SearchEntry
from tests.personas import make_coordinator
from units.models import Unit, UnitImportJob

from .factories import UnitFactory

pytestmark = pytest.mark.django_db

HEADER = (
    "name_fi;kind;street_address;postcode;municipality;phone;contact_name;contact_email;"
    "contact_consent;hosts_activities\n"
)


def url(name: str, **kwargs) -> str:
    with translation.override("fi"):
        return reverse(name, kwargs=kwargs)


def upload(client, text: str, name: str = "units.csv"):
    data = text.encode() if isinstance(text, str) else text
    return client.post(url("units_coordinate:import"), {"file": SimpleUploadedFile(name, data)})


@pytest.fixture
def coordinator(client):
    client.force_login(make_coordinator("k@example.com"))


def test_a_dry_run_then_the_confirmation_writes_the_units(client, coordinator):
    text = HEADER + (
        "Palokan terveysasema;terveysasema;Palokankaari 1;40270;Jyväskylä;040 000 0950;"
        "Liisa Malli;liisa.malli@example.com;kyllä;yes\n"
        "Keuruun sosiaalitoimisto;social_services_office;Multiantie 5;42700;249;;;;;\n"
    )
    response = upload(client, text)
    job = UnitImportJob.objects.get()
    assert response.status_code == 302 and not Unit.objects.exists()
    page = client.get(url("units_coordinate:import-job", pk=job.pk)).content.decode()
    assert "Palokan terveysasema" in page and "Tuo 2 yksikköä" in page
    response = client.post(url("units_coordinate:import-confirm", pk=job.pk))
    assert response.status_code == 302
    palokka = Unit.objects.get(name_fi="Palokan terveysasema")
    assert palokka.kind == "health_station" and palokka.phone == "+358400000950"
    assert palokka.contact_consent and palokka.contact_consent_at is not None
    assert palokka.location_source == LocationSource.MUNICIPALITY
    assert palokka.place is not None  # hosts activities
    keuruu = Unit.objects.get(name_fi="Keuruun sosiaalitoimisto")
    assert keuruu.municipality.code == "249" and not keuruu.contact_consent and keuruu.place is None
    assert SearchEntry.objects.filter(kind="unit").count() == 2
    # The same job cannot be applied twice.
    assert client.post(url("units_coordinate:import-confirm", pk=job.pk)).status_code == 400


def test_problems_are_listed_by_row_and_nothing_is_written(client, coordinator):
    text = HEADER + (
        "Asema;kioski;Tie 1;401;Helsinki;12;;liisa@;ehkä;\n"
        ";;;;;;;;;\n"  # empty row: skipped
        "Toinen asema;;;;;;;;;\n"
    )
    upload(client, text)
    job = UnitImportJob.objects.get()
    page = client.get(url("units_coordinate:import-job", pk=job.pk)).content.decode()
    columns = {(p["row"], p["column"]) for p in job.problems}
    assert {(2, "kind"), (2, "postcode"), (2, "municipality"), (2, "phone")} <= columns
    assert {(2, "contact_email"), (2, "contact_consent"), (4, "street_address")} <= columns
    assert "Tuntematon tyyppi" in page and "import-confirm" not in page and "/confirm/" not in page
    assert client.post(url("units_coordinate:import-confirm", pk=job.pk)).status_code == 400
    assert not Unit.objects.exists()


def test_a_row_updates_the_unit_with_the_same_name_and_empty_cells_keep_values(client, coordinator):
    unit = UnitFactory(name_fi="Kyllön terveysasema", contact_consent=False)
    text = "name_fi;contact_consent;phone\nkyllön terveysasema;yes;\n"
    upload(client, text)
    job = UnitImportJob.objects.get()
    page = client.get(url("units_coordinate:import-job", pk=job.pk)).content.decode()
    assert "contact_consent" in page  # the changed column is named
    client.post(url("units_coordinate:import-confirm", pk=job.pk))
    unit.refresh_from_db()
    assert unit.contact_consent and unit.phone == "+358400000900"
    assert Unit.objects.count() == 1


def test_an_xlsx_file_reads_as_the_csv_does(client, coordinator):
    book = Workbook()
    sheet = book.active
    sheet.append(["name_fi", "street_address", "postcode", "municipality", "latitude", "longitude"])
    sheet.append(["Vaajakosken terveysasema", "Vaajakoskentie 3", "40800", 179, 62.25, 25.88])
    output = io.BytesIO()
    book.save(output)
    upload(client, output.getvalue(), name="units.xlsx")
    job = UnitImportJob.objects.get()
    assert job.problems == []
    client.post(url("units_coordinate:import-confirm", pk=job.pk))
    unit = Unit.objects.get()
    assert (unit.latitude, unit.longitude) == (62.25, 25.88)
    assert unit.location_source == LocationSource.PIN and unit.kind == "other"


def test_an_unreadable_file_gets_a_message_at_the_field(client, coordinator):
    response = upload(client, "kind;postcode\nx;1\n")
    assert response.status_code == 400
    assert "name_fi" in response.content.decode()
    response = upload(client, b"PK\x03\x04 not really a zip", name="units.xlsx")
    assert response.status_code == 400
    assert not UnitImportJob.objects.exists()


def test_an_import_that_stops_hosting_archives_the_units_place(client, coordinator):
    unit = UnitFactory(name_fi="Kyllön terveysasema", hosts_activities=True)
    upload(client, "name_fi;hosts_activities\nKyllön terveysasema;no\n")
    client.post(url("units_coordinate:import-confirm", pk=UnitImportJob.objects.get().pk))
    unit.refresh_from_db()
    unit.place.refresh_from_db()
    assert not unit.hosts_activities and unit.place.status == "archived"
