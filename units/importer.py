"""Import units from a CSV or XLSX file, with a dry run, as the organisations' importer does.

The upload is read by portal/lib/spreadsheet_import.py (the same limits against hostile files)
and every row is checked: the rows and the problems are kept in a UnitImportJob and nothing is
written. When the file has no problems the coordinator confirms and every row is written in one
transaction: all rows or none. A row updates the unit of the welfare area with the same Finnish
name (case aside), otherwise it creates one; an empty cell keeps the saved value.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import EmailValidator, URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from areas.models import LocationSource, Municipality, WelfareArea
from portal.lib.phone import normalise_phone
from portal.lib.points import FINLAND_LATITUDE, FINLAND_LONGITUDE
from portal.lib.spreadsheet_import import (
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

from .models import Unit, UnitImportJob, UnitKind, UnitStatus
from .services import unit_consent_mark, unit_unique_slug, units_saved

COLUMN_NAMES = [
    "name_fi", "name_sv", "name_en", "kind", "street_address", "postcode", "municipality",
    "latitude", "longitude", "phone", "email", "website", "description_fi", "contact_name",
    "contact_title", "contact_email", "contact_phone", "contact_consent", "hosts_activities",
]  # fmt: skip

KIND_ALIASES = {
    "sote-keskus": UnitKind.SOTE_CENTRE,
    "terveysasema": UnitKind.HEALTH_STATION,
    "sosiaalitoimisto": UnitKind.SOCIAL_SERVICES_OFFICE,
    "osasto": UnitKind.HOSPITAL_WARD,
    "muu": UnitKind.OTHER,
}
YES = {"1", "x", "yes", "kyllä", "k", "ja", "true"}
NO = {"0", "no", "ei", "e", "nej", "false"}
TEXT_LIMITS = {
    "name_fi": 200, "name_sv": 200, "name_en": 200, "street_address": 200,
    "contact_name": 200, "contact_title": 200,
}  # fmt: skip


def import_columns() -> list[tuple[str, str]]:
    """(column, what goes in it) in the active language, for the import page."""
    return [
        ("name_fi", _("Name in Finnish. Required.")),
        ("name_sv", _("Name in Swedish.")),
        ("name_en", _("Name in English.")),
        ("kind", _("Kind: %(codes)s.") % {"codes": ", ".join(UnitKind.values)}),
        ("street_address", _("Street address. Required for a new unit.")),
        ("postcode", _("Postcode of five digits. Required for a new unit.")),
        (
            "municipality",
            _("Municipality code or name, of the welfare area. Required for a new unit."),
        ),
        ("latitude", _("Map point, for example 62.24. Empty: the centre of the municipality.")),
        ("longitude", _("Map point, for example 25.75.")),
        ("phone", _("The unit's public phone number.")),
        ("email", _("The unit's public email address.")),
        ("website", _("Website, for example https://www.example.fi.")),
        ("description_fi", _("Description in Finnish.")),
        ("contact_name", _("The association-collaboration contact's name.")),
        ("contact_title", _("The contact's job title.")),
        ("contact_email", _("The contact's work email.")),
        ("contact_phone", _("The contact's work phone.")),
        ("contact_consent", _("yes if the contact agrees to be shown publicly, otherwise no.")),
        ("hosts_activities", _("yes if associations may hold activities at the unit.")),
    ]


def import_read_file(*, uploaded: UploadedFile) -> tuple[list[str], list[tuple[int, dict]]]:
    return read_table(uploaded=uploaded, columns=COLUMN_NAMES, required="name_fi")


class _Validator:
    """Checks rows against the area's units, loading what it needs once for the whole file."""

    def __init__(self, *, welfare_area: WelfareArea) -> None:
        self.municipalities = MunicipalityNames(welfare_area)
        self.by_name: dict[str, Unit] = {
            unit.name_fi.lower(): unit for unit in Unit.objects.filter(welfare_area=welfare_area)
        }
        self.seen_names: dict[str, int] = {}

    def check(self, number: int, cells: dict[str, str], plan: ImportPlan) -> None:
        problems: list[Problem] = []

        def problem(column: str, message: str) -> None:
            problems.append(Problem(number, column, str(message)))

        values: dict[str, Any] = {}
        for column, limit in TEXT_LIMITS.items():
            text = cells.get(column, "")
            if len(text) > limit:
                problem(column, _("The text is longer than %(max)s characters.") % {"max": limit})
            values[column] = text
        name = values["name_fi"]
        if not name:
            problem("name_fi", _("The name is missing."))
        elif name.lower() in self.seen_names:
            problem(
                "name_fi",
                _("The same name is also on row %(row)s.") % {"row": self.seen_names[name.lower()]},
            )
        self.seen_names.setdefault(name.lower(), number)
        target = self.by_name.get(name.lower())

        kind = cells.get("kind", "").lower()
        kind = KIND_ALIASES.get(kind, kind)
        if kind and kind not in UnitKind.values:
            problem("kind", _("Unknown kind “%(value)s”.") % {"value": cells["kind"]})
        values["kind"] = kind

        postcode = cells.get("postcode", "")
        if postcode and not (len(postcode) == 5 and postcode.isdigit()):
            problem("postcode", _("Enter a postcode of five digits, for example 40100."))
        values["postcode"] = postcode

        municipality = cells.get("municipality", "")
        values["municipality_id"] = ""
        if municipality:
            try:
                values["municipality_id"] = self.municipalities.find(municipality).pk
            except ValidationError as error:
                problem("municipality", " ".join(error.messages))
        if target is None:
            for column in ("street_address", "postcode", "municipality"):
                if not cells.get(column):
                    problem(column, _("Required for a new unit."))
            if not kind:
                values["kind"] = UnitKind.OTHER

        self._point(cells, values, problem)
        self._channels(cells, values, problem)
        for column in ("contact_consent", "hosts_activities"):
            text = cells.get(column, "").lower()
            if text and text not in YES | NO:
                problem(column, _("Write yes or no."))
            values[column] = "" if not text else text in YES
        values["description_fi"] = cells.get("description_fi", "")

        if not problems:
            planned = PlannedRow(
                row=number,
                name=name,
                values=values,
                present={*cells, "municipality_id", "location_source"},
                target_id=target.pk if target else None,
            )
            if target is not None:
                planned.changed = [
                    field
                    for field, value in written_values(planned).items()
                    if getattr(target, field) != value
                ]
            plan.rows.append(planned)
        plan.problems.extend(problems)

    def _point(self, cells, values, problem) -> None:
        values["latitude"] = values["longitude"] = values["location_source"] = ""
        texts = {c: cells.get(c, "").replace(",", ".") for c in ("latitude", "longitude")}
        if not any(texts.values()):
            return
        if not all(texts.values()):
            missing = "longitude" if not texts["longitude"] else "latitude"
            problem(missing, _("Give both the latitude and the longitude, or neither."))
            return
        for column, (low, high) in (
            ("latitude", FINLAND_LATITUDE),
            ("longitude", FINLAND_LONGITUDE),
        ):
            try:
                number = float(texts[column])
            except ValueError:
                problem(column, _("“%(value)s” is not a number.") % {"value": cells[column]})
                continue
            if not low <= number <= high:
                problem(column, _("This point is not in Finland."))
            values[column] = number
        values["location_source"] = LocationSource.PIN

    def _channels(self, cells, values, problem) -> None:
        for column in ("email", "contact_email"):
            email = cells.get(column, "")
            if email:
                try:
                    EmailValidator()(email)
                except ValidationError:
                    problem(column, _("“%(value)s” is not an email address.") % {"value": email})
            values[column] = email
        for column in ("phone", "contact_phone"):
            try:
                values[column] = normalise_phone(cells.get(column, ""))
            except ValidationError as error:
                problem(column, " ".join(error.messages))
                values[column] = ""
        website = cells.get("website", "")
        if website and "://" not in website:
            website = f"https://{website}"
        if website:
            try:
                URLValidator(schemes=["http", "https"])(website)
            except ValidationError:
                problem(
                    "website", _("“%(value)s” is not a web address.") % {"value": cells["website"]}
                )
        values["website"] = website


