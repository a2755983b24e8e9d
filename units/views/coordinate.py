"""The coordinators' pages for units: the list, create, edit, archive and unarchive, and the
import with its dry run. A coordinator keeps the units of their own welfare areas (staff: all);
access.py gives 403 to other people and 404 for a unit of another area."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.http import AuthenticatedHttpRequest
from portal.lib.forms import error_links
from portal.lib.import_pages import ImportPages

from .. import importer, services
from ..access import get_import_job_for_coordinator, get_unit_for_coordinator, require_coordinator
from ..forms import UnitExceptionFormSet, UnitForm, UnitHoursFormSet, UnitImportForm
from ..models import Unit, UnitStatus

GET_POST = require_http_methods(["GET", "HEAD", "POST"])


@require_safe
@login_required
def unit_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    area_ids = require_coordinator(request.user)
    units = (
        Unit.objects.filter(welfare_area__in=area_ids)
        .select_related("municipality", "welfare_area")
        .order_by("status", "welfare_area__name_fi", "name_fi")
    )
    return render(
        request,
        "units/coordinate/list.html",
        {"units": units, "several_areas": len(area_ids) > 1},
    )


def _formsets(request: HttpRequest, unit: Unit | None):
    data = request.POST if request.method == "POST" else None
    instance = unit if unit is not None else Unit()
    return [
        UnitHoursFormSet(data, instance=instance, prefix="hours"),
        UnitExceptionFormSet(data, instance=instance, prefix="exceptions"),
    ]


def _form_page(request: HttpRequest, *, form, formsets, unit: Unit | None) -> HttpResponse:
    hours, exceptions = formsets
    subforms = [f for fs in formsets for f in fs.forms]
    bound_errors = bool(form.is_bound and form.errors) or any(
        f.is_bound and f.errors for f in subforms
    )
    return render(
        request,
        "units/coordinate/form.html",
        {
            "form": form,
            "hours": hours,
            "exceptions": exceptions,
            "error_links": error_links([form, *subforms]),
            "unit": unit,
        },
        status=400 if bound_errors else 200,
    )


def _save(
    request: AuthenticatedHttpRequest, form: UnitForm, formsets: list[BaseInlineFormSet]
) -> Unit | None:
    if request.method != "POST":
        return None
    form_valid = form.is_valid()
    if not (form_valid and all([fs.is_valid() for fs in formsets])):
        return None
    return services.unit_save(form=form, formsets=formsets, user=request.user)


@GET_POST
@login_required
def unit_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _unit_page(request, unit=None, area_ids=require_coordinator(request.user))


@GET_POST
@login_required
def unit_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    unit = get_unit_for_coordinator(request.user, pk)
    return _unit_page(request, unit=unit, area_ids={unit.welfare_area_id})


def _unit_page(
    request: AuthenticatedHttpRequest, *, unit: Unit | None, area_ids: set[int]
) -> HttpResponse:
    """A new unit (in one of `area_ids`) or an edit: the form, then the list once saved."""
    form = UnitForm(request.POST or None, instance=unit, area_ids=area_ids)
    formsets = _formsets(request, unit)
    if _save(request, form, formsets) is not None:
        messages.success(request, _("The unit was saved."))
        return redirect("units_coordinate:list")
    return _form_page(request, form=form, formsets=formsets, unit=unit)


@GET_POST
@login_required
def unit_archive(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    unit = get_unit_for_coordinator(request.user, pk)
    if request.method == "POST":
        if unit.status == UnitStatus.ACTIVE:
            services.unit_archive(unit=unit)
            messages.success(request, _("The unit was archived."))
        return redirect("units_coordinate:list")
    return render(request, "units/coordinate/archive.html", {"unit": unit})


@require_POST
@login_required
def unit_unarchive(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    unit = get_unit_for_coordinator(request.user, pk)
    if unit.status == UnitStatus.ARCHIVED:
        services.unit_unarchive(unit=unit)
        messages.success(request, _("The unit is active again."))
    return redirect("units_coordinate:list")


IMPORT = ImportPages(
    importer=importer,
    upload_template="units/coordinate/import.html",
    job_template="units/coordinate/import_job.html",
    job_url="units_coordinate:import-job",
    imported=gettext_lazy("Imported: %(created)s new units, %(updated)s updated."),
)


@GET_POST
@login_required
def import_upload(request: AuthenticatedHttpRequest) -> HttpResponse:
    area_ids = require_coordinator(request.user)
    form = UnitImportForm(request.POST or None, request.FILES or None, area_ids=area_ids)
    return IMPORT.upload(request, form)


@require_safe
@login_required
def import_job(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return IMPORT.job(request, get_import_job_for_coordinator(request.user, pk))


@require_POST
@login_required
def import_confirm(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return IMPORT.confirm(request, get_import_job_for_coordinator(request.user, pk))
