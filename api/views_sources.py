"""The write API's pages: a welfare area's coordinators keep its data sources and their keys
(a new key's secret is shown once, on the answer to the post that made it, never stored) and
read each source's write log; an organisation's admins grant and revoke data sources on the
organisation's members page (a section registered through organisations/extensions.py)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from organisations.access import can_manage_members
from organisations.models import Organisation
from portal.lib.forms import error_links

from . import access, services
from .common import api_path
from .forms import DataSourceForm, KeyForm
from .models import DataSource, SourceGrant

WRITE_LOG_ROWS = 100


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def source_list(request: HttpRequest) -> HttpResponse:
    area_ids = access.require_coordinator(request.user)  # type: ignore[arg-type]
    form = DataSourceForm(request.POST if request.method == "POST" else None, area_ids=area_ids)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        source = services.data_source_create(
            name=data["name"],
            contact=data["contact"],
            welfare_area=data["welfare_area"],
            user=request.user,  # type: ignore[arg-type]
            slug=data["slug"],
        )
        messages.success(request, _("The data source was added. Give it a key below."))
        return redirect("data_sources:detail", pk=source.pk)
    sources = (
        DataSource.objects.filter(welfare_area__in=area_ids)
        .select_related("welfare_area")
        .order_by("name")
    )
    return render(
        request,
        "api/sources/list.html",
        {
            "sources": sources,
            "form": form,
            "error_links": error_links([form]),
            "several_areas": len(area_ids) > 1,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


def _detail(
    request: HttpRequest, source: DataSource, *, key_form=None, secret: str = "", status=200
) -> HttpResponse:
    response = render(
        request,
        "api/sources/detail.html",
        {
            "source": source,
            "keys": source.keys.order_by("-created_at"),
            "key_form": key_form or KeyForm(),
            "grants": source.grants.filter(revoked_at__isnull=True)
            .select_related("organisation")
            .order_by("organisation__name"),
            "writes": source.writes.select_related("key")[:WRITE_LOG_ROWS],
            "secret": secret,
            "write_url": request.build_absolute_uri(
                api_path(f"source/{source.slug}/activities") + "/"
            ),
            "now": timezone.now(),
        },
        status=status,
    )
    if secret:
        response["Cache-Control"] = "no-store"
    return response


@require_safe
@login_required
def source_detail(request: HttpRequest, pk: int) -> HttpResponse:
    source = access.get_source_for_coordinator(request.user, pk)  # type: ignore[arg-type]
    return _detail(request, source)


@require_POST
@login_required
def key_issue(request: HttpRequest, pk: int) -> HttpResponse:
    source = access.get_source_for_coordinator(request.user, pk)  # type: ignore[arg-type]
    form = KeyForm(request.POST)
    if not form.is_valid():
        return _detail(request, source, key_form=form, status=400)
    expires_on = form.cleaned_data.get("expires_on")
    expires_at = None
    if expires_on:
        expires_at = timezone.make_aware(dt.datetime.combine(expires_on, dt.time(23, 59)))
    issued = services.key_issue(source=source, user=request.user, expires_at=expires_at)  # type: ignore[arg-type]
    return _detail(request, source, secret=issued.secret)


@require_POST
@login_required
def key_rotate(request: HttpRequest, pk: int, key_pk: int) -> HttpResponse:
    key = access.get_key_for_coordinator(request.user, pk, key_pk)  # type: ignore[arg-type]
    if key.revoked_at is not None:
        messages.error(request, _("This key was already revoked."))
        return redirect("data_sources:detail", pk=pk)
    issued = services.key_rotate(key=key, user=request.user)  # type: ignore[arg-type]
    return _detail(request, key.source, secret=issued.secret)


@require_POST
@login_required
def key_revoke(request: HttpRequest, pk: int, key_pk: int) -> HttpResponse:
    key = access.get_key_for_coordinator(request.user, pk, key_pk)  # type: ignore[arg-type]
    services.key_revoke(key=key)
    messages.success(request, _("The key was revoked. It no longer works."))
    return redirect("data_sources:detail", pk=pk)


# The organisation's members page


def members_section(request: HttpRequest, organisation: Organisation) -> str:
    """The data sources of the organisation's area, granted or not, with their buttons."""
    if organisation.welfare_area_id is None or not can_manage_members(
        request.user,  # type: ignore[arg-type]
        organisation,
    ):
        return ""
    sources = list(DataSource.objects.filter(welfare_area_id=organisation.welfare_area_id))
    if not sources:
        return ""
    grants = {
        grant.source_id: grant
        for grant in SourceGrant.objects.filter(organisation=organisation, revoked_at__isnull=True)
    }
    return render_to_string(
        "api/sources/_members_section.html",
        {
            "organisation": organisation,
            "rows": [(source, grants.get(source.pk)) for source in sources],
        },
        request=request,
    )


@require_POST
@login_required
def grant(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = access.get_organisation_for_grants(request.user, slug)  # type: ignore[arg-type]
    source = access.get_source_for_grant(organisation, pk)
    services.grant_create(organisation=organisation, source=source, user=request.user)  # type: ignore[arg-type]
    messages.success(
        request,
        _("%(source)s may now write your organisation's activities and contact details.")
        % {"source": source.name},
    )
    return redirect(reverse("manage:members", kwargs={"slug": slug}) + "#data-sources-title")


@require_POST
@login_required
def revoke(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = access.get_organisation_for_grants(request.user, slug)  # type: ignore[arg-type]
    found = access.get_grant_for_revoke(organisation, pk)
    services.grant_revoke(grant=found, user=request.user)  # type: ignore[arg-type]
    messages.success(
        request,
        _("%(source)s may no longer write your organisation's data.")
        % {"source": found.source.name},
    )
    return redirect(reverse("manage:members", kwargs={"slug": slug}) + "#data-sources-title")
