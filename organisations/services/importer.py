"""Import organisations from a CSV or XLSX file, and export them as CSV with the same columns.

An import has two steps. The upload is read and every row validated (a dry run): the rows and
the problems found are kept in an ImportJob and nothing is written to the registry. When the
file has no problems the coordinator confirms, and every row is written in one transaction:
all rows or none. A row updates the organisation with the same business ID, else the same
register number, else the same name in the welfare area; otherwise it creates a new one. A row
whose values are already those of its organisation is "unchanged" and is not written.

Uploads are untrusted: a file that cannot be read raises ImportFileError with a translated
message for the form, never anything else. An XLSX file is checked before and while it is
parsed (unpacked sizes, declared dimensions, rows, cells per row, characters per cell), and
its XML is parsed with defusedxml (entities refused); bench/import_files.py measures the memory.
"""

from __future__ import annotations

import codecs
import csv
import io
import logging
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import EmailValidator, URLValidator
from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from areas.models import Municipality, WelfareArea
from portal.lib.points import FINLAND_LATITUDE, FINLAND_LONGITUDE

from ..models import Category, ImportJob, Organisation, OrganisationKind, ServiceLanguage, Status
from ..validators import (
    normalise_business_id,
    normalise_phone,
    strip_bidi_controls,
    validate_business_id,
    validate_postcode,
    validate_register_number,
)
from .core import organisation_record_version, organisation_refresh_search

logger = logging.getLogger(__name__)

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000

# An XLSX file is a zip archive of XML: 300 KB on disk can unpack to gigabytes, and one cell or
# one row can hold more than a web worker's memory. These limits are checked before parsing
# (the archive's unpacked sizes, the sheet's declared dimensions) and while parsing (rows,
# cells per row, characters per cell), so that reading any file stays within some tens of MB.
XLSX_MAX_PART_BYTES = 25 * 1024 * 1024  # one sheet, the shared strings or a picture, unpacked
XLSX_MAX_OTHER_PART_BYTES = 5 * 1024 * 1024  # any other part (workbook, styles, ...), unpacked
XLSX_LARGE_PARTS = ("xl/worksheets/", "xl/sharedStrings.xml", "xl/media/")
XLSX_MAX_TOTAL_BYTES = 50 * 1024 * 1024  # all parts together, unpacked
MAX_COLUMNS = 100  # the import has 17 columns; room for a coordinator's own extra columns
MAX_SHEET_ROWS = MAX_ROWS + 100  # rows of data, the column names and some empty rows
MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell

# The columns of the file, in the order the export writes them.
COLUMN_NAMES = [
    "name", "display_name", "kind", "business_id", "register_number", "municipalities",
    "categories", "email", "phone", "website", "description_fi", "summary_fi", "languages",
    "street_address", "postcode", "latitude", "longitude",
]  # fmt: skip


def import_columns() -> list[tuple[str, str]]:
    """(column, what goes in it) in the active language, for the import page."""
    return [
        ("name", _("Official name. Required.")),
        ("display_name", _("The name people use, if different.")),
        ("kind", _("association, foundation or other. Empty means association.")),
        ("business_id", _("Business ID (Y-tunnus), for example 1234567-1.")),
        ("register_number", _("Association register number, for example 123.456.")),
        (
            "municipalities",
            _(
                "Municipality codes or Finnish names separated by commas, for example "
                "“179, Muurame”. Only municipalities of the welfare area."
            ),
        ),
        ("categories", _("Sector codes separated by commas: %(codes)s.")
         % {"codes": ", ".join(Category.values)}),
        ("email", _("Public email address.")),
        ("phone", _("Public phone number, for example 040 123 4567.")),
        ("website", _("Website, for example https://www.example.fi.")),
        ("description_fi", _("Description in Finnish.")),
        ("summary_fi", _("Plain-language summary in Finnish.")),
        ("languages", _("Language codes separated by commas: %(codes)s.")
         % {"codes": ", ".join(ServiceLanguage.values)}),
        ("street_address", _("Street address of the office or rooms, if any.")),
        ("postcode", _("Postcode of the street address, for example 40100.")),
        ("latitude", _("Map point: latitude in degrees, for example 62.2416. Optional.")),
        ("longitude", _("Map point: longitude in degrees, for example 25.7482. Optional.")),
    ]  # fmt: skip


