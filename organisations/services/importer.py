"""Import organisations from a CSV or XLSX file, and export them as CSV with the same columns.

An import has two steps. The upload is read and every row validated (a dry run): the rows and
the problems found are kept in an ImportJob and nothing is written to the registry. When the
file has no problems the coordinator confirms, and every row is written in one transaction:
all rows or none. A row updates the organisation with the same business ID, else the same
register number, else the same name in the welfare area; otherwise it creates a new one. A row
whose values are already those of its organisation is "unchanged" and is not written.

Reading the file (its limits against hostile uploads) and the plan's shape are shared with the
other importers: portal/lib/spreadsheet_import.py.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import EmailValidator, URLValidator
from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from areas.models import WelfareArea
from portal.lib.points import FINLAND_LATITUDE, FINLAND_LONGITUDE
from portal.lib.spreadsheet_import import (  # noqa: F401 (ImportFileError: for the views)
    ImportFileError,
    ImportPlan,
    ImportRejected,
    MunicipalityNames,
    PlannedRow,
    Problem,
    import_job_new,
    import_job_ready_plan,
    import_job_rows,
    read_table,
    written_values,
)
from portal.lib.spreadsheet_import import read_xlsx as _read_xlsx  # noqa: F401 (bench/)

from ..models import Category, ImportJob, Organisation, OrganisationKind, ServiceLanguage, Status
from ..validators import (
    normalise_business_id,
    normalise_phone,
    strip_bidi_controls,
    validate_business_id,
    validate_postcode,
    validate_register_number,
)
from .core import organisation_record_version, organisation_refresh_search

# The columns of the file, in the order the export writes them.
COLUMN_NAMES = [
    "name", "display_name", "kind", "business_id", "register_number", "municipalities",
    "categories", "email", "phone", "website", "description_fi", "summary_fi", "languages",
    "street_address", "postcode", "latitude", "longitude",
]  # fmt: skip


def import_columns() -> list[tuple[str, str]]:
    """(column, what goes in it) in the active language, for the import page."""
    return [
        ("name", _("Official name. Required.")),
        ("display_name", _("The name people use, if different.")),
        ("kind", _("association, foundation or other. Empty means association.")),
        ("business_id", _("Business ID (Y-tunnus), for example 1234567-1.")),
        ("register_number", _("Association register number, for example 123.456.")),
        (
            "municipalities",
            _(
                "Municipality codes or Finnish names separated by commas, for example "
                "“179, Muurame”. Only municipalities of the welfare area."
            ),
        ),
        ("categories", _("Sector codes separated by commas: %(codes)s.")
         % {"codes": ", ".join(Category.values)}),
        ("email", _("Public email address.")),
        ("phone", _("Public phone number, for example 040 123 4567.")),
        ("website", _("Website, for example https://www.example.fi.")),
        ("description_fi", _("Description in Finnish.")),
        ("summary_fi", _("Plain-language summary in Finnish.")),
        ("languages", _("Language codes separated by commas: %(codes)s.")
         % {"codes": ", ".join(ServiceLanguage.values)}),
        ("street_address", _("Street address of the office or rooms, if any.")),
        ("postcode", _("Postcode of the street address, for example 40100.")),
        ("latitude", _("Map point: latitude in degrees, for example 62.2416. Optional.")),
        ("longitude", _("Map point: longitude in degrees, for example 25.7482. Optional.")),
    ]  # fmt: skip


KIND_ALIASES = {
    "yhdistys": OrganisationKind.ASSOCIATION,
    "ry": OrganisationKind.ASSOCIATION,
    "säätiö": OrganisationKind.FOUNDATION,
    "sr": OrganisationKind.FOUNDATION,
    "muu": OrganisationKind.OTHER,
}


# Reading the file


def import_read_file(*, uploaded: UploadedFile) -> tuple[list[str], list[tuple[int, dict]]]:
    """The column names and the non-empty rows as (row number in the file, {column: text}).

    Raise ImportFileError for a file that cannot be imported at all.
    """
    return read_table(uploaded=uploaded, columns=COLUMN_NAMES, required="name")


# Validating


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


class _Validator:
    """Checks rows against the registry, loading what it needs once for the whole file."""

    def __init__(self, *, welfare_area: WelfareArea, rows: list[tuple[int, dict]]) -> None:
        self.welfare_area = welfare_area
        self.municipalities = MunicipalityNames(welfare_area)
        business_ids = {normalise_business_id(c.get("business_id", "")) for _n, c in rows}
        register_numbers = {c.get("register_number", "") for _n, c in rows}
        names = {c.get("name", "").lower() for _n, c in rows}
        self.by_business_id = {
            o.business_id: o
            for o in Organisation.objects.filter(business_id__in=business_ids - {""})
        }
        self.by_register_number = {
            o.register_number: o
            for o in Organisation.objects.filter(register_number__in=register_numbers - {""})
        }
        self.by_name: dict[str, list[Organisation]] = {}
        for o in Organisation.objects.filter(
            welfare_area=welfare_area, merged_into__isnull=True
        ).exclude(status=Status.ARCHIVED):
            if o.name.lower() in names:
                self.by_name.setdefault(o.name.lower(), []).append(o)
        self.survivors = {o.pk: o for o in Organisation.objects.filter(merged_from__isnull=False)}
        self.seen_business_ids: dict[str, int] = {}
        self.seen_register_numbers: dict[str, int] = {}

    def _survivor(self, organisation: Organisation) -> Organisation:
        seen = set()
        while organisation.merged_into_id and organisation.merged_into_id not in seen:
            seen.add(organisation.merged_into_id)
            organisation = self.survivors.get(organisation.merged_into_id, organisation)
        return organisation

    def check(self, number: int, cells: dict[str, str], plan: ImportPlan) -> None:
        problems: list[Problem] = []

        def problem(column: str, message: str) -> None:
            problems.append(Problem(number, column, str(message)))

        values: dict[str, Any] = {}
        name = strip_bidi_controls(cells.get("name", ""))
        if not name:
            problem("name", _("The name is missing."))
        elif len(name) > 200:
            problem("name", _("The name is longer than 200 characters."))
        values["name"] = name
        display_name = strip_bidi_controls(cells.get("display_name", ""))
        if len(display_name) > 200:
            problem("display_name", _("The name is longer than 200 characters."))
        values["display_name"] = display_name

        kind = cells.get("kind", "").lower()
        kind = KIND_ALIASES.get(kind, kind)
        if kind and kind not in OrganisationKind.values:
            problem("kind", _("Unknown type “%(value)s”.") % {"value": cells["kind"]})
        values["kind"] = kind

        business_id = normalise_business_id(cells.get("business_id", ""))
        if business_id:
            try:
                validate_business_id(business_id)
            except ValidationError as error:
                problem("business_id", " ".join(error.messages))
            if business_id in self.seen_business_ids:
                problem(
                    "business_id",
                    _("The same business ID is also on row %(row)s.")
                    % {"row": self.seen_business_ids[business_id]},
                )
            self.seen_business_ids.setdefault(business_id, number)
        values["business_id"] = business_id

        register_number = cells.get("register_number", "")
        if register_number:
            try:
                validate_register_number(register_number)
            except ValidationError as error:
                problem("register_number", " ".join(error.messages))
            if register_number in self.seen_register_numbers:
                problem(
                    "register_number",
                    _("The same register number is also on row %(row)s.")
                    % {"row": self.seen_register_numbers[register_number]},
                )
            self.seen_register_numbers.setdefault(register_number, number)
        values["register_number"] = register_number

        municipality_ids = []
        for item in _split(cells.get("municipalities", "")):
            try:
                municipality_ids.append(self.municipalities.find(item).pk)
            except ValidationError as error:
                problem("municipalities", " ".join(error.messages))
        values["municipalities"] = sorted(set(municipality_ids))

        for column, choices in (
            ("categories", Category.values),
            ("languages", ServiceLanguage.values),
        ):
            codes = [c.lower() for c in _split(cells.get(column, ""))]
            unknown = [c for c in codes if c not in choices]
            if unknown:
                problem(
                    column,
                    _("Unknown codes: %(codes)s. Allowed: %(allowed)s.")
                    % {"codes": ", ".join(unknown), "allowed": ", ".join(choices)},
                )
            values[column] = list(dict.fromkeys(c for c in codes if c in choices))

        email = cells.get("email", "")
        if email:
            try:
                EmailValidator()(email)
            except ValidationError:
                problem("email", _("“%(value)s” is not an email address.") % {"value": email})
        values["email"] = email

        try:
            values["phone"] = normalise_phone(cells.get("phone", ""))
        except ValidationError as error:
            problem("phone", " ".join(error.messages))
            values["phone"] = ""

        website = cells.get("website", "")
        if website and not re.match(r"^[a-z]+://", website, re.I):
            website = f"https://{website}"
        if website:
            try:
                URLValidator(schemes=["http", "https"])(website)
                if len(website) > 200:
                    raise ValidationError("too long")
            except ValidationError:
                problem(
                    "website", _("“%(value)s” is not a web address.") % {"value": cells["website"]}
                )
        values["website"] = website
        values["description_fi"] = cells.get("description_fi", "")
        values["summary_fi"] = cells.get("summary_fi", "")
        self._check_address(cells, values, problem)

        target = self._match(values, problem)
        if not problems:
            plan.rows.append(
                PlannedRow(
                    row=number,
                    name=name,
                    values=values,
                    present=set(cells),
                    target_id=target.pk if target else None,
                )
            )
        plan.problems.extend(problems)

    def _check_address(
        self, cells: dict[str, str], values: dict[str, Any], problem: Callable[[str, str], None]
    ) -> None:
        """The street address, postcode and map point (both coordinates or neither, in
        Finland; a decimal comma as Excel writes it in Finnish)."""
        street_address = strip_bidi_controls(cells.get("street_address", ""))
        if len(street_address) > 200:
            problem("street_address", _("The address is longer than 200 characters."))
        values["street_address"] = street_address
        postcode = cells.get("postcode", "").replace(" ", "")
        if postcode:
            try:
                validate_postcode(postcode)
            except ValidationError as error:
                problem("postcode", " ".join(error.messages))
        values["postcode"] = postcode
        point = {}
        for column, (low, high) in (
            ("latitude", FINLAND_LATITUDE),
            ("longitude", FINLAND_LONGITUDE),
        ):
            text = cells.get(column, "").replace(",", ".")
            if not text:
                continue
            try:
                number = float(text)
            except ValueError:
                number = None
            if number is None or not low <= number <= high:
                problem(
                    column,
                    _("“%(value)s” is not a point in Finland: between %(low)s and %(high)s.")
                    % {"value": cells[column], "low": low, "high": high},
                )
            else:
                point[column] = number
        if cells.get("latitude", "") and cells.get("longitude", "") == "":
            problem("longitude", _("Give both the latitude and the longitude, or neither."))
        elif cells.get("longitude", "") and cells.get("latitude", "") == "":
            problem("latitude", _("Give both the latitude and the longitude, or neither."))
        values["latitude"] = point.get("latitude")
        values["longitude"] = point.get("longitude")

    def _match(
        self, values: dict[str, Any], problem: Callable[[str, str], None]
    ) -> Organisation | None:
        by_id = self.by_business_id.get(values["business_id"]) if values["business_id"] else None
        by_number = (
            self.by_register_number.get(values["register_number"])
            if values["register_number"]
            else None
        )
        by_id = self._survivor(by_id) if by_id else None
        by_number = self._survivor(by_number) if by_number else None
        if by_id and by_number and by_id.pk != by_number.pk:
            problem(
                "register_number",
                _("This register number belongs to %(other)s, the business ID to %(this)s.")
                % {"other": by_number.name, "this": by_id.name},
            )
            return None
        target = by_id or by_number
        if target is None and not values["business_id"] and not values["register_number"]:
            same_name = self.by_name.get(values["name"].lower(), [])
            if len(same_name) == 1:
                target = same_name[0]
        if target is not None and target.welfare_area_id != self.welfare_area.pk:
            column = "business_id" if by_id else "register_number"
            problem(
                column,
                _("%(name)s, which has this identifier, belongs to another welfare area.")
                % {"name": target.name},
            )
            return None
        return target


def _find_changes(plan: ImportPlan) -> None:
    """Mark each update with the columns it would change; two queries for the whole file."""
    ids = [row.target_id for row in plan.rows if row.target_id is not None]
    if not ids:
        return
    saved = Organisation.objects.in_bulk(ids)
    municipalities: dict[int, set[int]] = {}
    through = Organisation.municipalities.through.objects.filter(organisation_id__in=ids)
    for organisation_id, municipality_id in through.values_list(
        "organisation_id", "municipality_id"
    ):
        municipalities.setdefault(organisation_id, set()).add(municipality_id)
    for row in plan.rows:
        if row.target_id is None:
            continue
        organisation = saved[row.target_id]
        for name, value in written_values(row).items():
            if name == "municipalities":
                same = set(value) == municipalities.get(organisation.pk, set())
            elif isinstance(value, list):  # codes: their order carries no meaning
                same = set(value) == set(getattr(organisation, name) or [])
            else:
                same = value == getattr(organisation, name)
            if not same:
                row.changed.append(name)


def import_validate(*, rows: list[tuple[int, dict]], welfare_area: WelfareArea) -> ImportPlan:
    """Check every row; the plan says what would be created, updated or left unchanged, and
    lists every problem."""
    validator = _Validator(welfare_area=welfare_area, rows=rows)
    plan = ImportPlan()
    for number, cells in rows:
        validator.check(number, cells, plan)
    plan.problems.sort(key=lambda p: (p.row, COLUMN_NAMES.index(p.column)))
    _find_changes(plan)
    return plan


def import_job_create(
    *, uploaded: UploadedFile, welfare_area: WelfareArea, user: User
) -> ImportJob:
    """Read and check the file (the dry run); raise ImportFileError for an unreadable file."""
    return import_job_new(
        ImportJob,
        uploaded=uploaded,
        welfare_area=welfare_area,
        user=user,
        read_file=import_read_file,
        validate=import_validate,
    )


def import_job_plan(*, job: ImportJob) -> ImportPlan:
    """The job's rows checked again against the registry as it is now."""
    return import_validate(rows=import_job_rows(job), welfare_area=job.welfare_area)


