"""An organisation's street address, postcode and map point (issue 14): set in the profile
form, the coordinators' edit and the registry import; the residents' search shows a true
distance only to a pinned point (search/README.md, "Distance")."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from areas.models import Municipality, Postcode
from organisations.models import ImportJob, Membership, Organisation, Status
from search.models import SearchEntry
from tests.organisations.factories import OrganisationFactory, municipality
from tests.personas import make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_pages")]

SEARCH = "/fi/search/"
KAUPPAKATU = (62.2426, 25.7473)  # a pin in Jyväskylä's centre, ~1.4 km from 40100's point


def entry(organisation) -> SearchEntry:
    return SearchEntry.objects.get(kind="organisation", object_id=organisation.pk)


def search(client, **params):
    response = client.get(SEARCH, params)
    assert response.status_code == 200
    return response, {r.title: r for r in response.context["result"].results}


def pinned_organisation(jyvaskyla):
    """An organisation of Jyväskylä pinned at its address, Kauppakatu 1."""
    return OrganisationFactory(
        name="Nastan Muistiyhdistys ry",
        municipalities=[jyvaskyla],
        street_address="Kauppakatu 1",
        postcode="40100",
        latitude=KAUPPAKATU[0],
        longitude=KAUPPAKATU[1],
    )


def test_the_entry_takes_the_pin_else_the_postcode_else_the_municipality(db):
    jyvaskyla = municipality("179")
    pinned = pinned_organisation(jyvaskyla)
    postcode_only = OrganisationFactory(
        name="Postinumeron Muistiyhdistys ry",
        municipalities=[jyvaskyla],
        street_address="Palokankaari 2",
        postcode="40270",
    )
    plain = OrganisationFactory(name="Kunnan Muistiyhdistys ry", municipalities=[jyvaskyla])

    assert (entry(pinned).latitude, entry(pinned).longitude) == KAUPPAKATU
    assert entry(pinned).point_exact
    palokka = Postcode.objects.get(code="40270")
    assert entry(postcode_only).latitude == pytest.approx(float(palokka.latitude))
    assert entry(postcode_only).longitude == pytest.approx(float(palokka.longitude))
    assert not entry(postcode_only).point_exact
    assert entry(plain).latitude == pytest.approx(float(jyvaskyla.latitude))
    assert not entry(plain).point_exact
    # The street name finds it.
    assert "Kauppakatu" in entry(pinned).keywords


def test_a_pinned_organisation_shows_its_true_distance_and_address(client, db):
    jyvaskyla = municipality("179")
    pinned_organisation(jyvaskyla)
    OrganisationFactory(
        name="Postinumeron Muistiyhdistys ry",
        municipalities=[jyvaskyla],
        street_address="Palokankaari 2",
        postcode="40270",
    )
    OrganisationFactory(name="Kunnan Muistiyhdistys ry", municipalities=[jyvaskyla])

    response, found = search(client, q="muistiyhdistys", postcode="40100", radius="10")

    titles = [r.title for r in response.context["result"].results]
    assert titles[0] == "Nastan Muistiyhdistys ry"  # a true point before approximate ones
    pinned = found["Nastan Muistiyhdistys ry"]
    assert 0.5 < pinned.distance_km < 3
    assert pinned.address == "Kauppakatu 1, 40100 Jyväskylä"
    assert found["Postinumeron Muistiyhdistys ry"].distance_km is None
    assert found["Postinumeron Muistiyhdistys ry"].address.startswith("Palokankaari 2, 40270")
    assert found["Kunnan Muistiyhdistys ry"].distance_km is None
    assert found["Kunnan Muistiyhdistys ry"].address == "Jyväskylä"
    assert response.text.count(" km</dd>") == 1


# --- The profile form ----------------------------------------------------------------------


@pytest.fixture
def member_org(client, area):
    user = make_user("osoite@example.com")
    client.force_login(user)
    organisation = Organisation.objects.create(
        name="Keski-Suomen Omaishoitajat ry",
        slug="omaishoitajat",
        welfare_area=area,
        categories=["carers"],
        description_fi="Omaishoitajien vertaistukea.",
        status=Status.PUBLISHED,
    )
    organisation.municipalities.set([municipality("179")])
    Membership.objects.create(organisation=organisation, user=user, role=Membership.Role.ADMIN)
    return organisation


def profile_data(organisation, **changes) -> dict:
    data = {
        "name": organisation.name,
        "kind": "association",
        "staffing": "volunteers",
        "welfare_area": str(organisation.welfare_area_id),
        "municipalities": [str(m.pk) for m in organisation.municipalities.all()],
        "categories": ["carers"],
        "description_fi": organisation.description_fi,
        "version": str(organisation.version),
        "action": "save",
    }
    data.update(changes)
    return data


def test_members_set_the_address_and_drop_a_pin(client, member_org, settings):
    settings.MAP_TILE_URL = "https://tiles.example.com/{z}/{x}/{y}.png"
    url = reverse("manage:edit", kwargs={"slug": member_org.slug})
    page = client.get(url).content.decode()
    assert 'id="id_street_address"' in page and 'id="id_postcode"' in page
    assert 'id="place-map"' in page and "place-editor.js" in page

    response = client.post(
        url,
        profile_data(
            member_org,
            street_address="Kauppakatu 1",
            postcode="40100",
            latitude="62.2426",
            longitude="25.7473",
        ),
    )

    assert response.status_code == 302
    member_org.refresh_from_db()
    assert (member_org.street_address, member_org.postcode) == ("Kauppakatu 1", "40100")
    assert member_org.point == KAUPPAKATU
    assert entry(member_org).point_exact  # published at once, not waiting for review
    assert member_org.versions.latest("pk").snapshot["latitude"] == KAUPPAKATU[0]

    # Emptying the point: the organisation is placed by its postcode, without a distance.
    client.post(url, profile_data(member_org, street_address="Kauppakatu 1", postcode="40100"))
    member_org.refresh_from_db()
    assert member_org.point is None
    assert not entry(member_org).point_exact


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"postcode": "4010"}, "postcode", "postcode of five digits"),
        ({"latitude": "25.7", "longitude": "62.2"}, "latitude", "not in Finland"),
        ({"latitude": "62.2"}, "longitude", "Give both the latitude and the longitude"),
    ],
)
def test_a_bad_address_or_point_is_an_error_beside_the_field(
    client, member_org, changes, field, message
):
    url = reverse("manage:edit", kwargs={"slug": member_org.slug})
    response = client.post(url, profile_data(member_org, **changes))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html
    assert message in html
    member_org.refresh_from_db()
    assert member_org.postcode == "" and member_org.point is None  # nothing half-saved


def test_coordinators_set_the_point_in_their_edit(client, area, coordinator):
    organisation = OrganisationFactory(
        name="Koordinaattorin Muistiyhdistys ry", municipalities=[municipality("179")]
    )
    url = reverse("coordinate:edit", args=[organisation.pk])
    assert 'id="id_latitude"' in client.get(url).content.decode()

    data = profile_data(
        organisation,
        categories=organisation.categories or ["older_people"],
        description_fi="Muistityötä.",
        street_address="Kauppakatu 1",
        postcode="40100",
        latitude="62.2426",
        longitude="25.7473",
    )
    response = client.post(url, data)

    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.point == KAUPPAKATU
    assert entry(organisation).point_exact


# --- The registry import and export ---------------------------------------------------------


def upload(client, content: str):
    return client.post(
        reverse("coordinate:import"),
        {"file": SimpleUploadedFile("osoitteet.csv", content.encode())},
        follow=True,
    )


def test_import_reads_the_address_and_point_and_export_writes_them(client, coordinator, area):
    content = (
        "name;municipalities;street_address;postcode;latitude;longitude\n"
        'Nastan Muistiyhdistys ry;179;Kauppakatu 1;40100;"62,2426";25.7473\n'
        "Osoitteeton ry;179;;;;\n"
    )
    response = upload(client, content)
    assert response.context["problems"] == []
    client.post(reverse("coordinate:import-confirm", args=[ImportJob.objects.get().pk]))

    pinned = Organisation.objects.get(name="Nastan Muistiyhdistys ry")
    assert (pinned.street_address, pinned.postcode, pinned.point) == (
        "Kauppakatu 1",
        "40100",
        KAUPPAKATU,
    )
    assert entry(pinned).point_exact
    assert Organisation.objects.get(name="Osoitteeton ry").point is None

    exported = client.get(reverse("coordinate:export"))
    text = b"".join(exported.streaming_content).decode().lstrip("\ufeff")
    rows = {r["name"]: r for r in csv.DictReader(io.StringIO(text), delimiter=";")}
    assert rows["Nastan Muistiyhdistys ry"]["latitude"] == "62.2426"
    assert rows["Nastan Muistiyhdistys ry"]["street_address"] == "Kauppakatu 1"
    # The export imports back unchanged.
    response = upload(client, text)
    assert {r.action for r in response.context["plan"].rows} == {"unchanged"}


def test_import_names_a_bad_postcode_or_point_by_row_and_column(client, coordinator):
    content = (
        "name;municipalities;postcode;latitude;longitude\n"
        "Huono ry;179;4010;;\n"
        "Väärinpäin ry;179;;25.7;62.2\n"
        "Puolikas ry;179;;62.2;\n"
    )
    response = upload(client, content)
    problems = {(p.row, p.column) for p in response.context["problems"]}
    assert problems == {(2, "postcode"), (3, "latitude"), (3, "longitude"), (4, "longitude")}
    assert not Organisation.objects.exists()
    assert Municipality.objects.filter(code="179").exists()
