"""Tiny real files of each accepted kind, made in the tests, and some that must be refused."""

from __future__ import annotations

import io
import zipfile


def pdf(*, tagged: bool) -> bytes:
    """A one-page PDF; `tagged`: with /MarkInfo << /Marked true >> and a structure tree."""
    catalog = "<< /Type /Catalog /Pages 2 0 R"
    if tagged:
        catalog += " /MarkInfo << /Marked true >> /StructTreeRoot 4 0 R /Lang (fi)"
    catalog += " >>"
    objects = [
        catalog,
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        "<< /Type /StructTreeRoot >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n{body}\nendobj\n".encode())
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


def _zip(members: list[tuple[str, bytes]], *, stored_first: bool = False) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for i, (name, data) in enumerate(members):
            method = zipfile.ZIP_STORED if stored_first and i == 0 else zipfile.ZIP_DEFLATED
            archive.writestr(name, data, compress_type=method)
    return out.getvalue()


def _content_types(main: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/main.xml" ContentType="{main}"/></Types>'
    ).encode()


def docx() -> bytes:
    main = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    return _zip(
        [
            ("[Content_Types].xml", _content_types(main)),
            ("word/document.xml", b"<w:document/>"),
        ]
    )


def xlsx() -> bytes:
    main = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
    return _zip(
        [("[Content_Types].xml", _content_types(main)), ("xl/workbook.xml", b"<workbook/>")]
    )


def odt() -> bytes:
    return _zip(
        [
            ("mimetype", b"application/vnd.oasis.opendocument.text"),
            ("content.xml", b"<office:document-content/>"),
        ],
        stored_first=True,
    )


def exe() -> bytes:
    """The start of a Windows program (MZ header, PE signature)."""
    return b"MZ\x90\x00\x03" + b"\x00" * 59 + b"PE\x00\x00" + b"\x00" * 200


def zip_bomb() -> bytes:
    """A DOCX-looking archive with a member that unpacks to 60 MB of zeros (~60 KB packed)."""
    main = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    return _zip(
        [
            ("[Content_Types].xml", _content_types(main)),
            ("word/document.xml", b"\x00" * (60 * 1024 * 1024)),
        ]
    )