def import_job_apply(*, job: ImportJob, user: User) -> dict[str, int]:
    """Write every row in one transaction, or nothing; raise ImportRejected with the problems."""
    plan = import_job_ready_plan(job, lambda: import_job_plan(job=job), column="name")
    current: PlannedRow | None = None
    result = plan.counts()
    try:
        with transaction.atomic():
            for current in plan.creates + plan.updates:  # unchanged rows are not written
                _import_row(planned=current, welfare_area=job.welfare_area, user=user)
            job.applied_at = timezone.now()
            job.result = result
            job.save(update_fields=["applied_at", "result"])
    except (IntegrityError, ValidationError) as error:
        row = current.row if current else 0
        message = (
            " ".join(error.messages)
            if isinstance(error, ValidationError)
            else _("The row conflicts with an organisation saved meanwhile. Upload the file again.")
        )
        raise ImportRejected([Problem(row, "name", message)]) from error
    return result


def _import_row(*, planned: PlannedRow, welfare_area: WelfareArea, user: User) -> Organisation:
    from .editing import organisation_unique_slug

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
        written = written_values(planned)
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


# Export

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe_cell(value: str) -> str:
    """Keep spreadsheets from running a cell as a formula; phone numbers stay as they are."""
    if value.startswith(FORMULA_START) and not re.fullmatch(r"\+\d{6,15}", value):
        return f"'{value}"
    return value


