"""The standard exports: a welfare area as Open Referral HSDS 3.0 (JSON and the tabular data
package) validated against the shipped HSDS 3.0 schema files, and a meeting place as a PTV v11
service location channel validated against the shipped PTV schema."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from api import hsds
from meetingplaces.models import OpeningException, OpeningHours, PublishStatus, Venue
from tests.meetingplaces.factories import ActivityFactory, MeetingPlaceFactory
from tests.organisations.factories import (
    DraftOrganisationFactory,
    OrganisationFactory,
    TermFactory,
    ThemeFactory,
    area,
    municipality,
)
from tests.units.factories import UnitFactory

pytestmark = pytest.mark.django_db

SCHEMAS = hsds.SCHEMA_DIR.parent
HSDS_DIR = SCHEMAS / "hsds-3.0"
URL = "/api/v1/hsds/keski-suomi"


def hsds_validator(name: str) -> Draft202012Validator:
    resources = [
        (path.name, Resource.from_contents(json.loads(path.read_text()), DRAFT202012))
        for path in HSDS_DIR.glob("*.json")
    ]
    schema = json.loads((HSDS_DIR / f"{name}.json").read_text())
    return Draft202012Validator(
        schema, registry=Registry().with_resources(resources), format_checker=FormatChecker()
    )


def errors(validator: Draft202012Validator, instance: dict) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(instance)]


@pytest.fixture
def world():
    theme = ThemeFactory(slug="liikunta", name_fi="liikunta", name_sv="motion", yso_id="p916")
    group = TermFactory(slug="omaiset", name_fi="omaiset")
    org = OrganisationFactory(
        name="Keski-Suomen Omaiset ry",
        display_name="Omaiset",
        description_fi="Tuemme omaishoitajia.",
        description_sv="Vi stöder närståendevårdare.",
        email="info@omaiset.example",
        website="https://omaiset.example/",
        phone="+358401234567",
        business_id="1234567-1",
        register_number="123.456",
        themes=[theme],
        target_groups=[group],
        produces_services=True,
        service_kinds=["day_activities"],
        municipalities=[municipality("179"), municipality("249")],
        languages=["fi", "sv"],
    )
    place = MeetingPlaceFactory(
        organisations=[org],
        name_fi="Olohuone",
        name_sv="Vardagsrummet",
        description_fi="Avoin kohtaamispaikka.",
        phone="+358401112223",
        email="olohuone@example.com",
        step_free_entrance=True,
        accessibility_fi="Hissi pihan puolella.",
        languages=["fi", "selko"],
        open_on_public_holidays=False,
    )
    OpeningHours.objects.bulk_create(
        OpeningHours(place=place, weekday=day, opens="10:00", closes="16:00") for day in range(5)
    )
    weekly = ActivityFactory(
        organisation=org,
        place=place,
        themes=[theme],
        target_groups=[group],
        recurrence="FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
        contact_role="Ryhmänohjaaja",
        contact_email="ryhma@omaiset.example",
        contact_phone="+358405556667",
        is_free=False,
        fee_amount="5.00",
        languages=["fi"],
    )
    at_address = ActivityFactory(
        organisation=org,
        venue=Venue.ADDRESS,
        place=None,
        street_address="Väinönkatu 7",
        postcode="40100",
        municipality=municipality("179"),
        recurrence="",
    )
    online = ActivityFactory(
        organisation=org,
        venue=Venue.ONLINE,
        place=None,
        online_url="https://meet.example/secret",
        online_url_public=False,
        recurrence="FREQ=MONTHLY;BYDAY=1MO",
    )
    draft = ActivityFactory(organisation=org, place=place, status=PublishStatus.DRAFT)
    hidden_org = DraftOrganisationFactory(name="Luonnos ry")
    other_area = OrganisationFactory(name="Vantaan yhdistys", welfare_area=area("vantaa-kerava"))
    shown_unit = UnitFactory(name_fi="Kyllön terveysasema")
    private_unit = UnitFactory(contact_consent=False, contact_name="Pekka Yksityinen")
    return locals()


def export(client, lang: str = "fi") -> dict:
    response = client.get(f"{URL}?lang={lang}")
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()


def by_name(items: list[dict]) -> dict[str, dict]:
    return {item["name"]: item for item in items}


def test_every_object_validates_against_the_hsds_3_0_schemas(client, world):
    data = export(client)
    for key, name in hsds.TOP_LEVEL.items():
        validator = hsds_validator(name)
        assert data[key], key
        for item in data[key]:
            assert errors(validator, item) == [], (name, item.get("name"))
    # Nested objects validate through the schemas' $refs; check each kind is really there.
    service = by_name(data["services"])[world["weekly"].title_fi]
    location = by_name(data["locations"])["Olohuone"]
    assert service["schedules"] and service["service_at_locations"] and service["contacts"]
    assert service["phones"] and service["languages"] and service["attributes"]
    assert location["addresss"] and location["schedules"] and location["accessibilitys"]
    for nested, name in [
        (service["schedules"][0], "schedule"),
        (service["service_at_locations"][0], "service_at_location"),
        (service["contacts"][0], "contact"),
        (service["phones"][0], "phone"),
        (service["attributes"][0], "attribute"),
        (location["addresss"][0], "address"),
        (location["accessibilitys"][0], "accessibility"),
        (location["languages"][0], "language"),
        (service["cost_options"][0], "cost_option"),
        (
            by_name(data["organizations"])["Keski-Suomen Omaiset ry"]["organization_identifiers"][
                0
            ],
            "organization_identifier",
        ),
    ]:
        assert errors(hsds_validator(name), nested) == [], name
    assert data["meta"]["licence"]["url"] == "https://creativecommons.org/licenses/by/4.0/"
    assert "CC BY 4.0" in data["meta"]["attribution"]
    assert data["meta"]["hsds_version"] == "3.0"


def test_only_public_published_data_of_the_area(client, world):
    data = export(client)
    names = {o["name"] for o in data["organizations"]}
    assert "Keski-Suomen Omaiset ry" in names
    assert "Luonnos ry" not in names and "Vantaan yhdistys" not in names
    services = by_name(data["services"])
    assert world["draft"].title_fi not in services
    # A private meeting link is not published; the online meeting is a virtual location.
    online = services[world["online"].title_fi]
    location_id = online["service_at_locations"][0]["location_id"]
    virtual = next(loc for loc in data["locations"] if loc["id"] == location_id)
    assert virtual["location_type"] == "virtual" and "url" not in virtual
    assert "meet.example" not in json.dumps(data)
    # A unit's association contact only with the person's consent.
    text = json.dumps(data, ensure_ascii=False)
    assert "Sari Esimerkki" in text and "Pekka Yksityinen" not in text
    units = by_name(data["locations"])
    assert units["Kyllön terveysasema"]["organization_id"] == data["organizations"][0]["id"]


def test_services_locations_and_schedules(client, world):
    data = export(client)
    orgs = by_name(data["organizations"])
    org = orgs["Keski-Suomen Omaiset ry"]
    assert org["alternate_name"] == "Omaiset"
    assert org["description"] == "Tuemme omaishoitajia."
    assert org["phones"][0]["number"] == "+358401234567"
    identifiers = {i["identifier_type"]: i for i in org["organization_identifiers"]}
    assert identifiers["business_id"]["identifier"] == "1234567-1"
    assert identifiers["business_id"]["identifier_scheme"] == "FI-PRO"
    assert identifiers["association_register_number"]["identifier"] == "123.456"
    services = by_name(data["services"])
    weekly = services[world["weekly"].title_fi]
    assert weekly["organization_id"] == org["id"]
    assert weekly["status"] == "active"
    assert weekly["fees_description"] == "5.00 €"
    assert weekly["cost_options"][0] == {
        **weekly["cost_options"][0],
        "amount": 5.0,
        "currency": "EUR",
    }
    assert services[world["online"].title_fi]["cost_options"][0]["amount"] == 0
    schedule = weekly["schedules"][0]
    assert (schedule["freq"], schedule["interval"], schedule["byday"]) == ("WEEKLY", 2, "TU")
    assert (schedule["opens_at"], schedule["closes_at"]) == ("13:00", "15:00")
    assert schedule["valid_from"] == world["weekly"].start_date.isoformat()
    assert schedule["description"]  # in words: "joka toinen tiistai klo 13–15"
    monthly = services[world["online"].title_fi]["schedules"][0]
    assert (monthly["freq"], monthly["byday"]) == ("MONTHLY", "1MO")
    one_off = services[world["at_address"].title_fi]["schedules"][0]
    assert "freq" not in one_off and one_off["valid_to"] == one_off["valid_from"]
    # The organisation's lasting offer is a service of its own, in its municipalities.
    lasting = next(s for name, s in services.items() if name.startswith("Päivätoiminta"))
    assert [a["name"] for a in lasting["service_areas"]] == ["Jyväskylä", "Keuruu"]
    assert errors(hsds_validator("service_area"), lasting["service_areas"][0]) == []
    place = by_name(data["locations"])["Olohuone"]
    assert weekly["service_at_locations"][0]["location_id"] == place["id"]
    hours = place["schedules"][0]
    assert (hours["freq"], hours["byday"], hours["opens_at"], hours["closes_at"]) == (
        "WEEKLY",
        "MO,TU,WE,TH,FR",
        "10:00",
        "16:00",
    )
    address = place["addresss"][0]
    assert (address["address_1"], address["postal_code"], address["city"]) == (
        "Kauppakatu 1",
        "40100",
        "Jyväskylä",
    )
    assert address["country"] == "FI"
    assert {lang.get("code") for lang in place["languages"]} == {"fi"}
    street = by_name(data["locations"])["Väinönkatu 7"]
    assert (
        services[world["at_address"].title_fi]["service_at_locations"][0]["location_id"]
        == (street["id"])
    )


def test_taxonomy_with_yso_and_languages(client, world):
    data = export(client, "sv")
    assert data["meta"]["language"] == "sv"
    terms = {t["code"]: t for t in data["taxonomy_terms"]}
    assert terms["liikunta"]["name"] == "motion"
    assert terms["liikunta"]["term_uri"] == "http://www.yso.fi/onto/yso/p916"
    assert terms["liikunta"]["language"] == "sv"
    # No Swedish name: the portal's fallback gives the Finnish one.
    assert terms["omaiset"]["name"] == "omaiset"
    org = by_name(data["organizations"])["Keski-Suomen Omaiset ry"]
    assert org["description"] == "Vi stöder närståendevårdare."
    assert "/sv/" in org["uri"]  # the pages in the export's language
    assert by_name(data["locations"])["Vardagsrummet"]
    links = {a["taxonomy_term_id"] for a in org["attributes"]}
    assert terms["liikunta"]["id"] in links
    taxonomy_ids = {t["id"] for t in data["taxonomies"]}
    assert all(t["taxonomy_id"] in taxonomy_ids for t in data["taxonomy_terms"])


def test_identifiers_are_stable_uuids(client, world):
    first, second = export(client), export(client, "en")
    assert [o["id"] for o in first["organizations"]] == [o["id"] for o in second["organizations"]]
    ids = [o["id"] for o in first["organizations"] + first["services"] + first["locations"]]
    assert len(ids) == len(set(ids))


def _typed(name: str, row: dict[str, str]) -> dict:
    props = hsds.hsds_schema(name)["properties"]
    out: dict = {}
    for key, value in row.items():
        if value == "":
            continue
        out[key] = float(value) if props[key]["type"] == "number" else value
    return out


def test_tabular_data_package_follows_the_hsds_schemas(client, world):
    response = client.get(f"{URL}/datapackage.zip")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    package = json.loads(archive.read("datapackage.json"))
    assert package["profile"] == "tabular-data-package"
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    resources = {r["name"]: r for r in package["resources"]}
    assert {"organization", "service", "location", "service_at_location", "schedule"} <= set(
        resources
    )
    assert {"taxonomy", "taxonomy_term", "address", "phone", "contact", "language"} <= set(
        resources
    )
    ids: dict[str, set[str]] = {}
    rows_of: dict[str, list[dict]] = {}
    for name, resource in resources.items():
        schema = json.loads((HSDS_DIR / f"{name}.json").read_text())
        # The file name, columns and required columns are HSDS's.
        assert resource["path"] == schema["path"]
        assert resource["profile"] == "tabular-data-resource"
        fields = [f["name"] for f in resource["schema"]["fields"]]
        scalar = [
            key
            for key, prop in schema["properties"].items()
            if prop.get("type") not in ("array", "object") and "$ref" not in prop
        ]
        assert fields == scalar, name
        required = set(schema["required"]) | set(schema.get("tabular_required", []))
        assert {
            f["name"] for f in resource["schema"]["fields"] if f["constraints"]["required"]
        } == required & set(fields)
        reader = csv.DictReader(io.StringIO(archive.read(resource["path"]).decode("utf-8")))
        assert reader.fieldnames == fields
        rows = list(reader)
        assert rows, name
        validator = hsds_validator(name)
        for row in rows:
            typed = _typed(name, row)
            assert errors(validator, typed) == [], (name, row)
            missing = [key for key in schema.get("tabular_required", []) if not row.get(key)]
            assert not missing, (name, missing)
        ids[name] = {row["id"] for row in rows}
        rows_of[name] = rows
    # Foreign keys point at rows of the package.
    for resource in resources.values():
        for key in resource["schema"].get("foreignKeys", []):
            target = ids[key["reference"]["resource"]]
            values = {row[key["fields"]] for row in rows_of[resource["name"]]} - {""}
            assert values <= target, (resource["name"], key["fields"])
    # The same data as the JSON form.
    data = export(client)
    assert ids["service"] == {s["id"] for s in data["services"]}


def test_built_with_a_constant_number_of_queries_and_cached(
    client, world, django_assert_max_num_queries, settings
):
    theme = world["theme"]
    with CaptureQueriesContext(connection) as small:
        hsds.build(area(), "fi")
    for _ in range(5):
        org = OrganisationFactory(themes=[theme], phone="+358400000001")
        ActivityFactory(organisation=org, themes=[theme])
        UnitFactory()
    with CaptureQueriesContext(connection) as large:
        hsds.build(area(), "fi")
    assert len(small.captured_queries) == len(large.captured_queries) <= 15
    first = client.get(URL).content
    # A second request is answered from the cache: only the data's version is read.
    with django_assert_max_num_queries(6):
        assert client.get(URL).content == first
    # A change to the data is a new version (read past the API's shared minute of the same
    # answer: api/middleware.py).
    activity = world["weekly"]
    activity.title_fi = "Uusi nimi"
    activity.save()
    settings.API_SHARED_CACHE_SECONDS = 0
    assert "Uusi nimi" in client.get(URL).content.decode()


def test_unknown_area_and_language(client, world):
    assert client.get("/api/v1/hsds/no-such-area").status_code == 404
    assert client.get(f"{URL}?lang=de").status_code == 400
    assert client.get("/api/v1/hsds/no-such-area/datapackage.zip").status_code == 404


def ptv_validator() -> Draft202012Validator:
    schema = json.loads((SCHEMAS / "ptv" / "service-location-channel-v11.schema.json").read_text())
    return Draft202012Validator(schema, format_checker=FormatChecker())


def test_place_as_a_ptv_service_location(client, world):
    place = world["place"]
    OpeningException.objects.create(
        place=place, date=dt.date.today() + dt.timedelta(days=3), closed=True, note="Remontti"
    )
    OpeningException.objects.create(place=place, date=dt.date.today() - dt.timedelta(days=3))
    response = client.get(f"/api/v1/places/{place.pk}/ptv")
    assert response.status_code == 200
    channel = response.json()
    assert errors(ptv_validator(), channel) == []
    assert channel["serviceChannelType"] == "ServiceLocation"
    assert channel["sourceId"] == f"yhdessa-place-{place.pk}"
    assert {(n["language"], n["value"]) for n in channel["serviceChannelNames"]} == {
        ("fi", "Olohuone"),
        ("sv", "Vardagsrummet"),
    }
    assert {d["type"] for d in channel["serviceChannelDescriptions"]} == {"Description", "Summary"}
    assert channel["areaType"] == "LimitedType"
    assert channel["areas"][0] == {**channel["areas"][0], "type": "Municipality", "code": "179"}
    street = channel["addresses"][0]["streetAddress"]
    assert (street["street"][0]["value"], street["streetNumber"]) == ("Kauppakatu", "1")
    assert (street["postalCode"], street["municipality"]["code"]) == ("40100", "179")
    assert channel["phoneNumbers"][0] == {
        **channel["phoneNumbers"][0],
        "prefixNumber": "+358",
        "number": "401112223",
    }
    hours = channel["serviceHours"][-1]
    assert len(channel["serviceHours"]) == 2  # the past exception is left out
    assert hours["serviceHourType"] == "DaysOfTheWeek"
    first = hours["openingHour"][0]
    assert (first["dayFrom"], first["from"], first["to"]) == (
        "Monday",
        "10:00:00",
        "16:00:00",
    )
    assert hours["additionalInformation"]  # closed on public holidays
    exceptional = channel["serviceHours"][0]
    assert exceptional["serviceHourType"] == "Exceptional" and exceptional["isClosed"]
    assert exceptional["validFrom"].startswith(str(dt.date.today() + dt.timedelta(days=3)))
    assert exceptional["additionalInformation"][0]["value"] == "Remontti"


def test_ptv_view_only_of_published_places(client, world):
    place = MeetingPlaceFactory(status=PublishStatus.DRAFT)
    assert client.get(f"/api/v1/places/{place.pk}/ptv").status_code == 404
    bare = MeetingPlaceFactory(description_fi="", phone="", email="")
    channel = client.get(f"/api/v1/places/{bare.pk}/ptv").json()
    assert errors(ptv_validator(), channel) == []


def test_the_open_data_page_links_the_exports(client, world):
    for lang in ("fi", "sv", "en"):
        page = client.get(f"/{lang}/open-data/").content.decode()
        assert 'href="/api/v1/hsds/keski-suomi?lang=sv"' in page
        assert f'href="/api/v1/hsds/keski-suomi/datapackage.zip?lang={lang}"' in page
        assert "/api/v1/places/&lt;id&gt;/ptv" in page
    assert "Tiedot standardimuodoissa" in client.get("/fi/open-data/").content.decode()


def test_export_command_writes_the_files(world, tmp_path):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    target = tmp_path / "ks.zip"
    call_command(
        "export_hsds", "keski-suomi", "--format", "zip", "--output", str(target), stdout=out
    )
    assert "organizations" in out.getvalue() and "bytes" in out.getvalue()
    assert "datapackage.json" in zipfile.ZipFile(target).namelist()
    call_command(
        "export_hsds",
        "keski-suomi",
        "--lang",
        "sv",
        "--output",
        str(tmp_path / "k.json"),
        stdout=out,
    )
    assert json.loads((tmp_path / "k.json").read_text())["meta"]["language"] == "sv"


def test_etag_and_not_modified(client, world):
    first = client.get(URL)
    assert first["ETag"]
    assert client.get(URL, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    package = client.get(f"{URL}/datapackage.zip")
    assert package["Content-Disposition"].endswith('yhdessa-keski-suomi-hsds-fi.zip"')
    assert (
        client.get(f"{URL}/datapackage.zip", HTTP_IF_NONE_MATCH=package["ETag"]).status_code == 304
    )