KIND_ALIASES = {
    "yhdistys": OrganisationKind.ASSOCIATION,
    "ry": OrganisationKind.ASSOCIATION,
    "säätiö": OrganisationKind.FOUNDATION,
    "sr": OrganisationKind.FOUNDATION,
    "muu": OrganisationKind.OTHER,
}


class ImportFileError(Exception):
    """The file cannot be read at all; str() is a translated message for the coordinator."""


@dataclass
class Problem:
    row: int
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class PlannedRow:
    row: int
    name: str
    values: dict[str, Any]
    present: set[str]
    target_id: int | None = None
    # The columns whose values differ from the saved organisation's (for an update).
    changed: list[str] = field(default_factory=list)

    @property
    def action(self) -> str:
        """create, update, or unchanged (the row matches the saved organisation)."""
        if self.target_id is None:
            return "create"
        return "update" if self.changed else "unchanged"


@dataclass
class ImportPlan:
    rows: list[PlannedRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def creates(self) -> list[PlannedRow]:
        return [r for r in self.rows if r.action == "create"]

    @property
    def updates(self) -> list[PlannedRow]:
        return [r for r in self.rows if r.action == "update"]

    @property
    def unchanged(self) -> list[PlannedRow]:
        return [r for r in self.rows if r.action == "unchanged"]

    @property
    def changes(self) -> int:
        """How many organisations the import would write."""
        return len(self.creates) + len(self.updates)


# Reading the file


def _clean_cell(value: Any) -> str:
    if value is None:
        return ""
    text = str(value).strip()
    # Undo the protection against spreadsheet formulas that the export adds.
    if text.startswith("'") and text[1:2] in ("=", "+", "-", "@"):
        text = text[1:]
    return text


def _number(value: int) -> str:
    return number_format(value, force_grouping=True)


def _decode_csv(data: bytes) -> str:
    # Excel's "Unicode text" and some other programs write UTF-16 with a byte order mark.
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    elif b"\x00" not in data:
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            pass
    if b"\x00" in data:
        raise ImportFileError(_("The file is not a CSV file. Upload a CSV or XLSX file."))
    raise ImportFileError(
        _(
            "The file is not in UTF-8 encoding. In Excel, save it as “CSV UTF-8 "
            "(comma delimited)”, or upload it as an XLSX file."
        )
    )


def _read_csv(data: bytes) -> list[list[str]]:
    text = _decode_csv(data)
    first_line = text.split("\n", 1)[0]
    try:
        delimiter = csv.Sniffer().sniff(first_line, delimiters=";,\t").delimiter
    except csv.Error:
        delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    # strict: a quotation mark that is never closed is an error, not the rest of the file
    # swallowed into one cell.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    table: list[list[str]] = []
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return table
        except csv.Error as error:
            row_number = len(table) + 1
            if "field larger than field limit" in str(error):
                message = _(
                    "Row %(row)s has a cell longer than %(max)s characters. Shorten it, or "
                    'check that every quotation mark (") in the file is closed.'
                ) % {"row": row_number, "max": _number(csv.field_size_limit())}
            elif "unexpected end of data" in str(error):
                message = _(
                    'A quotation mark (") on row %(row)s is never closed. Close it, or remove '
                    "it, and upload the file again."
                ) % {"row": row_number}
            else:
                message = _(
                    'Row %(row)s is not valid CSV: a quotation mark (") in a cell. Put the '
                    "whole cell in quotation marks and double the ones inside it, or save "
                    "the file again from Excel."
                ) % {"row": row_number}
            raise ImportFileError(message) from error
        table.append(row)


def _not_xlsx() -> ImportFileError:
    return ImportFileError(_("The file is not a valid XLSX file. Upload a CSV or XLSX file."))


def _too_large_xlsx() -> ImportFileError:
    return ImportFileError(
        _(
            "The XLSX file unpacks to more data than can be imported (at most %(max)s MB). "
            "Copy only the rows and columns to import into a new workbook, or save them as CSV."
        )
        % {"max": XLSX_MAX_TOTAL_BYTES // (1024 * 1024)}
    )


def _check_archive(archive: zipfile.ZipFile) -> None:
    """Refuse an archive whose parts unpack to too much, before anything is parsed.

    zipfile never unpacks more than a part's declared size (and checks its CRC), so the
    declared sizes are a real limit.
    """
    total = 0
    for info in archive.infolist():
        total += info.file_size
        limit = (
            XLSX_MAX_PART_BYTES
            if info.filename.startswith(XLSX_LARGE_PARTS)
            else XLSX_MAX_OTHER_PART_BYTES
        )
        if info.file_size > limit or total > XLSX_MAX_TOTAL_BYTES:
            raise _too_large_xlsx()


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _scan_sheet(archive: zipfile.ZipFile, path: str) -> list[str]:
    """Go through a sheet's XML as a stream, counting rows, cells and characters.

    openpyxl keeps a whole row in memory while it reads it (even just to find the sheet's
    dimensions when it opens the workbook), so a row of three million cells must be refused
    before openpyxl sees the sheet. Return the cells that hold a formula without a saved
    result (they would read as empty).
    """
    from defusedxml.ElementTree import iterparse

    formulas_without_value: list[str] = []
    rows = row_number = cells_in_row = 0
    with archive.open(path) as source:
        for event, element in iterparse(source, events=("start", "end")):
            tag = _local(element.tag)
            if event == "start":
                if tag == "row":
                    rows += 1
                    cells_in_row = 0
                    number = element.get("r", "")
                    row_number = int(number) if number.isdigit() else row_number + 1
                    if rows > MAX_SHEET_ROWS or row_number > MAX_SHEET_ROWS:
                        raise _too_many_rows()
                elif tag == "c":
                    cells_in_row += 1
                    if cells_in_row > MAX_COLUMNS:
                        raise _too_many_columns(row_number)
                continue
            if tag in ("v", "t", "f") and element.text and len(element.text) > MAX_CELL_CHARS:
                raise ImportFileError(
                    _("Row %(row)s has a cell longer than %(max)s characters.")
                    % {"row": row_number, "max": _number(MAX_CELL_CHARS)}
                )
            if tag == "c":
                children = {_local(child.tag): child for child in element}
                value = children.get("v")
                if "f" in children and (value is None or not value.text):
                    formulas_without_value.append(element.get("r", "") or str(row_number))
                element.clear()
            elif tag == "row":
                element.clear()
    return formulas_without_value


def _too_many_rows() -> ImportFileError:
    return ImportFileError(
        _("The file has more than %(max)s rows. Split it into smaller files.") % {"max": MAX_ROWS}
    )


def _too_many_columns(row: int) -> ImportFileError:
    return ImportFileError(
        _(
            "Row %(row)s has more than %(max)s cells. Copy only the columns to import into a "
            "new workbook."
        )
        % {"row": row, "max": MAX_COLUMNS}
    )


def _read_xlsx(data: bytes) -> list[list[str]]:
    from openpyxl.reader.excel import ExcelReader

    # ValueError covers defusedxml's refusals of entities; SyntaxError is ElementTree's
    # ParseError for malformed XML.
    unreadable = (zipfile.BadZipFile, KeyError, OSError, ValueError, SyntaxError, EOFError)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_archive(archive)
            # Find the sheets as openpyxl does (the small workbook part), scan them, and only
            # then let openpyxl open the workbook, read-only: row by row, as a stream.
            reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=True)
            reader.read_manifest()
            reader.read_workbook()
            sheet_paths = [
                rel.target
                for _sheet, rel in reader.parser.find_sheets()
                if rel.target in reader.valid_files and "chartsheet" not in rel.Type
            ]
            if not sheet_paths:
                raise _not_xlsx()
            # openpyxl opens every sheet (for its dimensions); only the first is imported.
            scans = [_scan_sheet(archive, path) for path in sheet_paths]
            formulas = scans[0]
            if formulas:
                raise ImportFileError(
                    _(
                        "Cells %(cells)s hold formulas without a saved result, so their "
                        "values are unknown. Open the file in Excel or LibreOffice and save it "
                        "again, or replace the formulas with their values."
                    )
                    % {"cells": ", ".join(formulas[:10]) + (" …" if len(formulas) > 10 else "")}
                )
            reader.read()
            workbook = reader.wb
            try:
                return _read_first_sheet(workbook)
            finally:
                workbook.close()
    except ImportFileError:
        raise
    except unreadable as error:
        raise _not_xlsx() from error
    except Exception as error:
        # openpyxl trusts well-formed XML to mean a valid workbook (a shared string that does
        # not exist is an IndexError, a wrong attribute a TypeError): whatever it raises on
        # an upload, the coordinator gets the form's message, not a 500.
        logger.warning("Unreadable XLSX upload: %r", error)
        raise _not_xlsx() from error


def _read_first_sheet(workbook) -> list[list[str]]:
    sheet = workbook.worksheets[0]
    # The dimensions the sheet declares, checked before any of its rows is read.
    max_row, max_column = sheet.max_row or 0, sheet.max_column or 0
    if max_row > MAX_SHEET_ROWS or max_column > MAX_COLUMNS:
        raise ImportFileError(
            _(
                "The sheet spans %(rows)s rows and %(columns)s columns; at most %(max_rows)s "
                "rows and %(max_columns)s columns can be imported. Copy only the rows and "
                "columns to import into a new workbook."
            )
            % {
                "rows": max_row,
                "columns": max_column,
                "max_rows": MAX_ROWS,
                "max_columns": MAX_COLUMNS,
            }
        )
    table = []
    for number, row in enumerate(
        sheet.iter_rows(max_col=MAX_COLUMNS, max_row=MAX_SHEET_ROWS, values_only=True),
        start=1,
    ):
        texts = [_xlsx_text(cell) for cell in row]
        if any(len(text) > MAX_CELL_CHARS for text in texts):
            # A shared string: the sheet only points at it.
            raise ImportFileError(
                _("Row %(row)s has a cell longer than %(max)s characters.")
                % {"row": number, "max": _number(MAX_CELL_CHARS)}
            )
        table.append(texts)
    return table


def _xlsx_text(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)


def import_read_file(*, uploaded: UploadedFile) -> tuple[list[str], list[tuple[int, dict]]]:
    """The column names and the non-empty rows as (row number in the file, {column: text}).

    Raise ImportFileError for a file that cannot be imported at all.
    """
    if uploaded.size is not None and uploaded.size > MAX_BYTES:
        raise ImportFileError(_("The file is too large. The largest file allowed is 5 MB."))
    data = uploaded.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ImportFileError(_("The file is too large. The largest file allowed is 5 MB."))
    if not data.strip():
        raise ImportFileError(_("The file is empty."))
    name = (uploaded.name or "").lower()
    if name.endswith(".xlsx") or data.startswith(b"PK\x03\x04"):
        table = _read_xlsx(data)
    elif name.endswith((".csv", ".txt")):
        table = _read_csv(data)
    else:
        raise ImportFileError(_("Upload a CSV or XLSX file."))

    while table and not any(_clean_cell(c) for c in table[0]):
        table.pop(0)
    if not table:
        raise ImportFileError(_("The file is empty."))
    header = [_clean_cell(c).lower().lstrip("\ufeff") for c in table[0]]
    if "name" not in header:
        raise ImportFileError(
            _("The file has no “name” column. The first row must name the columns.")
        )
    rows = []
    for number, raw in enumerate(table[1:], start=2):
        cells = {
            column: _clean_cell(raw[i]) if i < len(raw) else ""
            for i, column in enumerate(header)
            if column in COLUMN_NAMES
        }
        if any(cells.values()):
            rows.append((number, cells))
    if not rows:
        raise ImportFileError(_("The file has no rows to import below the column names."))
    if len(rows) > MAX_ROWS:
        raise _too_many_rows()
    return header, rows


# Validating


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


class _Validator:
    """Checks rows against the registry, loading what it needs once for the whole file."""

    def __init__(self, *, welfare_area: WelfareArea, rows: list[tuple[int, dict]]) -> None:
        self.welfare_area = welfare_area
        municipalities = Municipality.objects.filter(welfare_area=welfare_area)
        self.municipalities: dict[str, int] = {}
        for m in municipalities:
            self.municipalities[m.code] = m.pk
            self.municipalities[m.name_fi.lower()] = m.pk
            if m.name_sv:
                self.municipalities[m.name_sv.lower()] = m.pk
        business_ids = {normalise_business_id(c.get("business_id", "")) for _n, c in rows}
        register_numbers = {c.get("register_number", "") for _n, c in rows}
        names = {c.get("name", "").lower() for _n, c in rows}
        self.by_business_id = {
            o.business_id: o
            for o in Organisation.objects.filter(business_id__in=business_ids - {""})
        }
        self.by_register_number = {
            o.register_number: o
            for o in Organisation.objects.filter(register_number__in=register_numbers - {""})
        }
        self.by_name: dict[str, list[Organisation]] = {}
        for o in Organisation.objects.filter(
            welfare_area=welfare_area, merged_into__isnull=True
        ).exclude(status=Status.ARCHIVED):
            if o.name.lower() in names:
                self.by_name.setdefault(o.name.lower(), []).append(o)
        self.survivors = {o.pk: o for o in Organisation.objects.filter(merged_from__isnull=False)}
        self.seen_business_ids: dict[str, int] = {}
        self.seen_register_numbers: dict[str, int] = {}

    def _survivor(self, organisation: Organisation) -> Organisation:
        seen = set()
        while organisation.merged_into_id and organisation.merged_into_id not in seen:
            seen.add(organisation.merged_into_id)
            organisation = self.survivors.get(organisation.merged_into_id, organisation)
        return organisation

    def check(self, number: int, cells: dict[str, str], plan: ImportPlan) -> None:
        problems: list[Problem] = []

        def problem(column: str, message: str) -> None:
            problems.append(Problem(number, column, str(message)))

        values: dict[str, Any] = {}
        name = strip_bidi_controls(cells.get("name", ""))
        if not name:
            problem("name", _("The name is missing."))
        elif len(name) > 200:
            problem("name", _("The name is longer than 200 characters."))
        values["name"] = name
        display_name = strip_bidi_controls(cells.get("display_name", ""))
        if len(display_name) > 200:
            problem("display_name", _("The name is longer than 200 characters."))
        values["display_name"] = display_name

        kind = cells.get("kind", "").lower()
        kind = KIND_ALIASES.get(kind, kind)
        if kind and kind not in OrganisationKind.values:
            problem("kind", _("Unknown type “%(value)s”.") % {"value": cells["kind"]})
        values["kind"] = kind

        business_id = normalise_business_id(cells.get("business_id", ""))
        if business_id:
            try:
                validate_business_id(business_id)
            except ValidationError as error:
                problem("business_id", " ".join(error.messages))
            if business_id in self.seen_business_ids:
                problem(
                    "business_id",
                    _("The same business ID is also on row %(row)s.")
                    % {"row": self.seen_business_ids[business_id]},
                )
            self.seen_business_ids.setdefault(business_id, number)
        values["business_id"] = business_id

        register_number = cells.get("register_number", "")
        if register_number:
            try:
                validate_register_number(register_number)
            except ValidationError as error:
                problem("register_number", " ".join(error.messages))
            if register_number in self.seen_register_numbers:
                problem(
                    "register_number",
                    _("The same register number is also on row %(row)s.")
                    % {"row": self.seen_register_numbers[register_number]},
                )
            self.seen_register_numbers.setdefault(register_number, number)
        values["register_number"] = register_number

        municipality_ids = []
        for item in _split(cells.get("municipalities", "")):
            key = item.zfill(3) if item.isdigit() else item.lower()
            pk = self.municipalities.get(key)
            if pk is None:
                problem(
                    "municipalities",
                    _("Unknown municipality “%(value)s” in %(area)s.")
                    % {"value": item, "area": self.welfare_area},
                )
            else:
                municipality_ids.append(pk)
        values["municipalities"] = sorted(set(municipality_ids))

        for column, choices in (
            ("categories", Category.values),
            ("languages", ServiceLanguage.values),
        ):
            codes = [c.lower() for c in _split(cells.get(column, ""))]
            unknown = [c for c in codes if c not in choices]
            if unknown:
                problem(
                    column,
                    _("Unknown codes: %(codes)s. Allowed: %(allowed)s.")
                    % {"codes": ", ".join(unknown), "allowed": ", ".join(choices)},
                )
            values[column] = list(dict.fromkeys(c for c in codes if c in choices))

        email = cells.get("email", "")
        if email:
            try:
                EmailValidator()(email)
            except ValidationError:
                problem("email", _("“%(value)s” is not an email address.") % {"value": email})
        values["email"] = email

        try:
            values["phone"] = normalise_phone(cells.get("phone", ""))
        except ValidationError as error:
            problem("phone", " ".join(error.messages))
            values["phone"] = ""

        website = cells.get("website", "")
        if website and not re.match(r"^[a-z]+://", website, re.I):
            website = f"https://{website}"
        if website:
            try:
                URLValidator(schemes=["http", "https"])(website)
                if len(website) > 200:
                    raise ValidationError("too long")
            except ValidationError:
                problem(
                    "website", _("“%(value)s” is not a web address.") % {"value": cells["website"]}
                )
        values["website"] = website
        values["description_fi"] = cells.get("description_fi", "")
        values["summary_fi"] = cells.get("summary_fi", "")
        self._check_address(cells, values, problem)

        target = self._match(values, problem)
        if not problems:
            plan.rows.append(
                PlannedRow(
                    row=number,
                    name=name,
                    values=values,
                    present=set(cells),
                    target_id=target.pk if target else None,
                )
            )
        plan.problems.extend(problems)

    def _check_address(self, cells: dict[str, str], values: dict[str, Any], problem) -> None:
        """The street address, postcode and map point (both coordinates or neither, in
        Finland; a decimal comma as Excel writes it in Finnish)."""
        street_address = strip_bidi_controls(cells.get("street_address", ""))
        if len(street_address) > 200:
            problem("street_address", _("The address is longer than 200 characters."))
        values["street_address"] = street_address
        postcode = cells.get("postcode", "").replace(" ", "")
        if postcode:
            try:
                validate_postcode(postcode)
            except ValidationError as error:
                problem("postcode", " ".join(error.messages))
        values["postcode"] = postcode
        point = {}
        for column, (low, high) in (
            ("latitude", FINLAND_LATITUDE),
            ("longitude", FINLAND_LONGITUDE),
        ):
            text = cells.get(column, "").replace(",", ".")
            if not text:
                continue
            try:
                number = float(text)
            except ValueError:
                number = None
            if number is None or not low <= number <= high:
                problem(
                    column,
                    _("“%(value)s” is not a point in Finland: between %(low)s and %(high)s.")
                    % {"value": cells[column], "low": low, "high": high},
                )
            else:
                point[column] = number
        if cells.get("latitude", "") and cells.get("longitude", "") == "":
            problem("longitude", _("Give both the latitude and the longitude, or neither."))
        elif cells.get("longitude", "") and cells.get("latitude", "") == "":
            problem("latitude", _("Give both the latitude and the longitude, or neither."))
        values["latitude"] = point.get("latitude")
        values["longitude"] = point.get("longitude")

    def _match(self, values: dict[str, Any], problem) -> Organisation | None:
        by_id = self.by_business_id.get(values["business_id"]) if values["business_id"] else None
        by_number = (
            self.by_register_number.get(values["register_number"])
            if values["register_number"]
            else None
        )
        by_id = self._survivor(by_id) if by_id else None
        by_number = self._survivor(by_number) if by_number else None
        if by_id and by_number and by_id.pk != by_number.pk:
            problem(
                "register_number",
                _("This register number belongs to %(other)s, the business ID to %(this)s.")
                % {"other": by_number.name, "this": by_id.name},
            )
            return None
        target = by_id or by_number
        if target is None and not values["business_id"] and not values["register_number"]:
            same_name = self.by_name.get(values["name"].lower(), [])
            if len(same_name) == 1:
                target = same_name[0]
        if target is not None and target.welfare_area_id != self.welfare_area.pk:
            column = "business_id" if by_id else "register_number"
            problem(
                column,
                _("%(name)s, which has this identifier, belongs to another welfare area.")
                % {"name": target.name},
            )
            return None
        return target


def _written_values(planned: PlannedRow) -> dict[str, Any]:
    """The values an update writes: an empty cell, or a missing column, keeps the saved value."""
    return {
        name: value
        for name, value in planned.values.items()
        if name in planned.present and value not in ("", [], None)
    }


def _find_changes(plan: ImportPlan) -> None:
    """Mark each update with the columns it would change; two queries for the whole file."""
    ids = [row.target_id for row in plan.rows if row.target_id is not None]
    if not ids:
        return
    saved = Organisation.objects.in_bulk(ids)
    municipalities: dict[int, set[int]] = {}
    through = Organisation.municipalities.through.objects.filter(organisation_id__in=ids)
    for organisation_id, municipality_id in through.values_list(
        "organisation_id", "municipality_id"
    ):
        municipalities.setdefault(organisation_id, set()).add(municipality_id)
    for row in plan.rows:
        if row.target_id is None:
            continue
        organisation = saved[row.target_id]
        for name, value in _written_values(row).items():
            if name == "municipalities":
                same = set(value) == municipalities.get(organisation.pk, set())
            elif isinstance(value, list):  # codes: their order carries no meaning
                same = set(value) == set(getattr(organisation, name) or [])
            else:
                same = value == getattr(organisation, name)
            if not same:
                row.changed.append(name)


def import_validate(*, rows: list[tuple[int, dict]], welfare_area: WelfareArea) -> ImportPlan:
    """Check every row; the plan says what would be created, updated or left unchanged, and
    lists every problem."""
    validator = _Validator(welfare_area=welfare_area, rows=rows)
    plan = ImportPlan()
    for number, cells in rows:
        validator.check(number, cells, plan)
    plan.problems.sort(key=lambda p: (p.row, COLUMN_NAMES.index(p.column)))
    _find_changes(plan)
    return plan


def _job_rows(job: ImportJob) -> list[tuple[int, dict]]:
    return [(item["row"], item["cells"]) for item in job.rows]


def import_job_create(*, uploaded: UploadedFile, welfare_area: WelfareArea, user) -> ImportJob:
    """Read and check the file (the dry run); raise ImportFileError for an unreadable file."""
    _header, rows = import_read_file(uploaded=uploaded)
    plan = import_validate(rows=rows, welfare_area=welfare_area)
    return ImportJob.objects.create(
        welfare_area=welfare_area,
        created_by=user if user.is_authenticated else None,
        filename=(uploaded.name or "")[:255],
        rows=[{"row": number, "cells": cells} for number, cells in rows],
        problems=[p.as_dict() for p in plan.problems],
    )


def import_job_plan(*, job: ImportJob) -> ImportPlan:
    """The job's rows checked again against the registry as it is now."""
    return import_validate(rows=_job_rows(job), welfare_area=job.welfare_area)


class ImportRejected(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("import rejected")
        self.problems = problems


def import_job_apply(*, job: ImportJob, user) -> dict[str, int]:
    """Write every row in one transaction, or nothing; raise ImportRejected with the problems."""
    if job.applied_at is not None:
        raise ImportRejected([Problem(0, "name", _("This file has already been imported."))])
    plan = import_job_plan(job=job)
    if plan.problems:
        job.problems = [p.as_dict() for p in plan.problems]
        job.save(update_fields=["problems"])
        raise ImportRejected(plan.problems)
    current: PlannedRow | None = None
    try:
        with transaction.atomic():
            for current in plan.creates + plan.updates:  # unchanged rows are not written
                _import_row(planned=current, welfare_area=job.welfare_area, user=user)
            job.applied_at = timezone.now()
            job.result = {
                "created": len(plan.creates),
                "updated": len(plan.updates),
                "unchanged": len(plan.unchanged),
            }
            job.save(update_fields=["applied_at", "result"])
    except (IntegrityError, ValidationError) as error:
        row = current.row if current else 0
        message = (
            " ".join(error.messages)
            if isinstance(error, ValidationError)
            else _("The row conflicts with an organisation saved meanwhile. Upload the file again.")
        )
        raise ImportRejected([Problem(row, "name", message)]) from error
    return job.result


def _import_row(*, planned: PlannedRow, welfare_area: WelfareArea, user) -> Organisation:
    from .editing import organisation_unique_slug

    values = planned.values
    if planned.target_id is None:
        organisation = Organisation(
            welfare_area=welfare_area,
            status=Status.PUBLISHED,
            created_by=user if user.is_authenticated else None,
            last_reviewed_at=timezone.now(),
        )
        for name, value in values.items():
            if name != "municipalities":
                setattr(organisation, name, value)
        organisation.kind = organisation.kind or OrganisationKind.ASSOCIATION
        organisation.slug = organisation_unique_slug(name=organisation.name)
        organisation.save()
        organisation.municipalities.set(values["municipalities"])
    else:
        organisation = Organisation.objects.select_for_update().get(pk=planned.target_id)
        written = _written_values(planned)
        for name, value in written.items():
            if name != "municipalities":
                setattr(organisation, name, value)
        organisation.version = F("version") + 1
        organisation.save()
        organisation.refresh_from_db(fields=["version"])
        if "municipalities" in written:
            organisation.municipalities.set(written["municipalities"])
    organisation_refresh_search(organisation=organisation)
    organisation_record_version(organisation=organisation, user=user, action="imported")
    return organisation


# Export

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe_cell(value: str) -> str:
    """Keep spreadsheets from running a cell as a formula; phone numbers stay as they are."""
    if value.startswith(FORMULA_START) and not re.fullmatch(r"\+\d{6,15}", value):
        return f"'{value}"
    return value


class _Echo:
    def write(self, value: str) -> str:
        return value


def organisation_export_row(organisation: Organisation) -> list[str]:
    municipalities = sorted(m.name_fi for m in organisation.municipalities.all())
    values = {
        "name": organisation.name,
        "display_name": organisation.display_name,
        "kind": organisation.kind,
        "business_id": organisation.business_id,
        "register_number": organisation.register_number,
        "municipalities": ", ".join(municipalities),
        "categories": ", ".join(organisation.categories),
        "email": organisation.email,
        "phone": organisation.phone,
        "website": organisation.website,
        "description_fi": organisation.description_fi,
        "summary_fi": organisation.summary_fi,
        "languages": ", ".join(organisation.languages),
        "street_address": organisation.street_address,
        "postcode": organisation.postcode,
        "latitude": "" if organisation.latitude is None else str(organisation.latitude),
        "longitude": "" if organisation.longitude is None else str(organisation.longitude),
    }
    return [_safe_cell(values[column]) for column in COLUMN_NAMES]


def organisations_export_csv(*, organisations: QuerySet[Organisation]) -> Iterator[str]:
    """CSV lines for Excel in a Finnish locale: BOM, semicolons, the import's columns."""
    writer = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff" + writer.writerow(COLUMN_NAMES)
    rows: Iterable[Organisation] = organisations.prefetch_related("municipalities").iterator(
        chunk_size=500
    )
    for organisation in rows:
        yield writer.writerow(organisation_export_row(organisation))