class _Echo:
    def write(self, value: str) -> str:
        return value


def organisation_export_row(organisation: Organisation) -> list[str]:
    municipalities = sorted(m.name_fi for m in organisation.municipalities.all())
    values = {
        "name": organisation.name,
        "display_name": organisation.display_name,
        "kind": organisation.kind,
        "business_id": organisation.business_id,
        "register_number": organisation.register_number,
        "municipalities": ", ".join(municipalities),
        "categories": ", ".join(organisation.categories),
        "email": organisation.email,
        "phone": organisation.phone,
        "website": organisation.website,
        "description_fi": organisation.description_fi,
        "summary_fi": organisation.summary_fi,
        "languages": ", ".join(organisation.languages),
        "street_address": organisation.street_address,
        "postcode": organisation.postcode,
        "latitude": "" if organisation.latitude is None else str(organisation.latitude),
        "longitude": "" if organisation.longitude is None else str(organisation.longitude),
    }
    return [_safe_cell(values[column]) for column in COLUMN_NAMES]


def organisations_export_csv(*, organisations: QuerySet[Organisation]) -> Iterator[str]:
    """CSV lines for Excel in a Finnish locale: BOM, semicolons, the import's columns."""
    writer = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff" + writer.writerow(COLUMN_NAMES)
    rows: Iterable[Organisation] = organisations.prefetch_related("municipalities").iterator(
        chunk_size=500
    )
    for organisation in rows:
        yield writer.writerow(organisation_export_row(organisation))
