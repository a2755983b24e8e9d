"""Uploaded files served back from the private store, so a file can never run in the site's
origin: no content sniffing, a sandboxing Content-Security-Policy, never cached on the way."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from django.http import FileResponse, Http404


def private_file_response(
    stored_path: Callable[[str], Path],
    stored_name: str,
    *,
    filename: str,
    content_type: str,
    as_attachment: bool = True,
) -> FileResponse:
    """The stored file `stored_path(stored_name)` under its original `filename`; 404 when it is
    gone or the name would lead outside the store (stored_path raises an OSError)."""
    try:
        handle = stored_path(stored_name).open("rb")
    except OSError as error:
        raise Http404 from error
    response = FileResponse(
        handle, as_attachment=as_attachment, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, no-store"
    return response