def import_validate(*, rows: list[tuple[int, dict]], welfare_area: WelfareArea) -> ImportPlan:
    validator = _Validator(welfare_area=welfare_area)
    plan = ImportPlan()
    for number, cells in rows:
        validator.check(number, cells, plan)
    order = [*COLUMN_NAMES]
    plan.problems.sort(key=lambda p: (p.row, order.index(p.column) if p.column in order else 0))
    return plan


def import_job_create(*, uploaded: UploadedFile, welfare_area: WelfareArea, user) -> UnitImportJob:
    """Read and check the file (the dry run); raise ImportFileError for an unreadable file."""
    return import_job_new(
        UnitImportJob,
        uploaded=uploaded,
        welfare_area=welfare_area,
        user=user,
        read_file=import_read_file,
        validate=import_validate,
    )


def import_job_plan(*, job: UnitImportJob) -> ImportPlan:
    """The job's rows checked again against the units as they are now."""
    return import_validate(rows=import_job_rows(job), welfare_area=job.welfare_area)


def import_job_apply(*, job: UnitImportJob, user) -> dict[str, int]:
    """Write every row in one transaction, or nothing; raise ImportRejected with the problems."""
    plan = import_job_ready_plan(job, lambda: import_job_plan(job=job), column="name_fi")
    current: PlannedRow | None = None
    try:
        with transaction.atomic():
            ids = [
                _import_row(planned=current, welfare_area=job.welfare_area, user=user).pk
                for current in plan.creates + plan.updates
            ]
            units_saved(unit_ids=ids)
            job.applied_at = timezone.now()
            job.result = plan.counts()
            job.save(update_fields=["applied_at", "result"])
    except IntegrityError as error:
        row = current.row if current else 0
        message = _("The row conflicts with a unit saved meanwhile. Upload the file again.")
        raise ImportRejected([Problem(row, "name_fi", message)]) from error
    return job.result


def _import_row(*, planned: PlannedRow, welfare_area: WelfareArea, user) -> Unit:
    if planned.target_id is None:
        unit = Unit(
            welfare_area=welfare_area,
            status=UnitStatus.ACTIVE,
            created_by=user if user.is_authenticated else None,
            slug=unit_unique_slug(name=planned.name),
        )
        for name, value in planned.values.items():
            if value != "":
                setattr(unit, name, value)
        if planned.values["latitude"] == "":
            municipality = Municipality.objects.get(pk=planned.values["municipality_id"])
            unit.latitude = float(municipality.latitude)
            unit.longitude = float(municipality.longitude)
            unit.location_source = LocationSource.MUNICIPALITY
        was_given = False
    else:
        unit = Unit.objects.select_for_update().get(pk=planned.target_id)
        was_given = unit.contact_consent
        written = written_values(planned)
        for name, value in written.items():
            setattr(unit, name, value)
        if "municipality_id" in written and unit.location_source == LocationSource.MUNICIPALITY:
            municipality = Municipality.objects.get(pk=unit.municipality_id)
            unit.latitude = float(municipality.latitude)
            unit.longitude = float(municipality.longitude)
    unit_consent_mark(unit=unit, was_given=was_given)
    unit.save()
    return unit
