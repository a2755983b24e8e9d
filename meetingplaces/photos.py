"""Meeting places' photos: checked, re-encoded and stored so that nothing private leaks.

An upload is read by Pillow only as far as its header until its pixel count is known: more than
MAX_PIXELS (a 12,000 × 12,000 PNG of 17 KB decodes to 430 MB) is refused before any decoding.
Then it is decoded once, turned upright by its EXIF orientation and re-encoded as a JPEG with no
metadata at all (no EXIF GPS position, author or camera, no ICC or XMP), in two sizes: the photo
(at most FULL_SIDE pixels on its longer side) and the one pages show (PAGE_SIDE). Both are stored
under random names in the `places/` folder, which portal.views.media does not serve: the
public view meetingplaces.views.public.place_photo serves them, only while the place is public
(or to those who may edit it). A photo's files are deleted after the commit that deletes or
replaces its row (`photo_files_delete_on_commit`).
"""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

FOLDER = "places"
FORMATS = {"PNG", "JPEG", "WEBP"}
MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a 40-megapixel camera; decoding it takes about 120 MB
FULL_SIDE = 2048
PAGE_SIDE = 960
JPEG_QUALITY = 85


def random_name(suffix: str = "jpg") -> str:
    """A name that says nothing and cannot be guessed."""
    return f"{FOLDER}/{uuid.uuid4().hex}.{suffix}"


def upload_to(instance, filename: str) -> str:
    """Model field `upload_to`: the uploaded name is never kept."""
    return random_name()


def invalid() -> ValidationError:
    return ValidationError(_("The photo must be a PNG, JPEG or WebP image."), code="invalid")


def check(file) -> tuple[int, int]:
    """The upload's size in pixels, read from its header only; ValidationError for what is not a
    PNG, JPEG or WebP image or has more than MAX_PIXELS pixels."""
    try:
        file.seek(0)
        with Image.open(file) as opened:
            kind, (width, height) = opened.format, opened.size
    except Exception as error:
        raise invalid() from error
    finally:
        file.seek(0)
    if kind not in FORMATS:
        raise invalid()
    if width * height > MAX_PIXELS:
        raise ValidationError(
            _(
                "The photo has too many pixels (%(width)s × %(height)s). Make it smaller, for "
                "example at most 6000 × 6000 pixels, and try again."
            ),
            code="too_many_pixels",
            params={"width": width, "height": height},
        )
    return width, height


@dataclass
class Encoded:
    full: ContentFile
    page: ContentFile


def _jpeg(image: Image.Image, side: int) -> ContentFile:
    copy = image.copy()
    copy.thumbnail((side, side), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    # No exif=, icc_profile= or comment: Pillow writes none of them unless asked.
    copy.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return ContentFile(buffer.getvalue())


def encode(file) -> Encoded:
    """The upload decoded (after `check`) and re-encoded without metadata, in two sizes."""
    check(file)
    try:
        file.seek(0)
        with Image.open(file) as opened:
            opened.seek(0)  # the first frame of an animation
            if opened.format == "JPEG":
                opened.draft("RGB", (FULL_SIDE, FULL_SIDE))  # decode at a reduced scale
            upright = ImageOps.exif_transpose(opened)
            if upright.mode in ("RGBA", "LA", "P", "PA"):
                upright = upright.convert("RGBA")
                flat = Image.new("RGB", upright.size, "white")
                flat.paste(upright, mask=upright.getchannel("A"))
                upright = flat
            else:
                upright = upright.convert("RGB")
            return Encoded(full=_jpeg(upright, FULL_SIDE), page=_jpeg(upright, PAGE_SIDE))
    except ValidationError:
        raise
    except Exception as error:
        raise invalid() from error
    finally:
        file.seek(0)


def photo_store(photo, file) -> None:
    """Put the re-encoded upload on the (unsaved) photo row: both sizes under random names.
    The caller deletes the files the row had before (photo_files_delete_on_commit)."""
    encoded = encode(file)
    photo.image.save(random_name(), encoded.full, save=False)
    photo.page_image.save(random_name(), encoded.page, save=False)


def photo_files(photo) -> list[str]:
    return [name for name in (photo.image.name, photo.page_image.name) if name]


def photo_files_delete_on_commit(names: list[str]) -> None:
    """Delete these stored files once the transaction commits (never before: a rollback keeps
    the row and so needs its files)."""
    names = [name for name in names if name]
    if not names:
        return

    def delete() -> None:
        for name in names:
            default_storage.delete(name)

    transaction.on_commit(delete)
