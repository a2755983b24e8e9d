from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from portal import health


@require_safe
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    checks = {"database": health.database_ok(), "broker": health.broker_ok()}
    status = 200 if all(checks.values()) else 503
    body = {name: "ok" if ok else "down" for name, ok in checks.items()}
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
