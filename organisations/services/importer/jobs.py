"""The import job: the dry run kept, its plan, and the confirmed import applied in one
transaction."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from areas.models import WelfareArea

from ...models import ImportJob, Organisation, OrganisationKind, Status
from ..core import organisation_record_version, organisation_refresh_search
from .plan import ImportPlan, PlannedRow, Problem
from .read import import_read_file
from .validate import _written_values, import_validate


def _job_rows(job: ImportJob) -> list[tuple[int, dict]]:
    return [(item["row"], item["cells"]) for item in job.rows]


def import_job_create(*, uploaded: UploadedFile, welfare_area: WelfareArea, user) -> ImportJob:
    """Read and check the file (the dry run); raise ImportFileError for an unreadable file."""
    _header, rows = import_read_file(uploaded=uploaded)
    plan = import_validate(rows=rows, welfare_area=welfare_area)
    return ImportJob.objects.create(
        welfare_area=welfare_area,
        created_by=user if user.is_authenticated else None,
        filename=(uploaded.name or "")[:255],
        rows=[{"row": number, "cells": cells} for number, cells in rows],
        problems=[p.as_dict() for p in plan.problems],
    )


def import_job_plan(*, job: ImportJob) -> ImportPlan:
    """The job's rows checked again against the registry as it is now."""
    return import_validate(rows=_job_rows(job), welfare_area=job.welfare_area)


class ImportRejected(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("import rejected")
        self.problems = problems


def import_job_apply(*, job: ImportJob, user) -> dict[str, int]:
    """Write every row in one transaction, or nothing; raise ImportRejected with the problems."""
    if job.applied_at is not None:
        raise ImportRejected([Problem(0, "name", _("This file has already been imported."))])
    plan = import_job_plan(job=job)
    if plan.problems:
        job.problems = [p.as_dict() for p in plan.problems]
        job.save(update_fields=["problems"])
        raise ImportRejected(plan.problems)
    current: PlannedRow | None = None
    try:
        with transaction.atomic():
            for current in plan.creates + plan.updates:  # unchanged rows are not written
                _import_row(planned=current, welfare_area=job.welfare_area, user=user)
            job.applied_at = timezone.now()
            job.result = {
                "created": len(plan.creates),
                "updated": len(plan.updates),
                "unchanged": len(plan.unchanged),
            }
            job.save(update_fields=["applied_at", "result"])
    except (IntegrityError, ValidationError) as error:
        row = current.row if current else 0
        message = (
            " ".join(error.messages)
            if isinstance(error, ValidationError)
            else _("The row conflicts with an organisation saved meanwhile. Upload the file again.")
        )
        raise ImportRejected([Problem(row, "name", message)]) from error
    return job.result


def _import_row(*, planned: PlannedRow, welfare_area: WelfareArea, user) -> Organisation:
    from ..editing import organisation_unique_slug

    values = planned.values
    if planned.target_id is None:
        organisation = Organisation(
            welfare_area=welfare_area,
            status=Status.PUBLISHED,
            created_by=user if user.is_authenticated else None,
            last_reviewed_at=timezone.now(),
        )
        for name, value in values.items():
            if name != "municipalities":
                setattr(organisation, name, value)
        organisation.kind = organisation.kind or OrganisationKind.ASSOCIATION
        organisation.slug = organisation_unique_slug(name=organisation.name)
        organisation.save()
        organisation.municipalities.set(values["municipalities"])
    else:
        organisation = Organisation.objects.select_for_update().get(pk=planned.target_id)
        written = _written_values(planned)
        for name, value in written.items():
            if name != "municipalities":
                setattr(organisation, name, value)
        organisation.version = F("version") + 1
        organisation.save()
        organisation.refresh_from_db(fields=["version"])
        if "municipalities" in written:
            organisation.municipalities.set(written["municipalities"])
    organisation_refresh_search(organisation=organisation)
    organisation_record_version(organisation=organisation, user=user, action="imported")
    return organisation
