"""Validating the rows read: each row's values and problems, and what it would change."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils.translation import gettext as _

from areas.models import Municipality, WelfareArea

from ...models import Category, Organisation, OrganisationKind, ServiceLanguage, Status
from ...validators import (
    normalise_business_id,
    normalise_phone,
    strip_bidi_controls,
    validate_business_id,
    validate_register_number,
)
from .plan import COLUMN_NAMES, KIND_ALIASES, ImportPlan, PlannedRow, Problem


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


class _Validator:
    """Checks rows against the registry, loading what it needs once for the whole file."""

    def __init__(self, *, welfare_area: WelfareArea, rows: list[tuple[int, dict]]) -> None:
        self.welfare_area = welfare_area
        municipalities = Municipality.objects.filter(welfare_area=welfare_area)
        self.municipalities: dict[str, int] = {}
        for m in municipalities:
            self.municipalities[m.code] = m.pk
            self.municipalities[m.name_fi.lower()] = m.pk
            if m.name_sv:
                self.municipalities[m.name_sv.lower()] = m.pk
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
            key = item.zfill(3) if item.isdigit() else item.lower()
            pk = self.municipalities.get(key)
            if pk is None:
                problem(
                    "municipalities",
                    _("Unknown municipality “%(value)s” in %(area)s.")
                    % {"value": item, "area": self.welfare_area},
                )
            else:
                municipality_ids.append(pk)
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

    def _match(self, values: dict[str, Any], problem) -> Organisation | None:
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


def _written_values(planned: PlannedRow) -> dict[str, Any]:
    """The values an update writes: an empty cell, or a missing column, keeps the saved value."""
    return {
        name: value
        for name, value in planned.values.items()
        if name in planned.present and value not in ("", [])
    }


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
        for name, value in _written_values(row).items():
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
