"""The demo's welfare-area units (`manage.py seed_demo`, after the meeting places' seeder).

Nine units in Keski-Suomi and Vantaa–Kerava from data/units.yaml, each with its association-
collaboration contact (some agreed to be shown publicly, some not), opening hours, and in three
a meeting place that associations may use, where an association of the area holds a weekly peer
group. Idempotent: once the first unit exists nothing is created. Everything goes through
units.services and meetingplaces.services, as if a coordinator and an association had saved it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.db import transaction

from areas.models import LocationSource, Municipality, WelfareArea
from meetingplaces.models import Activity, ActivityKind, PublishStatus, Venue
from meetingplaces.schedule import weekly_rule
from meetingplaces.services import activity_saved, local_today
from organisations.models import Organisation, Status
from portal.lib.datafiles import clock, read_yaml
from portal.lib.slugs import unique_slug
from taxonomy.models import Term

from ..models import Unit, UnitOpeningHours
from ..services import unit_consent_mark, unit_saved

DATA = Path(__file__).parent / "data" / "units.yaml"
AREAS = {"keski_suomi": "keski-suomi", "vantaa_kerava": "vantaa-kerava"}


def seed() -> list[str]:
    """Create the demo units once (`UnitsConfig.demo_seeder`)."""
    created = seed_units()
    if created is None:
        return ["The demo units exist already; nothing to create."]
    units, activities = created
    return [f"Created {units} demo units and {activities} activities held at them."]


@transaction.atomic
def seed_units(today: dt.date | None = None) -> tuple[int, int] | None:
    data = read_yaml(DATA)
    first = data["keski_suomi"][0]["key"]
    if Unit.objects.filter(slug=first).exists():
        return None
    today = today or local_today()
    units = activities = 0
    for section, area_slug in AREAS.items():
        area = WelfareArea.objects.get(slug=area_slug)
        for spec in data[section]:
            unit = _unit(spec, area)
            units += 1
            if spec.get("activity") and unit.place is not None:
                activities += _activity(spec["activity"], unit, today)
    return units, activities


def _names(values) -> dict[str, str]:
    if isinstance(values, str):
        return {"fi": values, "sv": "", "en": ""}
    return {code: values.get(code, "") for code in ("fi", "sv", "en")}


def _unit(spec: dict, area: WelfareArea) -> Unit:
    municipality = Municipality.objects.get(code=spec["code"])
    names, descriptions = _names(spec["name"]), _names(spec.get("description", ""))
    contact = spec.get("contact", {})
    unit = Unit(
        welfare_area=area,
        slug=spec["key"],
        kind=spec["kind"],
        street_address=spec["street"],
        postcode=spec["postcode"],
        municipality=municipality,
        latitude=float(municipality.latitude),
        longitude=float(municipality.longitude),
        location_source=LocationSource.MUNICIPALITY,
        open_on_public_holidays=spec.get("open_on_public_holidays", False),
        phone=spec.get("phone", ""),
        email=spec.get("email", ""),
        contact_name=contact.get("name", ""),
        contact_title=contact.get("title", ""),
        contact_email=contact.get("email", ""),
        contact_phone=contact.get("phone", ""),
        contact_consent=spec.get("consent", False),
        hosts_activities=spec.get("hosts_activities", False),
        **{f"name_{code}": text for code, text in names.items()},
        **{f"description_{code}": text for code, text in descriptions.items()},
    )
    unit_consent_mark(unit=unit, was_given=False)
    unit.save()
    UnitOpeningHours.objects.bulk_create(
        UnitOpeningHours(unit=unit, weekday=day, opens=clock(opens), closes=clock(closes))
        for day, opens, closes in spec.get("hours", [])
    )
    unit_saved(unit=unit)
    return unit


def _activity(spec: dict, unit: Unit, today: dt.date) -> int:
    organisations = Organisation.objects.filter(
        welfare_area=unit.welfare_area, status=Status.PUBLISHED, merged_into__isnull=True
    ).order_by("pk")
    organisation = (
        organisations.filter(name__icontains=spec["organisation"]).first() or organisations.first()
    )
    if organisation is None:
        return 0  # the registry's seeder has not run
    titles = _names(spec["title"])
    start = today + dt.timedelta(days=(spec["weekday"] - today.weekday()) % 7)
    activity = Activity.objects.create(
        organisation=organisation,
        welfare_area=unit.welfare_area,
        slug=unique_slug(Activity, titles["fi"], fallback="activity", max_length=220),
        kind=ActivityKind.PEER_SUPPORT,
        venue=Venue.PLACE,
        place=unit.place,
        start_date=start,
        start_time=clock(spec["starts"]),
        end_time=clock(spec["ends"]),
        recurrence=weekly_rule([spec["weekday"]]),
        status=PublishStatus.PUBLISHED,
        summary_fi="Vertaisryhmä kokoontuu yksikön tiloissa. Tule sellaisena kuin olet.",
        **{f"title_{code}": text for code, text in titles.items()},
    )
    activity.target_groups.set(Term.objects.filter(slug__in=spec.get("target_groups", [])))
    activity.themes.set(Term.objects.filter(slug__in=spec.get("themes", [])))
    activity_saved(activity, today=today)
    return 1
