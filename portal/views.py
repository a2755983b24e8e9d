from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from portal import health


@require_safe
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    checks = {
        "database": health.database_ok(),
        "broker": health.broker_ok(),
        "cache": health.cache_ok(),
    }
    status = 200 if all(checks.values()) else 503
    body: dict[str, str | None] = {name: "ok" if ok else "down" for name, ok in checks.items()}
    body["status"] = "ok" if status == 200 else "unavailable"
    # Informational: when a Celery worker last ran the heartbeat that beat sends every minute.
    body["worker_heartbeat"] = health.worker_heartbeat()
    return JsonResponse(body, status=status)


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html")


@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    """/favicon.ico, asked for by browsers and bots whatever the page says: the static icon
    (whitenoise serves it, with its hashed name and long cache in production)."""
    response = redirect(static("img/favicon.ico"))
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_safe
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/accessibility.html")


@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/privacy.html")


@require_safe
def data_sources(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/data_sources.html")


# Uploaded files served as themselves: only these image types (the logo form accepts PNG, JPEG
# and WebP). Anything else under MEDIA_ROOT is a download that no browser renders or runs.
MEDIA_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".webp": "image/webp",
}
MEDIA_MAX_AGE_SECONDS = 24 * 3600  # a replaced logo gets a new file name
# Folders whose files are served only by their own access-checked views: meeting places'
# photos (meetingplaces.views.public.place_photo: only while the place is public).
PRIVATE_MEDIA_FOLDERS = {"places"}


@require_safe
def media(request: HttpRequest, path: str) -> FileResponse:
    """An uploaded file from MEDIA_ROOT, in every mode (no web server in front is needed).

    Nothing outside MEDIA_ROOT; a type from MEDIA_TYPES or a download; nosniff (SecurityMiddleware)
    and a policy that runs nothing, so even a file that slipped past the upload checks (HTML,
    SVG with a script) is never rendered as a page of the portal.
    """
    root = Path(settings.MEDIA_ROOT).resolve()
    if path.split("/", 1)[0] in PRIVATE_MEDIA_FOLDERS:
        raise Http404
    try:
        file = (root / path).resolve()
        found = file.is_relative_to(root) and file.is_file()
    except (ValueError, OSError):  # a NUL byte, a name too long for the file system
        found = False
    if not found:
        raise Http404
    content_type = MEDIA_TYPES.get(file.suffix.lower())
    response = FileResponse(
        file.open("rb"),
        content_type=content_type or "application/octet-stream",
        as_attachment=content_type is None,
    )
    response["Content-Security-Policy"] = "default-src 'none'; frame-ancestors 'none'; sandbox"
    response["Cache-Control"] = f"public, max-age={MEDIA_MAX_AGE_SECONDS}"
    return response
