"""Reading an uploaded CSV or XLSX file for an import with a dry run, the part every importer
shares (organisations/services/importer.py, units/importer.py).

An import has two steps. The upload is read and every row validated (a dry run): the rows and
the problems found are kept and nothing is written. When the file has no problems the
coordinator confirms, and every row is written in one transaction. The importer of each app
checks the rows against its own models; this module reads the table and holds the plan's shape.

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
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Model
from django.utils.formats import number_format
from django.utils.translation import gettext as _

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
MAX_COLUMNS = 100  # imports have up to 17 columns; room for a coordinator's own
MAX_SHEET_ROWS = MAX_ROWS + 100  # rows of data, the column names and some empty rows
MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell


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

    def counts(self) -> dict[str, int]:
        """The result an applied job keeps and the confirmation's message names."""
        return {
            "created": len(self.creates),
            "updated": len(self.updates),
            "unchanged": len(self.unchanged),
        }


# The job: an upload kept between the dry run and the confirmation (an app's model with the
# fields of organisations.models.SpreadsheetImportJob).


class ImportRejected(Exception):
    """The confirmation wrote nothing: these problems stand in the way."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("import rejected")
        self.problems = problems


def import_job_new[Job: Model](
    job_model: type[Job],
    *,
    uploaded: UploadedFile,
    welfare_area: Any,
    user: Any,
    read_file: Callable[..., tuple[list[str], list[tuple[int, dict]]]],
    validate: Callable[..., ImportPlan],
) -> Job:
    """Read and check the file (the dry run) with the importer's `read_file` and `validate`,
    and keep its rows and problems as a new job; ImportFileError for an unreadable file."""
    _header, rows = read_file(uploaded=uploaded)
    plan = validate(rows=rows, welfare_area=welfare_area)
    return job_model._default_manager.create(
        welfare_area=welfare_area,
        created_by=user if user.is_authenticated else None,
        filename=(uploaded.name or "")[:255],
        rows=[{"row": number, "cells": cells} for number, cells in rows],
        problems=[p.as_dict() for p in plan.problems],
    )


def import_job_rows(job: Any) -> list[tuple[int, dict]]:
    """(row number, cells) of the rows a job keeps, as import_job_new stored them."""
    return [(item["row"], item["cells"]) for item in job.rows]


def import_job_ready_plan(
    job: Any, plan_job: Callable[[], ImportPlan], *, column: str
) -> ImportPlan:
    """The job's plan, checked again now (`plan_job`), for the confirmation to write; raise
    ImportRejected when the job was applied already (`column` names the problem's column) or
    the plan has problems (then kept on the job for its page)."""
    if job.applied_at is not None:
        raise ImportRejected([Problem(0, column, _("This file has already been imported."))])
    plan = plan_job()
    if plan.problems:
        job.problems = [p.as_dict() for p in plan.problems]
        job.save(update_fields=["problems"])
        raise ImportRejected(plan.problems)
    return plan


def written_values(planned: PlannedRow) -> dict[str, Any]:
    """The values an update writes: an empty cell, or a missing column, keeps the saved value."""
    return {
        name: value
        for name, value in planned.values.items()
        if name in planned.present and value not in ("", [])
    }


class MunicipalityNames:
    """A welfare area's municipalities by what a cell may call them: the code (its leading zeros
    may be left out: "9" is "009") or the Finnish or Swedish name in any case."""

    def __init__(self, welfare_area: Any) -> None:
        self.welfare_area = welfare_area
        self.by_key: dict[str, Any] = {}
        for m in welfare_area.municipalities.all():
            self.by_key[m.code] = m
            self.by_key[m.name_fi.lower()] = m
            if m.name_sv:
                self.by_key[m.name_sv.lower()] = m

    def find(self, text: str) -> Any:
        """The municipality `text` names; a ValidationError (the row's problem) for none."""
        found = self.by_key.get(text.zfill(3) if text.isdigit() else text.lower())
        if found is None:
            raise ValidationError(
                _("Unknown municipality “%(value)s” in %(area)s.")
                % {"value": text, "area": self.welfare_area}
            )
        return found


# Reading the file


def clean_cell(value: Any) -> str:
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


def read_xlsx(data: bytes) -> list[list[str]]:
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


def read_table(
    *, uploaded: UploadedFile, columns: Sequence[str], required: str = "name"
) -> tuple[list[str], list[tuple[int, dict]]]:
    """The column names and the non-empty rows as (row number in the file, {column: text}),
    keeping only `columns`; the file must name the `required` column.

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
        table = read_xlsx(data)
    elif name.endswith((".csv", ".txt")):
        table = _read_csv(data)
    else:
        raise ImportFileError(_("Upload a CSV or XLSX file."))

    while table and not any(clean_cell(c) for c in table[0]):
        table.pop(0)
    if not table:
        raise ImportFileError(_("The file is empty."))
    header = [clean_cell(c).lower().lstrip("\ufeff") for c in table[0]]
    if required not in header:
        raise ImportFileError(
            _("The file has no “%(column)s” column. The first row must name the columns.")
            % {"column": required}
        )
    rows = []
    for number, raw in enumerate(table[1:], start=2):
        cells = {
            column: clean_cell(raw[i]) if i < len(raw) else ""
            for i, column in enumerate(header)
            if column in columns
        }
        if any(cells.values()):
            rows.append((number, cells))
    if not rows:
        raise ImportFileError(_("The file has no rows to import below the column names."))
    if len(rows) > MAX_ROWS:
        raise _too_many_rows()
    return header, rows
