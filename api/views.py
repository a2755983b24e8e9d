"""The open data pages: what the data is and its licence, and the API's reference rendered on
the server from the served OpenAPI document (no script, no CDN)."""

from __future__ import annotations

import functools

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from .api import api
from .common import API_PATH, api_path

METHODS = ("get", "put", "post", "patch", "delete")


@functools.cache
def openapi_document() -> dict:
    """The document as /api/v1/openapi.json serves it (the same for every process: it is made
    from the code)."""
    return api.get_openapi_schema(path_prefix=API_PATH)


def _type(schema: dict) -> str:
    if "anyOf" in schema:
        return " | ".join(_type(option) for option in schema["anyOf"])
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    kind = schema.get("type", "")
    if kind == "array":
        return f"array of {_type(schema.get('items', {}))}"
    return schema.get("format", kind) if kind == "string" and schema.get("format") else kind


def operations(document: dict) -> list[dict]:
    """Operations grouped by tag in the document's order, with their parameters and answers."""
    groups: dict[str, list[dict]] = {}
    for path, item in document.get("paths", {}).items():
        for method in METHODS:
            operation = item.get(method)
            if not operation:
                continue
            tag = (operation.get("tags") or ["other"])[0]
            groups.setdefault(tag, []).append(
                {
                    "id": operation.get("operationId", f"{method}-{path}"),
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "needs_key": bool(operation.get("security")),
                    "description": operation.get("description", ""),
                    "parameters": [
                        {
                            "name": p["name"],
                            "where": p.get("in", ""),
                            "required": p.get("required", False),
                            "type": _type(p.get("schema", {})),
                            "description": p.get("description")
                            or p.get("schema", {}).get("description", ""),
                        }
                        for p in operation.get("parameters", [])
                    ],
                    "responses": [
                        {"status": status, "description": answer.get("description", "")}
                        for status, answer in operation.get("responses", {}).items()
                    ],
                }
            )
    return [{"tag": tag, "operations": ops} for tag, ops in groups.items()]


@require_safe
def openapi_json(request: HttpRequest) -> JsonResponse:
    return JsonResponse(openapi_document(), json_dumps_params={"ensure_ascii": False})


@require_safe
def open_data(request: HttpRequest) -> HttpResponse:
    return render(request, "api/open_data.html", {"document_url": api_path("openapi.json")})


@require_safe
def reference(request: HttpRequest) -> HttpResponse:
    document = openapi_document()
    return render(
        request,
        "api/reference.html",
        {
            "info": document["info"],
            "groups": operations(document),
            "document_url": api_path("openapi.json"),
        },
    )
