"""The draft document of a consultation or section: a PDF or images (PNG, JPEG).

Uploads are checked by content with the bodies' checks (bodies.attachments.check_upload: type
from the bytes, extension agrees, size limit, images opened by Pillow within its pixel limit) and
stored under a generated name in a folder of their own inside the attachments folder, outside
MEDIA_ROOT: the only way to a file is the access-checked view forums:document.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from bodies import attachments

KINDS = frozenset({"pdf", "png", "jpg"})
CONTENT_TYPES = {"pdf": attachments.CONTENT_TYPES["pdf"], **attachments.IMAGE_TYPES}


def storage_root() -> Path:
    return Path(settings.BODIES_ATTACHMENT_ROOT) / "forums"


def check_upload(upload) -> attachments.CheckedFile:
    return attachments.check_upload(upload, kinds=KINDS)


def store(checked: attachments.CheckedFile) -> str:
    return attachments.store(checked, root=storage_root())


def stored_path(stored_name: str) -> Path:
    return attachments.stored_path(stored_name, root=storage_root())
