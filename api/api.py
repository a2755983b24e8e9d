"""The open data API: one NinjaAPI at /api/v1/ with its OpenAPI 3.1 document at
/api/v1/openapi.json (the human page renders it: api/views.py)."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError

from .endpoints import activities, civic, events, organisations, places, units
from .endpoints.shared import ApiError

DESCRIPTION = """\
Open data of Yhdessä: the associations of the welfare areas, their meeting places, activities and
dates, the participation forums' consultations and the partnership bodies' published minutes.

Reading needs no key. The data is licensed under CC BY 4.0: name "Yhdessä" and link to the
portal. Lists are cursor-paginated (`meta.next`), answer `ETag` and honour `If-None-Match`,
and take `modified_since` so another system can keep a copy in step (removed objects come as
tombstones in `removed`). A list's first page, like any answer, may be up to a minute old
(`Cache-Control: max-age=60`; `meta.generated_at` says when it was read); `modified_since`
reads and the next pages are always current, so the first page's `generated_at` is the
`modified_since` of the next sync. Every client may make 300 requests a minute; past that the
answer is 429 with `Retry-After`.
"""

api = NinjaAPI(
    title="Yhdessä open data API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    docs_url=None,
    # Served from api/views.py, made once per process (Ninja would build it per request).
    openapi_url=None,
    openapi_extra={
        "info": {
            "license": {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"}
        },
    },
)


def _problem(request: HttpRequest, status: int, title: str, detail: str = "", errors=None):
    return api.create_response(
        request,
        {"title": title, "status": status, "detail": detail, "errors": errors or {}},
        status=status,
    )


@api.exception_handler(ValidationError)
def validation_failed(request: HttpRequest, exc: ValidationError):
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        name = str(error.get("loc", ["?"])[-1])
        errors.setdefault(name, []).append(str(error.get("msg", "")))
    return _problem(request, 400, "Some parameters are not valid.", errors=errors)


@api.exception_handler(ApiError)
def api_error(request: HttpRequest, exc: ApiError):
    return _problem(request, exc.status_code, str(exc), errors=exc.errors)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError):
    return _problem(request, exc.status_code, str(exc))


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404):
    return _problem(request, 404, "Not found.")


api.add_router("", organisations.router)
api.add_router("", places.router)
api.add_router("", activities.router)
api.add_router("", events.router)
api.add_router("", units.router)
api.add_router("", civic.router)
api.add_router("", civic.reference)
api.add_router("", "api.endpoints.hsds.router")  # HSDS and PTV exports (api/hsds/, api/ptv.py)
api.add_router("", "api.endpoints.write.router")  # the write API (data sources)
