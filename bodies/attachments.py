"""Attachments of agenda items: PDF, DOCX, ODT and XLSX only, checked by content.

- The type comes from the bytes, never from the name or the browser: a PDF starts with
  `%PDF-`; DOCX and XLSX are zip archives whose `[Content_Types].xml` names the main part of a
  Word document or an Excel workbook; an ODT is a zip archive whose `mimetype` member says
  `application/vnd.oasis.opendocument.text`. The name's extension must agree with the content.
- Zip archives are refused before anything is unpacked when their declared unpacked sizes are
  too large or compress too well (a zip bomb), as the registry's XLSX import does
  (organisations/services/importer.py); zipfile never unpacks more than the declared size.
- Size: at most settings.BODIES_ATTACHMENT_MAX_BYTES (10 MB by default).
- Stored under a generated name in settings.BODIES_ATTACHMENT_ROOT, outside MEDIA_ROOT, so the
  only way to a file is the access-checked download view.
- A PDF without accessibility tags (no `/MarkInfo << /Marked true >>` or `/StructTreeRoot`)
  is accepted with a warning for the uploader.
- The same checks serve other apps' uploads (the forums' draft documents): `check_upload`
  takes the kinds a caller accepts, which may include PNG and JPEG images (checked by their
  signature and opened with Pillow, within its pixel limit), and `store`/`stored_path` the
  caller's own folder.
"""

from __future__ import annotations

import io
import re
import secrets
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
DOCX_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
XLSX_MAIN = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
IMAGE_TYPES = {"png": "image/png", "jpg": "image/jpeg"}
IMAGE_EXTENSIONS = {"png": {"png"}, "jpg": {"jpg", "jpeg"}}
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
JPEG_SIGNATURE = b"\xff\xd8\xff"

ZIP_MAX_MEMBERS = 2000
ZIP_MAX_TOTAL_BYTES = 100 * 1024 * 1024  # all members together, unpacked
ZIP_MAX_MEMBER_BYTES = 50 * 1024 * 1024
ZIP_MAX_RATIO = 200  # unpacked / packed, for members over 1 MB unpacked
CONTENT_TYPES_MAX_BYTES = 1024 * 1024

MARKED_RE = re.compile(rb"/MarkInfo\s*<<[^>]*/Marked\s+true", re.DOTALL)


def max_bytes() -> int:
    return settings.BODIES_ATTACHMENT_MAX_BYTES


def storage_root() -> Path:
    return Path(settings.BODIES_ATTACHMENT_ROOT)


@dataclass(frozen=True)
class CheckedFile:
    kind: str
    data: bytes
    name: str
    untagged_pdf: bool


def _wrong_type(kinds=None) -> ValidationError:
    if kinds is not None and set(kinds) != set(CONTENT_TYPES):
        names = ", ".join(sorted({"jpg": "JPEG"}.get(kind, kind.upper()) for kind in kinds))
        return ValidationError(
            _("Only these files can be added: %(kinds)s. This file is none of them.")
            % {"kinds": names},
            code="type",
        )
    return ValidationError(
        _("Only PDF, DOCX, ODT and XLSX files can be attached, and this file is none of them."),
        code="type",
    )


def _check_zip(archive: zipfile.ZipFile) -> None:
    infos = archive.infolist()
    if len(infos) > ZIP_MAX_MEMBERS:
        raise _bomb()
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > ZIP_MAX_MEMBER_BYTES or total > ZIP_MAX_TOTAL_BYTES:
            raise _bomb()
        if info.file_size > 1024 * 1024 and info.file_size > ZIP_MAX_RATIO * max(
            info.compress_size, 1
        ):
            raise _bomb()


def _bomb() -> ValidationError:
    return ValidationError(
        _("The file unpacks to far more than its size. It cannot be attached."), code="bomb"
    )


def _zip_kind(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_zip(archive)
            names = set(archive.namelist())
            if "mimetype" in names:
                info = archive.getinfo("mimetype")
                if info.file_size <= 200 and archive.read("mimetype").strip() == ODT_MIMETYPE:
                    return "odt"
                raise _wrong_type()
            if "[Content_Types].xml" in names:
                info = archive.getinfo("[Content_Types].xml")
                if info.file_size > CONTENT_TYPES_MAX_BYTES:
                    raise _bomb()
                types = archive.read("[Content_Types].xml")
                if DOCX_MAIN in types:
                    return "docx"
                if XLSX_MAIN in types:
                    return "xlsx"
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError) as error:
        raise _wrong_type() from error
    raise _wrong_type()


def pdf_is_tagged(data: bytes) -> bool:
    return bool(MARKED_RE.search(data)) and b"/StructTreeRoot" in data


def _image_kind(data: bytes, kind: str) -> str:
    """`kind` if Pillow opens the bytes as that image within its pixel limit."""
    import warnings

    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.format != {"png": "PNG", "jpg": "JPEG"}[kind]:
                    raise ValueError(image.format)
                image.verify()
    except Exception as error:  # Pillow raises many kinds for a broken or hostile image
        raise _wrong_type() from error
    return kind


def check_upload(upload: UploadedFile, *, kinds=None) -> CheckedFile:
    """The upload's kind and bytes, or a ValidationError saying what is wrong with it.
    `kinds`: what the caller accepts (default: PDF, DOCX, ODT and XLSX)."""
    kinds = set(CONTENT_TYPES) if kinds is None else set(kinds)
    limit = max_bytes()
    if upload.size is not None and upload.size > limit:
        raise _too_large(limit)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise _too_large(limit)
    if not data:
        raise ValidationError(_("The file is empty."), code="empty")
    try:
        if data.startswith(b"%PDF-"):
            kind = "pdf"
        elif data.startswith(b"PK\x03\x04") and kinds & {"docx", "odt", "xlsx"}:
            kind = _zip_kind(data)
        elif data.startswith(PNG_SIGNATURE) and "png" in kinds:
            kind = _image_kind(data, "png")
        elif data.startswith(JPEG_SIGNATURE) and "jpg" in kinds:
            kind = _image_kind(data, "jpg")
        else:
            raise _wrong_type()
    except ValidationError as error:
        if error.code == "type":
            raise _wrong_type(kinds) from error
        raise
    if kind not in kinds:
        raise _wrong_type(kinds)
    name = Path(upload.name or "").name
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in IMAGE_EXTENSIONS.get(kind, {kind}):
        raise ValidationError(
            _("The file's name ends in .%(extension)s but its content is a %(kind)s file.")
            % {"extension": extension or "?", "kind": kind.upper()},
            code="extension",
        )
    return CheckedFile(
        kind=kind,
        data=data,
        name=name[:200],
        untagged_pdf=kind == "pdf" and not pdf_is_tagged(data),
    )


def _too_large(limit: int) -> ValidationError:
    return ValidationError(
        _("The file is too large: at most %(mb)s MB.") % {"mb": limit // (1024 * 1024)},
        code="size",
    )


def store(checked: CheckedFile, *, root: Path | None = None) -> str:
    """Write the bytes under a new generated name (in `root`, by default the bodies'
    attachments folder); the name."""
    root = root or storage_root()
    root.mkdir(parents=True, exist_ok=True)
    stored = f"{secrets.token_urlsafe(24)}.{checked.kind}"
    (root / stored).write_bytes(checked.data)
    return stored


def stored_path(stored_name: str, *, root: Path | None = None) -> Path:
    root = (root or storage_root()).resolve()
    path = (root / stored_name).resolve()
    if path.parent != root:
        raise FileNotFoundError(stored_name)
    return path
