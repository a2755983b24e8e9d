"""Building the demo's activities: which organisation runs what where, in which languages,
and on which schedule (the meeting places' seeder, seed.py, runs it).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from django.utils.text import slugify

from areas.models import Municipality
from organisations.models import Organisation
from taxonomy.models import Term

from ..models import Activity, MeetingPlace, PublishStatus, Venue
from ..schedule import Schedule, monthly_rule, weekly_rule
from . import activities as catalogue
from .places import CENTRE, KESKI_SUOMI, VANTAA_KERAVA, VILLAGES, PlaceSpec

SEED = 2608
EMAIL_DOMAIN = "yhdessa.example"
ONLINE_ACTIVITIES = 14
ADDRESS_ACTIVITIES = 30
DRAFT_ACTIVITIES = 3
# Phone numbers from the 040 0000xxx range the demo uses (never a real subscriber).
PHONE_PREFIX = "+358400000"


@dataclass
class Org:
    """A published demo organisation with what the seeder needs to know of its profile."""

    organisation: Organisation
    codes: list[str]
    themes: set[str]
    target_groups: list[str]
    categories: list[str]


class ActivitySeeding:
    """The activity half of the seeder (`seed.Seeder`): its methods read the seeder's random
    generator, terms, organisations and slugs."""

    # Set by seed.Seeder.__init__ before any activity is made.
    today: dt.date
    rng: random.Random
    terms: dict[str, Term]
    municipalities: dict[str, Municipality]
    activity_slugs: set[str]
    phones: int
    orgs: list[Org]
    by_code: dict[str, list[Org]]
    home: dict[str, list[Org]]  # organisations named after the municipality or its villages
    used: set[tuple[int, int, str]]

    def _slug(self, base: str, taken: set[str]) -> str:
        base = slugify(base)[:200].strip("-")
        slug, number = base, 1
        while slug in taken:
            number += 1
            slug = f"{base}-{number}"
        taken.add(slug)
        return slug

    def _phone(self) -> str:
        self.phones += 1
        return f"{PHONE_PREFIX}{self.phones:03d}"

    def _candidates(self, spec: PlaceSpec, runners: list[Org]) -> list[tuple[Org, float]]:
        local = self.by_code[spec.code]
        if "sairaala" in spec.key:
            # Patients' and carers' associations hold their groups at the hospital.
            local = [
                org
                for org in local
                if {"patient_disability", "mental_substance", "carers"} & set(org.categories)
            ]
        home = {id(org) for org in self.home[spec.code]}
        if spec.kind == "activity_centre":  # the whole region's associations meet there
            home |= {id(org) for org in local if org.organisation.name.startswith("Keski-Suomen")}
        weights = {id(org): (1.0 if id(org) in home else 0.15, org) for org in local}
        for org in runners:
            weights[id(org)] = (6.0 if spec.kind != "activity_centre" else 3.0, org)
        return [(org, weight) for weight, org in weights.values()]

    def _fitting(self, org: Org) -> list[catalogue.ActivityTemplate]:
        return [
            template
            for template in catalogue.TEMPLATES
            if template.theme in org.themes
            and (not template.target_groups or set(template.target_groups) & set(org.target_groups))
        ]

    def _pick(self, candidates: list[tuple[Org, float]], where: str):
        rng = self.rng
        orgs = [org for org, _weight in candidates]
        weights = [weight for _org, weight in candidates]
        for _attempt in range(30):
            org = rng.choices(orgs, weights)[0]
            templates = self._fitting(org)
            if not templates:
                continue
            template = rng.choices(templates, [t.weight for t in templates])[0]
            key = (org.organisation.pk, catalogue.TEMPLATES.index(template), where)
            if key in self.used:
                continue
            self.used.add(key)
            return org, template
        return None

    def _activity_at(self, spec: PlaceSpec, place: MeetingPlace, runners: list[Org]):
        picked = self._pick(self._candidates(spec, runners), spec.key)
        if picked is None:
            return None
        org, template = picked
        area = org.organisation.welfare_area.slug
        return self._activity(org, template, area=area, venue=Venue.PLACE, place=place)

    def _elsewhere(self, venue: str, count: int):
        """Activities at another address (a parish hall, library…) or online."""
        rng = self.rng
        built = []
        candidates = [(org, 1.0) for org in self.orgs if org.codes]
        for number in range(count):
            where = f"{venue}-{number}"
            picked = self._pick(candidates, where)
            if picked is None:
                continue
            org, template = picked
            area = org.organisation.welfare_area.slug
            if venue == Venue.ONLINE:
                built.append(self._activity(org, template, area=area, venue=venue))
                continue
            code = org.codes[0]
            municipality = self.municipalities[code]
            hall, street = rng.choice(catalogue.ADDRESS_VENUES)
            postcode = next(
                (spec.postcode for spec in KESKI_SUOMI + VANTAA_KERAVA if spec.code == code),
                next((row[4] for row in VILLAGES if row[2] == code), ""),
            )
            built.append(
                self._activity(
                    org,
                    template,
                    area=area,
                    venue=venue,
                    address=(
                        f"{street} {rng.randint(1, 40)}",
                        postcode,
                        municipality,
                        hall,
                    ),
                )
            )
        return built

    def _languages(self, area: str, place: MeetingPlace | None) -> list[str]:
        rng = self.rng
        roll = rng.random()
        if area == "vantaa-kerava":
            if roll < 0.25:
                return ["sv", "fi"] if rng.random() < 0.5 else ["sv"]
            if roll < 0.5:
                return ["en"] if rng.random() < 0.5 else ["fi", "en"]
            if roll < 0.65:
                return ["fi", "selko"]
            if roll < 0.75:
                return ["fi", "other"]
            return ["fi"]
        english = 0.12 if place is not None and place.slug == CENTRE else 0.04
        if roll < 0.04:
            return ["sv", "fi"] if rng.random() < 0.5 else ["sv"]
        if roll < 0.04 + english:
            return ["fi", "en"] if rng.random() < 0.6 else ["en"]
        if roll < 0.12 + english:
            return ["fi", "selko"]
        return ["fi"]

    def _activity(
        self,
        org: Org,
        template: catalogue.ActivityTemplate,
        *,
        area: str,
        venue: str,
        place: MeetingPlace | None = None,
        address: tuple | None = None,
    ) -> tuple[Activity, list[str], list[str]]:
        rng = self.rng
        organisation = org.organisation
        groups = (
            sorted(set(template.target_groups) & set(org.target_groups))
            if template.target_groups
            else list(org.target_groups)
        )
        themes = [template.theme] + [t for t in template.extra_themes if t in org.themes]
        languages = self._languages(area, place)
        with_sv = "sv" in languages or rng.random() < 0.3
        with_en = "en" in languages or rng.random() < 0.45
        title = list(template.title)
        if template.title[0] == catalogue.GENERIC_PEER_TITLE and groups:
            term = self.terms[groups[0]]
            title = [
                f"{title[0]}: {term.name_fi}",
                f"{title[1]}: {term.name_sv}",
                f"{title[2]}: {term.name_en}",
            ]
        where = self._where_sentences(venue, place, address, template)
        description = [
            f"{template.description[i]} {where[i]} {_organiser(i, organisation.name)}"
            for i in range(3)
        ]
        summary = list(template.summary)
        if "selko" in languages:
            description[0] += " Ryhmässä puhutaan selkeää ja helppoa suomea."
            summary[0] += " Puhumme selkeää suomea."
        label = place.slug if place is not None else org.codes[0] if org.codes else "verkossa"
        if venue == Venue.ONLINE:
            label = "verkossa"
        slug = self._slug(f"{title[0]}-{label}", self.activity_slugs)
        schedule = self._schedule(template)
        fee = template.fee
        fee_note = ""
        if fee is None and template.kind == "club" and rng.random() < 0.12:
            fee = Decimal("2.00")
            fee_note = "Kahvimaksu 2 €."
        elif fee is not None:
            fee_note = "Maksu paikan päällä käteisellä tai MobilePaylla."
        signup = template.signup or (template.kind == "event" and rng.random() < 0.4)
        sensitive = template.sensitive
        if venue == Venue.ONLINE and sensitive:
            signup = True
        capacity = None
        if signup:
            low, high = template.capacity or (15, 40)
            capacity = rng.randint(low, high)
        area_id = organisation.welfare_area_id
        if area_id is None:
            raise ValueError(f"The demo's organisation {organisation.slug} has no welfare area.")
        activity = Activity(
            organisation=organisation,
            welfare_area_id=area_id,
            slug=slug,
            kind=template.kind,
            title_fi=title[0],
            title_sv=title[1] if with_sv else "",
            title_en=title[2] if with_en else "",
            description_fi=description[0],
            description_sv=description[1] if with_sv else "",
            description_en=description[2] if with_en else "",
            summary_fi=summary[0],
            summary_sv=summary[1] if with_sv else "",
            summary_en=summary[2] if with_en else "",
            venue=venue,
            place=place,
            is_free=fee is None,
            fee_amount=fee,
            fee_note=fee_note,
            signup_required=signup,
            capacity=capacity,
            is_sensitive=sensitive,
            languages=languages,
            contact_role=catalogue.CONTACT_ROLES[template.kind],
            contact_email=organisation.email,
            contact_phone=self._phone() if rng.random() < 0.3 else "",
            status=PublishStatus.PUBLISHED,
            **schedule,
        )
        if venue == Venue.ONLINE:
            activity.online_url = f"https://meet.{EMAIL_DOMAIN}/{slug}"
            activity.online_url_public = not sensitive and rng.random() < 0.5
        if address is not None:
            street, postcode, municipality, _hall = address
            activity.street_address = street
            activity.postcode = postcode
            activity.municipality = municipality
            activity.latitude = round(float(municipality.latitude) + rng.uniform(-0.01, 0.01), 5)
            activity.longitude = round(float(municipality.longitude) + rng.uniform(-0.02, 0.02), 5)
        if place is not None and place.step_free_entrance and rng.random() < 0.3:
            activity.accessibility_fi = "Ryhmätilaan pääsee pyörätuolilla."
            activity.accessibility_en = (
                "The group room is wheelchair accessible." if with_en else ""
            )
        return activity, themes, groups

    def _where_sentences(self, venue, place, address, template) -> list[str]:
        if venue == Venue.ONLINE:
            if template.sensitive or template.signup:
                return [
                    "Tapaamme verkossa; linkki lähetetään ilmoittautuneille.",
                    "Vi träffas på nätet; länken skickas till dem som anmält sig.",
                    "We meet online; the link is sent to those who sign up.",
                ]
            return [
                "Tapaamme verkossa, ja mukaan pääsee omalta kotikoneelta.",
                "Vi träffas på nätet och du kan delta hemifrån.",
                "We meet online and you can join from home.",
            ]
        if venue == Venue.ADDRESS:
            street, _postcode, municipality, hall = address
            return [
                f"Kokoonnumme tilassa {hall}, {street}, {municipality.name_fi}.",
                f"Vi träffas i lokalen {hall}, {street}, {municipality.name_sv}.",
                f"We meet at the {hall} hall, {street}, {municipality.name_fi}.",
            ]
        return [
            f"Kokoonnumme paikassa {place.name_fi}.",
            f"Vi träffas på {place.name_sv or place.name_fi}.",
            f"We meet at {place.name_en or place.name_fi}.",
        ]

    def _schedule(self, template: catalogue.ActivityTemplate) -> dict:
        rng = self.rng
        today = self.today
        style = rng.choice(template.styles)
        start_time, end_time = rng.choice(template.times)
        weekday = rng.choice([0, 0, 1, 1, 2, 2, 3, 3, 4, 5] if style != "monthly" else range(5))
        if template.theme == "substance-use" and template.kind == "drop_in":
            weekday = 5
        result = {
            "start_time": start_time,
            "end_time": end_time,
            "recurrence": "",
            "end_date": None,
            "extra_dates": [],
            "skipped_dates": [],
        }
        if style == catalogue.ONCE:
            day = today + dt.timedelta(days=rng.randint(4, 200))
            result["start_date"] = day
            if rng.random() < 0.3:
                result["extra_dates"] = [day + dt.timedelta(days=rng.choice([7, 14, 28]))]
            return result
        if style == catalogue.COURSE:
            start = today + dt.timedelta(days=rng.randint(3, 60))
            start += dt.timedelta(days=(weekday - start.weekday()) % 7)
            weeks = rng.choice([6, 8, 10])
            result.update(
                start_date=start,
                recurrence=weekly_rule([weekday]),
                end_date=start + dt.timedelta(weeks=weeks - 1),
            )
            return result
        start = today - dt.timedelta(days=rng.randint(14, 400))
        start += dt.timedelta(days=(weekday - start.weekday()) % 7)
        if style == catalogue.WEEKLY:
            rule = weekly_rule([weekday])
        elif style == catalogue.TWICE:
            rule = weekly_rule([weekday, (weekday + 2) % 5])
        elif style == catalogue.BIWEEKLY:
            rule = weekly_rule([weekday], interval=2)
        else:
            rule = monthly_rule(weekday, rng.choice([1, 1, 1, 2, 3, -1]))
        end_date = None
        if rng.random() < 0.12:
            # A season that ends in late spring.
            end_date = max(
                dt.date(today.year + (today.month > 4), 5, 31), today + dt.timedelta(days=30)
            )
            end_date = min(end_date, start + dt.timedelta(days=700))
        result.update(start_date=start, recurrence=rule, end_date=end_date)
        if style != catalogue.MONTHLY and rng.random() < 0.4:
            # A Christmas break: the dates from 22 December to 6 January are skipped.
            schedule = Schedule(start, start_time, end_time, rule, end_date)
            result["skipped_dates"] = schedule.dates(
                dt.date(today.year, 12, 22), dt.date(today.year + 1, 1, 6)
            )
        return result


def _organiser(language: int, name: str) -> str:
    return ("Järjestäjä: {}.", "Arrangör: {}.", "Organised by {}.")[language].format(name)
