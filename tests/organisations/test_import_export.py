"""Import organisations from CSV/XLSX (dry run, then confirm) and export them as CSV."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from areas.models import Municipality, WelfareArea
from organisations.models import ImportJob, Membership, Organisation, OrganisationVersion, Status
from search.models import SearchEntry
from tests.personas import make_coordinator, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_pages")]


GOOD_CSV = (
    "\ufeffname;business_id;municipalities;categories;email;phone;website;languages\n"
    "Muuramen Eläkeläiset ry;0000000-0;Muurame;older_people;info@elake.fi;040 123 4567;"
    "elake.fi;fi, sv\n"
    'Jyväskylän Omaiset ry;;"179, Laukaa";carers;;;;fi\n'
)


def upload(client, content: bytes | str, name: str = "jarjestot.csv"):
    data = content.encode("utf-8") if isinstance(content, str) else content
    return client.post(
        reverse("coordinate:import"), {"file": SimpleUploadedFile(name, data)}, follow=True
    )


def test_dry_run_lists_problems_by_row_and_column_and_imports_nothing(client, coordinator):
    content = (
        "name,business_id,municipalities,email\n"
        "Hyvä ry,,Jyväskylä,hyva@example.com\n"
        "Huono ry,1234567-8,Vantaa,not-an-email\n"
    )

    response = upload(client, content)

    assert response.status_code == 200
    problems = {(p.row, p.column) for p in response.context["problems"]}
    assert problems == {(3, "business_id"), (3, "municipalities"), (3, "email")}
    body = response.content.decode()
    assert "check digit" in body
    assert "Unknown municipality “Vantaa”" in body
    assert "not an email address" in body
    assert "import-confirm" not in body and "/confirm/" not in body  # no confirm button
    assert not Organisation.objects.exists()
    job = ImportJob.objects.get()
    assert len(job.rows) == 2 and len(job.problems) == 3

    response = client.post(reverse("coordinate:import-confirm", args=[job.pk]))
    assert response.status_code == 400
    assert not Organisation.objects.exists()


def test_confirm_imports_and_reimport_updates(client, coordinator, area):
    response = upload(client, GOOD_CSV)
    plan = response.context["plan"]
    assert [r.action for r in plan.rows] == ["create", "create"]
    job = ImportJob.objects.get()

    response = client.post(reverse("coordinate:import-confirm", args=[job.pk]))

    assert response.status_code == 302
    assert Organisation.objects.count() == 2
    first = Organisation.objects.get(business_id="0000000-0")
    assert first.status == Status.PUBLISHED
    assert first.welfare_area == area
    assert first.phone == "+358401234567"
    assert first.website == "https://elake.fi"
    assert first.languages == ["fi", "sv"]
    entry = SearchEntry.objects.get(kind=SearchEntry.Kind.ORGANISATION, object_id=first.pk)
    assert "cat:older_people" in entry.facet_keys
    assert OrganisationVersion.objects.filter(organisation=first, action="imported").exists()
    second = Organisation.objects.get(name="Jyväskylän Omaiset ry")
    assert {m.code for m in second.municipalities.all()} == {"179", "410"}

    # A second confirmation does nothing.
    client.post(reverse("coordinate:import-confirm", args=[job.pk]))
    assert Organisation.objects.count() == 2

    changed = GOOD_CSV.replace("info@elake.fi", "uusi@elake.fi")
    response = upload(client, changed)
    assert [r.action for r in response.context["plan"].rows] == ["update", "unchanged"]
    second_version = second.version
    client.post(reverse("coordinate:import-confirm", args=[ImportJob.objects.latest("pk").pk]))

    assert Organisation.objects.count() == 2
    first.refresh_from_db()
    assert first.email == "uusi@elake.fi"
    second.refresh_from_db()
    assert second.version == second_version  # an unchanged row is not written
    assert ImportJob.objects.latest("pk").result == {"created": 0, "updated": 1, "unchanged": 1}


def test_dry_run_says_what_will_happen_and_the_button_how_many(client, coordinator, area, make_org):
    make_org(area, name="Muuramen Eläkeläiset ry", business_id="0000000-0", email="info@elake.fi")
    make_org(area, name="Jyväskylän Omaiset ry")
    Organisation.objects.filter(name="Jyväskylän Omaiset ry").update(
        categories=["carers"], languages=["fi"]
    )
    Organisation.objects.get(name="Jyväskylän Omaiset ry").municipalities.set(
        Municipality.objects.filter(code__in=["179", "410"])
    )
    content = GOOD_CSV + "Laukaan Sydänyhdistys ry;;Laukaa;;;;;\n"

    with translation.override("fi"):
        response = client.post(
            reverse("coordinate:import"),
            {"file": SimpleUploadedFile("a.csv", content.encode())},
            follow=True,
        )

    plan = response.context["plan"]
    assert [r.action for r in plan.rows] == ["update", "unchanged", "create"]
    assert set(plan.rows[0].changed) == {"municipalities", "phone", "website", "languages"}
    body = response.content.decode()
    assert "Päivitetään:" in body and "Ei muutoksia" in body and "Luodaan" in body
    assert "Luotu" not in body
    assert "Tuo 2 järjestöä" in body
    assert not Organisation.objects.filter(name="Laukaan Sydänyhdistys ry").exists()


def test_nothing_to_import_when_every_row_is_unchanged(client, coordinator, area, make_org):
    make_org(area, name="Jyväskylän Omaiset ry")

    response = upload(client, "name\nJyväskylän Omaiset ry\n")

    assert [r.action for r in response.context["plan"].rows] == ["unchanged"]
    body = response.content.decode()
    assert "Nothing to import: every row matches the registry already." in body
    assert "/confirm/" not in body


def test_confirm_rolls_back_everything_when_a_row_fails(client, coordinator, area):
    upload(client, GOOD_CSV)
    job = ImportJob.objects.get()
    # Meanwhile the business ID went to an organisation of another welfare area.
    Organisation.objects.create(
        name="Muu",
        slug="muu",
        business_id="0000000-0",
        welfare_area=WelfareArea.objects.get(slug="vantaa-kerava"),
    )

    response = client.post(reverse("coordinate:import-confirm", args=[job.pk]))

    assert response.status_code == 400
    assert [(p.row, p.column) for p in response.context["problems"]] == [(2, "business_id")]
    assert Organisation.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("data.pdf", b"%PDF-1.4", "Upload a CSV or XLSX file."),
        ("data.csv", "name;email\n".encode("utf-16-le"), "not a CSV file"),
        ("data.csv", "name;email\nÄänekosken ry;\n".encode("latin-1"), "UTF-8"),
        ("data.csv", b"email;phone\nx@y.fi;\n", "no “name” column"),
        ("data.csv", b"", "The file is empty."),
        ("data.csv", b"name\n", "no rows to import"),
        ("data.xlsx", b"PK\x03\x04 broken", "not a valid XLSX file"),
        ("data.csv", b"name\n" + b"Yhdistys ry\n" * 5001, "more than 5000 rows"),
        ("data.csv", b"name\n" + b"x" * (5 * 1024 * 1024), "too large"),
    ],
)
def test_malformed_files_get_a_clear_message(client, coordinator, name, content, message):
    response = upload(client, content, name)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ImportJob.objects.exists()


def test_xlsx_import(client, coordinator, area):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["name", "register_number", "municipalities", "categories"])
    sheet.append(["Laukaan Sydänyhdistys ry", "123.456", 410, "patient_disability"])
    sheet.append([None, None, None, None])
    sheet.append(["Muuramen Nuoret", None, "500", "youth"])
    buffer = io.BytesIO()
    workbook.save(buffer)

    response = upload(client, buffer.getvalue(), "jarjestot.xlsx")

    assert response.context["problems"] == []
    assert [r.row for r in response.context["plan"].rows] == [2, 4]
    client.post(reverse("coordinate:import-confirm", args=[ImportJob.objects.get().pk]))
    organisation = Organisation.objects.get(register_number="123.456")
    assert [m.code for m in organisation.municipalities.all()] == ["410"]


def test_import_needs_a_coordinator(client, area):
    client.force_login(make_user("asukas@example.com"))
    assert client.get(reverse("coordinate:import")).status_code == 403
    job = ImportJob.objects.create(welfare_area=area, filename="x.csv")
    client.force_login(make_coordinator("vantaa@example.com", "vantaa-kerava"))
    assert client.get(reverse("coordinate:import-job", args=[job.pk])).status_code == 404
    assert client.post(reverse("coordinate:import-confirm", args=[job.pk])).status_code == 404


def test_export_round_trip(client, coordinator, area):
    upload(client, GOOD_CSV)
    client.post(reverse("coordinate:import-confirm", args=[ImportJob.objects.get().pk]))
    Organisation.objects.create(
        name="=HYPERLINK(evil)", slug="evil", welfare_area=area, status=Status.DRAFT
    )
    Organisation.objects.create(
        name="Vantaan ry", slug="vantaa", welfare_area=WelfareArea.objects.get(slug="vantaa-kerava")
    )

    response = client.get(reverse("coordinate:export"), {"status": "published"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    content = b"".join(response.streaming_content).decode("utf-8")
    assert content.startswith("\ufeffname;")
    rows = list(csv.DictReader(io.StringIO(content.lstrip("\ufeff")), delimiter=";"))
    assert [r["name"] for r in rows] == ["Jyväskylän Omaiset ry", "Muuramen Eläkeläiset ry"]
    assert rows[1]["phone"] == "+358401234567"

    everything = client.get(reverse("coordinate:export"))
    content_all = b"".join(everything.streaming_content).decode("utf-8")
    assert "'=HYPERLINK(evil)" in content_all
    assert "Vantaan ry" not in content_all

    # The exported file imports back as updates of the same organisations.
    response = upload(client, content, "export.csv")
    assert response.context["problems"] == []
    assert [r.action for r in response.context["plan"].rows] == ["unchanged", "unchanged"]
    client.post(reverse("coordinate:import-confirm", args=[ImportJob.objects.latest("pk").pk]))
    assert Organisation.objects.filter(welfare_area=area).count() == 3


def test_coordinator_of_several_areas_chooses_one(client, area):
    from areas.models import Coordinator

    user = make_coordinator("kaksi@example.com")
    other = WelfareArea.objects.get(slug="vantaa-kerava")
    Coordinator.objects.create(user=user, welfare_area=other)
    client.force_login(user)
    data = b"name;municipalities\nVantaan Omaiset ry;Vantaa\n"

    response = client.post(
        reverse("coordinate:import"),
        {"file": SimpleUploadedFile("a.csv", data), "welfare_area": str(other.pk)},
        follow=True,
    )

    assert response.context["problems"] == []
    client.post(reverse("coordinate:import-confirm", args=[ImportJob.objects.get().pk]))
    assert Organisation.objects.get().welfare_area == other
    assert Membership.objects.count() == 0
    assert Municipality.objects.filter(code="092").exists()


# Hostile and broken files: a clear message in the form, and nothing imported.

SHEET_START = (
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
SHEET_END = b"</sheetData></worksheet>"
NAME_HEADER = b'<row r="1"><c r="A1" t="inlineStr"><is><t>name</t></is></c></row>'


def xlsx_with(parts: dict) -> bytes:
    """A real workbook (name column, one row) with some of its XML parts replaced.

    A part is bytes, a function of the original part, or chunks: a part hundreds of MB
    unpacked is never whole in memory, and the file stays small on disk.
    """
    workbook = Workbook()
    workbook.active.append(["name"])
    workbook.active.append(["Muuramen Eläkeläiset ry"])
    original = io.BytesIO()
    workbook.save(original)
    result = io.BytesIO()
    with (
        zipfile.ZipFile(original) as source,
        zipfile.ZipFile(result, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target,
    ):
        for name in source.namelist():
            content = parts.get(name, source.read(name))
            if callable(content):
                content = content(source.read(name))
            if isinstance(content, bytes):
                target.writestr(name, content)
            else:
                with target.open(name, "w", force_zip64=True) as part:
                    for chunk in content:
                        part.write(chunk)
        for name, content in parts.items():
            if name not in source.namelist():
                target.writestr(name, content)  # type: ignore[arg-type]
    return result.getvalue()


def sheet(*rows: bytes) -> dict[str, bytes]:
    return {"xl/worksheets/sheet1.xml": SHEET_START + NAME_HEADER + b"".join(rows) + SHEET_END}


def huge_inline_string(megabytes: int) -> Iterable[bytes]:
    yield SHEET_START + NAME_HEADER + b'<row r="2"><c r="A2" t="inlineStr"><is><t>'
    for _ in range(megabytes):
        yield b"A" * (1024 * 1024)
    yield b"</t></is></c></row>" + SHEET_END


def one_wide_row(cells: int) -> Iterable[bytes]:
    yield SHEET_START + NAME_HEADER + b'<row r="2">'
    for _ in range(cells // 100_000):
        yield b"<c/>" * 100_000  # 12 MB unpacked: under the limit of one part
    yield b"</row>" + SHEET_END


def billion_laughs(workbook_xml: bytes) -> bytes:
    """The workbook part (which openpyxl itself parses) with nested entities, used once."""
    entities = b'<!ENTITY lol0 "lol">' + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, b"&lol%d;" % (i - 1) * 10) for i in range(1, 10)
    )
    return (
        b"<!DOCTYPE workbook ["
        + entities
        + b"]>"
        + workbook_xml.replace(b"<workbookPr />", b'<workbookPr codeName="&lol9;" />')
    )


EXTERNAL_ENTITY = (
    b'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    + SHEET_START
    + b'<row r="1"><c r="A1" t="inlineStr"><is><t>name</t></is></c></row>'
    b'<row r="2"><c r="A2" t="inlineStr"><is><t>&xxe;</t></is></c></row>' + SHEET_END
)


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        pytest.param(
            {"xl/worksheets/sheet1.xml": huge_inline_string(300)},
            "unpacks to more data than can be imported",
            id="300 MB inline string",
        ),
        pytest.param(
            {"xl/styles.xml": lambda styles: styles + b" " * (6 * 1024 * 1024)},
            "unpacks to more data than can be imported",
            id="6 MB of styles",
        ),
        pytest.param(
            {"xl/worksheets/sheet1.xml": one_wide_row(3_000_000)},
            "Row 2 has more than 100 cells",
            id="3 million cells in one row",
        ),
        pytest.param(
            sheet(b'<row r="2"><c t="inlineStr"><is><t>' + b"A" * 40_000 + b"</t></is></c></row>"),
            "Row 2 has a cell longer than 32,767 characters",
            id="long inline string",
        ),
        pytest.param(
            {
                "xl/worksheets/sheet1.xml": SHEET_START.replace(
                    b"<sheetData>", b'<dimension ref="A1:XFD1048576"/><sheetData>'
                )
                + NAME_HEADER
                + SHEET_END
            },
            "The sheet spans 1048576 rows and 16384 columns",
            id="declared dimensions",
        ),
        pytest.param(
            sheet(*(b'<row r="%d"><c><v>1</v></c></row>' % r for r in range(2, 5200))),
            "more than 5000 rows",
            id="too many rows",
        ),
        pytest.param(
            sheet(b'<row r="900000"><c r="A900000"><v>1</v></c></row>'),
            "more than 5000 rows",
            id="a row far below",
        ),
        pytest.param(
            {"xl/worksheets/sheet1.xml": SHEET_START + b"<row><c><v>1</v></c>"},
            "not a valid XLSX file",
            id="malformed XML",
        ),
        pytest.param(
            sheet(b'<row r="2"><c r="A2" t="s"><v>99</v></c></row>'),
            "not a valid XLSX file",
            id="a shared string that does not exist",
        ),
        pytest.param(
            {"xl/workbook.xml": lambda workbook: workbook[: len(workbook) // 2]},
            "not a valid XLSX file",
            id="malformed workbook part",
        ),
        pytest.param(
            {"xl/worksheets/sheet1.xml": EXTERNAL_ENTITY},
            "not a valid XLSX file",
            id="external entity",
        ),
        pytest.param(
            {"xl/workbook.xml": billion_laughs},
            "not a valid XLSX file",
            id="nested entities (billion laughs)",
        ),
    ],
)
def test_hostile_xlsx_is_refused_with_a_message(client, coordinator, parts, message):
    content = xlsx_with(parts)
    assert len(content) < 1024 * 1024  # small on disk

    response = upload(client, content, "jarjestot.xlsx")

    assert response.status_code == 400
    assert message in response.content.decode()
    assert response.context["form"].errors["file"]
    assert not ImportJob.objects.exists()
    assert not Organisation.objects.exists()


def test_xlsx_formulas_without_saved_values_are_named(client, coordinator):
    workbook = Workbook()
    workbook.active.append(["name", "email"])
    workbook.active.append(["Muuramen Eläkeläiset ry", '=LOWER("INFO@ELAKE.FI")'])
    workbook.active.append(["=A2", "info@example.com"])
    buffer = io.BytesIO()
    workbook.save(buffer)  # openpyxl saves formulas without their results

    response = upload(client, buffer.getvalue(), "jarjestot.xlsx")

    assert response.status_code == 400
    assert "Cells B2, A3 hold formulas without a saved result" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_xlsx_formulas_with_saved_values_are_read(client, coordinator):
    cells = (
        b'<row r="2"><c r="A2" t="str"><f>UPPER("a")</f><v>Muuramen Elakelaiset ry</v></c>'
        b'<c r="B2"><f>1+1</f><v>2</v></c></row>'
    )

    response = upload(client, xlsx_with(sheet(cells)), "jarjestot.xlsx")

    assert response.context["problems"] == []
    assert [r.name for r in response.context["plan"].rows] == ["Muuramen Elakelaiset ry"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param(
            b"name;email\nYhdistys ry;" + b"x" * 131_073 + b"\n",
            "Row 2 has a cell longer than 131,072 characters",
            id="field over the csv module's limit",
        ),
        pytest.param(
            b'name;email\nYhdistys ry;"info@example.com\nToinen ry;\n',
            "A quotation mark (&quot;) on row 2 is never closed",
            id="unterminated quote",
        ),
        pytest.param(
            b'name;email\n"Yhdistys" ry;info@example.com\n',
            "Row 2 is not valid CSV",
            id="quote inside a cell",
        ),
    ],
)
def test_broken_csv_gets_a_message(client, coordinator, content, message):
    response = upload(client, content)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ImportJob.objects.exists()


def test_utf16_csv_with_byte_order_mark_is_read(client, coordinator):
    content = "name\tmunicipalities\nÄänekosken Omaiset ry\tÄänekoski\n".encode("utf-16")

    response = upload(client, content, "unicode.txt")

    assert response.context["problems"] == []
    assert [r.name for r in response.context["plan"].rows] == ["Äänekosken Omaiset ry"]


def test_file_messages_are_translated(client, coordinator):
    with translation.override("fi"):
        response = upload(
            client, xlsx_with(sheet(b'<row r="2">' + b"<c/>" * 101 + b"</row>")), "a.xlsx"
        )

    assert response.status_code == 400
    assert "Rivillä 2 on yli 100 solua." in response.content.decode()
