"""The pages of a spreadsheet import with its dry run, written once for every importer
(organisations/services/importer.py, units/importer.py): the upload, the job's plan or
problems, and the confirmation. An app's views check the coordinator's rights, pick the job
and pass their importer module (import_columns, import_job_create, import_job_plan,
import_job_apply), their template and the name of their job page's URL."""

from __future__ import annotations

from types import ModuleType
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .spreadsheet_import import ImportFileError, ImportRejected


def import_upload_page(
    request: HttpRequest,
    *,
    form: Any,
    importer: ModuleType,
    template: str,
    job_url: str,
) -> HttpResponse:
    """The upload form (a `file` and the welfare area, `chosen_area()`); a valid file becomes
    a job (the dry run) and the job's page follows."""
    if request.method == "POST" and form.is_valid():
        try:
            job = importer.import_job_create(
                uploaded=form.cleaned_data["file"],
                welfare_area=form.chosen_area(),
                user=request.user,
            )
        except ImportFileError as error:
            form.add_error("file", str(error))
        else:
            return redirect(job_url, pk=job.pk)
    return render(
        request,
        template,
        {"form": form, "columns": importer.import_columns()},
        status=400 if form.errors else 200,
    )


def import_job_page(
    request: HttpRequest, *, job: Any, importer: ModuleType, template: str
) -> HttpResponse:
    """A job's page: what the confirmation would write, or the problems (none once applied)."""
    plan = None if job.applied_at else importer.import_job_plan(job=job)
    return render(
        request, template, {"job": job, "plan": plan, "problems": plan.problems if plan else []}
    )


def import_confirm_page(
    request: HttpRequest,
    *,
    job: Any,
    importer: ModuleType,
    template: str,
    job_url: str,
    imported: str,
) -> HttpResponse:
    """Write the job's rows, or nothing and its page again with the problems. `imported`: the
    message on success, with %(created)s and %(updated)s."""
    try:
        result = importer.import_job_apply(job=job, user=request.user)
    except ImportRejected as rejected:
        messages.error(request, _("Nothing was imported. Correct the problems and try again."))
        return render(
            request,
            template,
            {"job": job, "plan": None, "problems": rejected.problems},
            status=400,
        )
    messages.success(request, imported % result)
    return redirect(job_url, pk=job.pk)
