"""Spreadsheet downloads of a header and rows: CSV that Excel opens (UTF-8 with a byte order
mark, semicolons) or XLSX. Text cells are written so a spreadsheet never runs them as formulas;
whole numbers stay numbers."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from django.http import HttpResponse

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def text_cell(value) -> str:
    """A text cell a spreadsheet never runs as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def _row(values: Iterable) -> list:
    return [value if isinstance(value, int) else text_cell(value) for value in values]


def table_download(
    header: Sequence, rows: Iterable[Sequence], *, fmt: str, name: str, sheet_title: str
) -> HttpResponse:
    """`fmt` "csv" or "xlsx", downloaded as `name`.csv or `name`.xlsx; the XLSX sheet is called
    `sheet_title` (cut to Excel's 31 characters)."""
    if fmt == "csv":
        buffer = io.StringIO()
        buffer.write("\ufeff")  # Excel reads UTF-8 with a byte order mark
        writer = csv.writer(buffer, delimiter=";")
        writer.writerow([text_cell(value) for value in header])
        for row in rows:
            writer.writerow(_row(row))
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title[:31])
    sheet.append([text_cell(value) for value in header])
    for row in rows:
        sheet.append(_row(row))
    output = io.BytesIO()
    workbook.save(output)
    response = HttpResponse(output.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response
