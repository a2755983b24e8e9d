"""The demo's meeting places and activities (`manage.py seed_demo`, after the registry's seeder).

About 40 places (the citizen activity centre in Jyväskylä run by the regional support
organisation, the volunteer and peer-support points at the central hospital and at that centre,
cafés, and village huts and houses in every municipality of Keski-Suomi; five in Vantaa–Kerava)
and about 400 activities of the demo organisations whose profile fits them (see activities.py).

Deterministic (a fixed seed; dates relative to the day it runs) and idempotent: once the
activity centre exists nothing is created. Rows are bulk-inserted; each place and activity then
goes through meetingplaces.services (place_saved; the activities' part of activity_saved in bulk)
so its stored occurrences and search entries exist as if an editor had saved it.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from django.db import transaction
from django.db.models import OuterRef, Prefetch, Subquery

from areas.models import Municipality, WelfareArea
from organisations.demo.builder import Identifiers
from organisations.demo.places import MUNICIPALITIES
from organisations.models import Organisation, Status
from organisations.services.core import organisation_record_version, organisation_refresh_search
from taxonomy.models import Term

from ..models import (
    Activity,
    MeetingPlace,
    Occurrence,
    OpeningException,
    OpeningHours,
    PublishStatus,
    Venue,
)
from ..pages import organisation_pages_changed
from ..schedule import HORIZON_DAYS, Schedule
from ..search import activities_refresh_search
from ..services import Closures, local_today, place_saved
from .places import (
    CENTRE,
    DESCRIPTIONS,
    KESKI_SUOMI,
    SUPPORT_ORGANISATION,
    TOWN_DIRECTIONS,
    VANTAA_KERAVA,
    VILLAGE_DIRECTIONS,
    VILLAGE_RUNNERS,
    VILLAGES,
    PlaceSpec,
)
from .seed_activities import (
    ADDRESS_ACTIVITIES,
    DRAFT_ACTIVITIES,
    EMAIL_DOMAIN,
    ONLINE_ACTIVITIES,
    SEED,
    ActivitySeeding,
    Org,
)


def seed() -> list[str]:
    """Create the demo places and activities once (`MeetingplacesConfig.demo_seeder`)."""
    created = seed_meeting_places()
    if created is None:
        return ["The demo meeting places exist already; nothing to create."]
    places, activities = created
    return [f"Created {places} demo meeting places and {activities} activities."]


@transaction.atomic
def seed_meeting_places(today: dt.date | None = None) -> tuple[int, int] | None:
    if MeetingPlace.objects.filter(slug=CENTRE).exists():
        return None
    if not Organisation.objects.filter(welfare_area__slug="keski-suomi").exists():
        return None  # the registry's seeder has not run
    return Seeder(today or local_today()).run()


class Seeder(ActivitySeeding):
    def __init__(self, today: dt.date) -> None:
        self.today = today
        self.rng = random.Random(SEED)
        self.terms = {term.slug: term for term in Term.objects.all()}
        self.municipalities = {m.code: m for m in Municipality.objects.all()}
        self.place_slugs = set(MeetingPlace.objects.values_list("slug", flat=True))
        self.activity_slugs = set(Activity.objects.values_list("slug", flat=True))
        self.phones = 0
        self.support = self._support_organisation()
        self.orgs = self._organisations()
        self.by_slug = {org.organisation.slug: org for org in self.orgs}
        self.by_code: dict[str, list[Org]] = defaultdict(list)
        for org in self.orgs:
            for code in org.codes:
                self.by_code[code].append(org)
        # Organisations at home in a municipality: named after it or one of its villages.
        self.home: dict[str, list[Org]] = defaultdict(list)
        for code, orgs in self.by_code.items():
            gens = _genitives(code)
            self.home[code] = [o for o in orgs if gens & set(o.organisation.name.split())]
        self.used: set[tuple[int, int, str]] = set()

    # --- organisations -----------------------------------------------------------------------

    def _support_organisation(self) -> Organisation:
        data = SUPPORT_ORGANISATION
        existing = Organisation.objects.filter(slug=data["slug"]).first()
        if existing is not None:
            return existing
        area = WelfareArea.objects.get(slug="keski-suomi")
        identifiers = Identifiers.load()
        organisation = Organisation.objects.create(
            name=data["name"],
            slug=data["slug"],
            kind="association",
            # Its own random stream: the places and activities come out the same either way.
            business_id=identifiers.business_id(random.Random(SEED + 1)),
            register_number=identifiers.register_number(random.Random(SEED + 2)),
            welfare_area=area,
            categories=["other"],
            roles=["civil_society", "volunteering", "participation"],
            languages=["fi", "en", "selko"],
            staffing="employees",
            email=f"info@{data['slug']}.{EMAIL_DOMAIN}",
            website=f"https://{data['slug']}.{EMAIL_DOMAIN}/",
            description_fi=data["description_fi"],
            summary_fi=data["summary_fi"],
            status=Status.PUBLISHED,
            last_confirmed_at=dt.datetime.combine(
                self.today - dt.timedelta(days=30), dt.time(12), tzinfo=dt.UTC
            ),
        )
        organisation.municipalities.set(area.municipalities.all())
        organisation.themes.set([self.terms[slug] for slug in data["themes"]])
        organisation.target_groups.set([self.terms[slug] for slug in data["target_groups"]])
        organisation_refresh_search(organisation=organisation)
        organisation_record_version(
            organisation=organisation, user=None, action="created", note="Demo data"
        )
        return organisation

    def _organisations(self) -> list[Org]:
        queryset = (
            Organisation.objects.filter(
                status=Status.PUBLISHED,
                merged_into__isnull=True,
                welfare_area__slug__in=["keski-suomi", "vantaa-kerava"],
            )
            .prefetch_related(
                Prefetch("municipalities", queryset=Municipality.objects.order_by("code")),
                "themes",
                "target_groups",
            )
            .select_related("welfare_area")
            .order_by("pk")
        )
        return [
            Org(
                organisation=organisation,
                codes=[m.code for m in organisation.municipalities.all()],
                themes={term.slug for term in organisation.themes.all()},
                target_groups=sorted(term.slug for term in organisation.target_groups.all()),
                categories=list(organisation.categories),
            )
            for organisation in queryset
        ]

    # --- the whole run -----------------------------------------------------------------------

    def run(self) -> tuple[int, int]:
        specs = list(KESKI_SUOMI) + self._villages() + list(VANTAA_KERAVA)
        places = [(spec, self._place(spec)) for spec in specs]
        MeetingPlace.objects.bulk_create([place for _spec, place in places])
        runners = {spec.key: self._runners(spec) for spec in specs}
        MeetingPlace.organisations.through.objects.bulk_create(
            [
                MeetingPlace.organisations.through(
                    meetingplace_id=place.pk, organisation_id=org.organisation.pk
                )
                for spec, place in places
                for org in runners[spec.key]
            ]
        )
        OpeningHours.objects.bulk_create(
            [
                OpeningHours(place=place, weekday=day, opens=opens, closes=closes)
                for spec, place in places
                for day, opens, closes in (spec.hours or self._village_hours())
            ]
        )
        OpeningException.objects.bulk_create(
            [row for _spec, place in places for row in self._christmas(place)]
        )
        for _spec, place in places:
            place_saved(place)

        built: list[tuple[Activity, list[str], list[str]]] = []
        for spec, place in places:
            for _ in range(spec.activities):
                item = self._activity_at(spec, place, runners[spec.key])
                if item is not None:
                    built.append(item)
        built += self._elsewhere(Venue.ADDRESS, ADDRESS_ACTIVITIES)
        built += self._elsewhere(Venue.ONLINE, ONLINE_ACTIVITIES)
        for activity, *_relations in self.rng.sample(built, k=DRAFT_ACTIVITIES):
            activity.status = PublishStatus.DRAFT

        Activity.objects.bulk_create([activity for activity, *_rest in built])
        through_themes = Activity.themes.through
        through_groups = Activity.target_groups.through
        through_themes.objects.bulk_create(
            [
                through_themes(activity_id=activity.pk, term_id=self.terms[slug].pk)
                for activity, themes, _groups in built
                for slug in themes
            ]
        )
        through_groups.objects.bulk_create(
            [
                through_groups(activity_id=activity.pk, term_id=self.terms[slug].pk)
                for activity, _themes, groups in built
                for slug in groups
            ]
        )
        # The occurrences in one bulk INSERT, exactly as services.occurrences_regenerate would
        # store them; below, the rest (area, search entries) in step.
        horizon = self.today + dt.timedelta(days=HORIZON_DAYS)
        occurrences = []
        for activity, *_rest in built:
            if activity.status == PublishStatus.ARCHIVED:
                continue
            closures = Closures.of(activity, self.today, horizon)
            for day, start, end in Schedule.of(activity).occurrences(self.today, horizon):
                occurrence = Occurrence(activity=activity, date=day, starts_at=start, ends_at=end)
                closure = closures.on(day)  # a holiday or a closed day at its place
                if closure is not None:
                    occurrence.status = Occurrence.Status.CANCELLED
                    occurrence.closure, occurrence.note = closure
                occurrences.append(occurrence)
        Occurrence.objects.bulk_create(occurrences, batch_size=2000)
        # What activity_saved brings in step after a save, in bulk (one search replace instead
        # of 400 entry saves: a third of the demo's seeding time): the dates are stored above
        # exactly as occurrences_regenerate would store them, the area is the organisation's.
        ids = [activity.pk for activity, *_rest in built]
        Activity.objects.filter(pk__in=ids).update(
            welfare_area_id=Subquery(
                Organisation.objects.filter(pk=OuterRef("organisation_id")).values(
                    "welfare_area_id"
                )
            )
        )
        activities_refresh_search(ids)
        organisation_pages_changed({activity.organisation_id for activity, *_rest in built})
        return len(places), len(built)

    # --- places ------------------------------------------------------------------------------

    def _villages(self) -> list[PlaceSpec]:
        return [
            PlaceSpec(
                key,
                "village_house",
                (name, "", ""),
                code,
                street,
                postcode,
                village=True,
                runners=runners,
                prefer=VILLAGE_RUNNERS,
                activities=self.rng.randint(5, 9),
                directions=self.rng.choice(VILLAGE_DIRECTIONS),
            )
            for key, name, code, street, postcode, runners in VILLAGES
        ]

    def _place(self, spec: PlaceSpec) -> MeetingPlace:
        rng = self.rng
        municipality = self.municipalities[spec.code]
        spread = (0.06, 0.12) if spec.village else (0.012, 0.024)
        latitude = float(municipality.latitude) + rng.uniform(-spread[0], spread[0])
        longitude = float(municipality.longitude) + rng.uniform(-spread[1], spread[1])
        big = spec.kind in ("activity_centre", "volunteer_point")
        chance = 0.95 if big else 0.5
        directions = spec.directions if spec.directions[0] else rng.choice(TOWN_DIRECTIONS)
        label = spec.key[:50].strip("-")
        area_id = municipality.welfare_area_id
        if area_id is None:
            raise ValueError(f"The demo's municipality {spec.code} belongs to no welfare area.")
        return MeetingPlace(
            welfare_area_id=area_id,
            name_fi=spec.name[0],
            name_sv=spec.name[1],
            name_en=spec.name[2],
            slug=self._slug(spec.key, self.place_slugs),
            kind=spec.kind,
            street_address=spec.street,
            postcode=spec.postcode,
            municipality=municipality,
            latitude=round(latitude, 5),
            longitude=round(longitude, 5),
            location_source="pin",
            directions_fi=directions[0],
            directions_sv=directions[1],
            directions_en=directions[2],
            description_fi=_place_description(spec),
            is_free=True,
            no_signup=True,
            no_referral=True,
            anonymous_welcome=spec.kind in ("volunteer_point", "cafe") or rng.random() < 0.3,
            substance_free=spec.kind != "volunteer_point" and rng.random() < 0.6,
            has_volunteers=True,
            has_peers=big or rng.random() < 0.5,
            has_professionals=big or rng.random() < 0.2,
            step_free_entrance=rng.random() < chance,
            accessible_toilet=rng.random() < chance,
            induction_loop=big or rng.random() < 0.2,
            parking=spec.village or rng.random() < 0.5,
            public_transport=not spec.village or rng.random() < 0.3,
            assistance_animals=rng.random() < 0.8,
            accessibility_fi=(
                "Kynnyksetön sisäänkäynti ja esteetön wc. Pyörätuolilla pääsee kaikkiin tiloihin."
                if big
                else ""
            ),
            languages=list(spec.languages),
            email=f"{label}@{EMAIL_DOMAIN}",
            phone=self._phone() if big or rng.random() < 0.4 else "",
            open_on_public_holidays=spec.kind == "volunteer_point" and "sairaala" in spec.key,
            status=PublishStatus.PUBLISHED,
        )

    def _village_hours(self) -> list[tuple[int, dt.time, dt.time]]:
        rng = self.rng
        options = [
            (1, dt.time(10), dt.time(14)),
            (3, dt.time(17), dt.time(20)),
            (2, dt.time(9), dt.time(12)),
            (6, dt.time(12), dt.time(15)),
            (4, dt.time(10), dt.time(13)),
        ]
        return sorted(rng.sample(options, k=rng.randint(1, 3)))

    def _christmas(self, place: MeetingPlace) -> list[OpeningException]:
        """Some places close for the week after Christmas; some hand out porridge on the eve."""
        rng = self.rng
        year = self.today.year
        rows: list[OpeningException] = []
        if rng.random() < 0.5:
            for day in range(27, 32):
                rows.append(
                    OpeningException(
                        place=place, date=dt.date(year, 12, day), closed=True, note="Joulutauko"
                    )
                )
        if rng.random() < 0.25:
            rows.append(
                OpeningException(
                    place=place,
                    date=dt.date(year, 12, 24),
                    closed=False,
                    opens=dt.time(10),
                    closes=dt.time(12),
                    note="Jouluaaton puuro",
                )
            )
        return rows

    def _runners(self, spec: PlaceSpec) -> list[Org]:
        named = []
        for slug in spec.runners:
            if slug == "support":
                org = self.by_slug.get(self.support.slug)
            else:
                org = self.by_slug.get(slug)
            if org is not None:
                named.append(org)
        if len(named) >= 2 or (named and spec.kind != "village_house"):
            return named
        local = [org for org in self.home[spec.code] if org not in named]
        local = local or [org for org in self.by_code[spec.code] if org not in named]
        fitting = [
            org for org in local if any(word in org.organisation.name for word in spec.prefer)
        ]
        pool = fitting or local
        if not pool:
            return named or [self.by_slug[self.support.slug]]
        wanted = 2 - len(named) if named else self.rng.randint(1, 2)
        return named + self.rng.sample(pool, k=min(len(pool), wanted))


def _genitives(code: str) -> set[str]:
    """The genitives of a municipality and its villages ("Jyväskylän", "Palokan")."""
    if code not in MUNICIPALITIES:
        return set()
    genitive, _locative, _population, subs = MUNICIPALITIES[code]
    return {genitive, *(sub_genitive for _name, sub_genitive in subs)}


def _place_description(spec: PlaceSpec) -> str:
    return DESCRIPTIONS.get(spec.kind, DESCRIPTIONS["default"])
