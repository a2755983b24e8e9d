"""The pages of a spreadsheet import with its dry run, written once for every importer
(organisations/services/importer.py, units/importer.py): the upload, the job's plan or
problems, and the confirmation. An app's views check the coordinator's rights, build the
upload form and pick the job; its `ImportPages` says the rest."""

from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .spreadsheet_import import ImportFileError, ImportRejected


@dataclass(frozen=True)
class ImportPages:
    # import_columns, import_job_create, import_job_plan and import_job_apply of the app.
    importer: ModuleType
    upload_template: str
    job_template: str
    job_url: str  # the URL name of the job's page (it takes the job's pk)
    imported: Any  # the message on success (lazy), with %(created)s and %(updated)s

    def upload(self, request: HttpRequest, form: Any) -> HttpResponse:
        """The upload form (a `file` and the welfare area, `chosen_area()`); a valid file
        becomes a job (the dry run) and the job's page follows."""
        if request.method == "POST" and form.is_valid():
            try:
                job = self.importer.import_job_create(
                    uploaded=form.cleaned_data["file"],
                    welfare_area=form.chosen_area(),
                    user=request.user,
                )
            except ImportFileError as error:
                form.add_error("file", str(error))
            else:
                return redirect(self.job_url, pk=job.pk)
        return render(
            request,
            self.upload_template,
            {"form": form, "columns": self.importer.import_columns()},
            status=400 if form.errors else 200,
        )

    def job(self, request: HttpRequest, job: Any) -> HttpResponse:
        """A job's page: what the confirmation would write, or the problems (none once
        applied)."""
        plan = None if job.applied_at else self.importer.import_job_plan(job=job)
        return render(
            request,
            self.job_template,
            {"job": job, "plan": plan, "problems": plan.problems if plan else []},
        )

    def confirm(self, request: HttpRequest, job: Any) -> HttpResponse:
        """Write the job's rows, or nothing and its page again with the problems."""
        try:
            result = self.importer.import_job_apply(job=job, user=request.user)
        except ImportRejected as rejected:
            messages.error(request, _("Nothing was imported. Correct the problems and try again."))
            return render(
                request,
                self.job_template,
                {"job": job, "plan": None, "problems": rejected.problems},
                status=400,
            )
        messages.success(request, str(self.imported) % result)
        return redirect(self.job_url, pk=job.pk)
