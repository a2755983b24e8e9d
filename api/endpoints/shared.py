"""Helpers of the endpoints: filtering through a FilterSet into a 400, a list's page with its
tombstones, and web URLs made once."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation
from ninja.errors import HttpError

from ..common import Out, Texts, absolute, cursor_page, page_size_of, texts, tombstones_since
from ..params import PageParams


class ApiError(HttpError):
    def __init__(self, detail: str, errors: dict[str, list[str]] | None = None) -> None:
        super().__init__(400, detail)
        self.errors = errors or {}


def valid_filterset(filterset_class, request: HttpRequest, queryset: QuerySet | None = None):
    """The FilterSet of the request's parameters, or a 400 naming the ones not valid."""
    filterset = filterset_class(request.GET, queryset=queryset, request=request)
    if not filterset.is_valid():
        errors = {name: [str(e) for e in errs] for name, errs in filterset.errors.items()}
        raise ApiError("Some parameters are not valid.", errors)
    return filterset


@contextmanager
def api_errors() -> Iterator[None]:
    """A filter's ValidationError (values the form takes that the filter does not) as a 400."""
    try:
        yield
    except ValidationError as error:
        raise ApiError(" ".join(error.messages)) from None


def filtered(filterset_class, request: HttpRequest, queryset: QuerySet):
    filterset = valid_filterset(filterset_class, request, queryset)
    with api_errors():
        return filterset, filterset.qs


def list_page(
    request: HttpRequest,
    objects: Any,
    *,
    params: PageParams,
    kind: str,
    visible: QuerySet,
    build: Callable[[list], list],
    area: str | None = None,
    rows: Callable[[Any, int, int], list] | None = None,
) -> dict[str, Any]:
    """A page of a list (common.cursor_page) in the page size asked for, with the tombstones of
    `kind` that `modified_since` asks for: objects no longer among `visible`, in the welfare
    area `area` (a slug) when the list is filtered by one."""
    return cursor_page(
        request,
        objects,
        build=build,
        rows=rows,
        page_size=page_size_of(params.page_size),
        tombstones=tombstones_since(
            kind, params.modified_since, visible=visible, area_id=area_id_of(area)
        ),
    )


def filtered_list_page(
    request: HttpRequest,
    params: PageParams,
    filterset_class: Any,
    queryset: QuerySet,
    *,
    kind: str,
    visible: QuerySet,
    build: Callable[[list], list],
) -> dict[str, Any]:
    """A list page of `queryset` filtered by the request's parameters (`filterset_class`), with
    the tombstones of the welfare area it is filtered by."""
    filterset, objects = filtered(filterset_class, request, queryset)
    return list_page(
        request,
        objects,
        params=params,
        kind=kind,
        visible=visible,
        area=filterset.form.cleaned_data.get("welfare_area"),
        build=build,
    )


class UrlMaker:
    """A page's address for many slugs with one reverse()."""

    def __init__(self, name: str) -> None:
        # Addresses in the portal's first language, whatever the request's Accept-Language:
        # the same data gives the same body (and ETag).
        with translation.override(settings.LANGUAGE_CODE):
            self.template = reverse(name, kwargs={"slug": "__slug__"})

    def __call__(self, slug: str) -> str:
        return absolute(self.template.replace("__slug__", slug))

    def parts(self) -> tuple[str, str]:
        """The absolute address before and after the slug (for SQL that adds the slug)."""
        before, after = self("__slug__").split("__slug__")
        return before, after


class TermOut(Out):
    slug: str
    name: Texts
    yso_id: str = ""
    yso_url: str = ""


def term(value: Any) -> dict:
    return {
        "slug": value.slug,
        "name": texts(value, "name"),
        "yso_id": value.yso_id,
        "yso_url": value.yso_url,
    }


class MunicipalityOut(Out):
    code: str
    name: Texts


def municipality(value: Any) -> dict:
    """A municipality as MunicipalityOut (and the reference list's MunicipalityRef)."""
    return {"code": value.code, "name": texts(value, "name")}


def area_id_of(slug: str | None) -> int | None:
    """The welfare area's id for tombstones (0 for an unknown slug: none match)."""
    if not slug:
        return None
    from areas.models import WelfareArea

    return WelfareArea.objects.filter(slug=slug).values_list("pk", flat=True).first() or 0


def web_path(name: str, **kwargs) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return reverse(name, kwargs=kwargs)
