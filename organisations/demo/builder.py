"""Shared machinery of the demo data: look-ups, unique identifiers, rows and the bulk insert.

One organisation is built in memory as a `Row` (the unsaved model instance and the ids of its
many-to-many relations); `insert_rows` writes many rows with a handful of bulk INSERTs and their
search entries the way `services.core.organisation_refresh_search` does.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from areas.models import Municipality, WelfareArea
from search.entries import search_entries_replace
from taxonomy.models import Network, Term

from ..models import Organisation, OrganisationVersion, Status
from ..search_entry import KIND, organisation_search_entry, suggestable
from ..services.core import SNAPSHOT_FIELDS
from ..validators import business_id_check_digit
from . import texts
from .places import Place, municipality_place, region_place, sub_places, weight
from .vocabulary import ROLES, SECTOR_NETWORKS, TEMPLATES, Template

# How the sectors of the registry are weighted (domain.md: "The associations").
CATEGORY_WEIGHTS: dict[str, int] = {
    "older_people": 100,
    "patient_disability": 98,
    "child_family": 90,
    "wellbeing": 65,
    "mental_substance": 35,
    "carers": 8,
    "rescue": 9,
    "youth": 7,
    "employment": 30,
    "other": 58,
}

EMAIL_DOMAIN = "yhdessa.example"


@dataclass
class Context:
    """What the builder needs from the database for one welfare area."""

    area: WelfareArea
    municipalities: dict[str, Municipality]  # by code
    terms: dict[str, Term]  # by slug
    networks: list[Network]

    @classmethod
    def load(cls, area_slug: str) -> Context:
        area = WelfareArea.objects.get(slug=area_slug)
        municipalities = {m.code: m for m in area.municipalities.order_by("code")}
        terms = {t.slug: t for t in Term.objects.all()}
        networks = list(area.networks.order_by("slug"))
        return cls(area=area, municipalities=municipalities, terms=terms, networks=networks)

    def network(self, *, kind: str | None = None, suffix: str | None = None) -> Network | None:
        for network in self.networks:
            if kind and network.kind == kind:
                return network
            if suffix and network.slug.endswith(suffix):
                return network
        return None


@dataclass
class Identifiers:
    """Slugs, business IDs and register numbers already taken; hands out new unique ones."""

    slugs: set[str] = field(default_factory=set)
    business_ids: set[str] = field(default_factory=set)
    register_numbers: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)
    _suffix: dict[str, int] = field(default_factory=dict)

    @classmethod
    def load(cls) -> Identifiers:
        ids = cls()
        for slug, business_id, register_number, name in Organisation.objects.values_list(
            "slug", "business_id", "register_number", "name"
        ):
            ids.slugs.add(slug)
            ids.names.add(name)
            if business_id:
                ids.business_ids.add(business_id)
            if register_number:
                ids.register_numbers.add(register_number)
        return ids

    def slug(self, name: str) -> str:
        base = slugify(name.removesuffix(" ry").removesuffix(" sr"))[:200].strip("-")
        slug = base
        number = self._suffix.get(base, 1)
        while slug in self.slugs:
            number += 1
            slug = f"{base}-{number}"
        self._suffix[base] = number
        self.slugs.add(slug)
        return slug

    def business_id(self, rng: random.Random) -> str:
        while True:
            digits = f"{rng.randint(150_000, 3_499_999):07d}"
            check = business_id_check_digit(digits)
            value = f"{digits}-{check}"
            if check is not None and value not in self.business_ids:
                self.business_ids.add(value)
                return value

    def register_number(self, rng: random.Random) -> str:
        while True:
            value = f"{rng.randint(100, 229)}.{rng.randint(0, 999):03d}"
            if value not in self.register_numbers:
                self.register_numbers.add(value)
                return value


@dataclass
class Row:
    organisation: Organisation
    municipality_ids: list[int]
    target_group_ids: list[int]
    theme_ids: list[int]
    network_ids: list[int]


class Builder:
    """Makes realistic organisation rows for one welfare area, deterministically from `rng`."""

    def __init__(
        self, *, context: Context, identifiers: Identifiers, rng: random.Random, now: datetime
    ) -> None:
        self.ctx = context
        self.ids = identifiers
        self.rng = rng
        self.now = now
        self.codes = list(context.municipalities)
        self.weights = [weight(code) for code in self.codes]
        self.subs = {code: sub_places(code) for code in self.codes}
        self.region = region_place(context.area.slug)

    # Places and names

    def municipality(self, code: str) -> Place:
        return municipality_place(code, self.ctx.municipalities[code].name_fi)

    def random_place(self) -> Place:
        rng = self.rng
        if rng.random() < 0.04:
            return self.region
        code = rng.choices(self.codes, self.weights)[0]
        subs = self.subs[code]
        share = 0.45 if len(subs) > 10 else 0.3
        if subs and rng.random() < share:
            return rng.choice(subs)
        return self.municipality(code)

    def name_for(self, template: Template, place: Place, nick: str = "") -> str:
        return template.pattern.format(g=place.gen, nick=nick)

    def pick(self, category: str, *, attempts: int = 60) -> tuple[Template, Place, str]:
        """A template, place and nickname whose name is not taken yet, if one is found."""
        rng = self.rng
        templates = TEMPLATES[category]
        for _attempt in range(attempts):
            place = self.random_place()
            fitting = [t for t in templates if place.level in t.levels]
            if not fitting:
                continue
            template = rng.choices(fitting, [t.weight for t in fitting])[0]
            nick = rng.choice(template.nicknames) if template.nicknames else ""
            if self.name_for(template, place, nick) not in self.ids.names:
                return template, place, nick
        # Everything near is taken: accept a repeated name (only in very large data sets).
        place = self.municipality(rng.choices(self.codes, self.weights)[0])
        fitting = [t for t in templates if "muni" in t.levels] or templates
        template = rng.choice(fitting)
        nick = rng.choice(template.nicknames) if template.nicknames else ""
        return template, place, nick

    # One organisation

    def make(
        self,
        category: str,
        template: Template,
        place: Place,
        *,
        nick: str = "",
        status: str = Status.PUBLISHED,
        parent: Organisation | None = None,
        services: bool | None = None,
    ) -> Row:
        rng = self.rng
        ctx = self.ctx
        name = self.name_for(template, place, nick)
        self.ids.names.add(name)
        slug = self.ids.slug(name)
        is_foundation = template.kind == "foundation"

        if services is None:
            services = rng.random() < template.service_share
        service_kinds = []
        if services and template.service_kinds:
            kinds = list(template.service_kinds)
            service_kinds = sorted(rng.sample(kinds, k=rng.randint(1, len(kinds))))
        if service_kinds:
            staffing = "employees" if rng.random() < 0.75 else "part_time"
        else:
            staffing = "volunteers" if rng.random() < 0.9 else "part_time"

        roles = list(ROLES[category])
        chosen_roles = [roles[0], *rng.sample(roles[1:], k=rng.randint(1, 2))]
        if service_kinds:
            chosen_roles.insert(0, "services")

        target_groups = [template.target_groups[0]] + [
            slug_ for slug_ in template.target_groups[1:] if rng.random() < 0.6
        ]
        themes = [template.themes[0]] + [t for t in template.themes[1:] if rng.random() < 0.7]
        if "volunteering" not in themes and staffing == "volunteers" and rng.random() < 0.2:
            themes.append("volunteering")

        codes = [place.municipality_code]
        if place.level == "region":
            codes = list(self.codes)
        elif rng.random() < 0.15:
            codes += rng.sample(self.codes, k=rng.randint(1, 2))
        codes = list(dict.fromkeys(codes))

        languages = ["fi"]
        other_languages = ""
        multilingual_area = ctx.area.slug != "keski-suomi"
        if rng.random() < (0.08 if multilingual_area else 0.04):
            languages.append("sv")
        if rng.random() < (0.3 if multilingual_area else 0.08):
            languages.append("en")
        if rng.random() < 0.15:
            languages.append("selko")
        if multilingual_area and rng.random() < 0.25:
            languages.append("other")
            other_languages = ", ".join(
                rng.sample(["arabia", "venäjä", "somali", "viro", "dari", "ukraina"], k=2)
            )

        networks: list[Network | None] = []
        if rng.random() < 0.12:
            networks.append(ctx.network(kind="arena"))
        if rng.random() < (0.06 if place.level == "region" else 0.015):
            networks.append(ctx.network(kind="partnership_table"))
        if category in SECTOR_NETWORKS and rng.random() < 0.25:
            networks.append(ctx.network(suffix=SECTOR_NETWORKS[category]))
        if rng.random() < (0.3 if category == "rescue" else 0.015):
            networks.append(ctx.network(kind="expert_group"))
        network_ids = sorted({n.pk for n in networks if n is not None})

        founded = rng.randint(1948, 2021)
        description_fi = texts.description_fi(
            rng,
            name=name,
            template=template,
            place=place,
            staffing=staffing,
            service_kinds=service_kinds,
            founded=founded,
        )
        summary_fi = texts.summary_fi(rng, template=template, place=place)
        home = ctx.municipalities[place.municipality_code]
        with_sv = rng.random() < 0.07 or "sv" in languages
        with_en = rng.random() < 0.07 or "en" in languages
        description_sv = description_en = ""
        if with_sv or with_en:
            # Texts in several languages say the same: all three built from the same facts.
            translated = texts.translated_descriptions(
                name=name,
                template=template,
                place=place,
                municipality=home,
                founded=founded,
                staffing=staffing,
                service_kinds=service_kinds,
                target_groups=[ctx.terms[s] for s in target_groups],
                themes=[ctx.terms[s] for s in themes],
            )
            description_fi = translated["fi"]
            description_sv = translated["sv"] if with_sv else ""
            description_en = translated["en"] if with_en else ""

        label = slug[:63].strip("-")
        confirmed = self.now - timedelta(days=rng.triangular(0, 730, 60))
        created = confirmed - timedelta(days=rng.uniform(20, 1500))
        reviewed = None
        if status == Status.PUBLISHED and rng.random() < 0.5:
            reviewed = confirmed + timedelta(days=rng.uniform(0, 5))
            reviewed = min(reviewed, self.now)
        organisation = Organisation(
            name=name,
            display_name=nick,
            slug=slug,
            kind="foundation" if is_foundation else "association",
            business_id=(self.ids.business_id(rng) if is_foundation or rng.random() < 0.68 else ""),
            register_number=(
                self.ids.register_number(rng) if not is_foundation and rng.random() < 0.9 else ""
            ),
            parent=parent,
            welfare_area=ctx.area,
            categories=[category, *template.extra_categories],
            roles=chosen_roles,
            languages=languages,
            other_languages=other_languages,
            produces_services=bool(service_kinds),
            service_kinds=service_kinds,
            staffing=staffing,
            email=f"info@{label}.{EMAIL_DOMAIN}",
            website=f"https://{label}.{EMAIL_DOMAIN}/" if rng.random() < 0.5 else "",
            description_fi=description_fi,
            description_sv=description_sv,
            description_en=description_en,
            summary_fi=summary_fi,
            status=status,
            last_confirmed_at=confirmed if status != Status.DRAFT else None,
            last_reviewed_at=reviewed,
            created_at=created if status != Status.DRAFT else self.now - timedelta(days=3),
        )
        return Row(
            organisation=organisation,
            municipality_ids=sorted(ctx.municipalities[code].pk for code in codes),
            target_group_ids=sorted(ctx.terms[s].pk for s in target_groups),
            theme_ids=sorted(ctx.terms[s].pk for s in themes),
            network_ids=network_ids,
        )

    def make_random(self, category: str, *, attempts: int = 60) -> Row:
        template, place, nick = self.pick(category, attempts=attempts)
        return self.make(category, template, place, nick=nick)


# Search entries: organisations.search_entry's entry of each row, without queries.


class Lookups:
    """Names and keys of municipalities, terms, networks and areas by primary key."""

    def __init__(self) -> None:
        self.municipalities = {m.pk: m for m in Municipality.objects.all()}
        self.terms = {t.pk: t for t in Term.objects.all()}
        self.networks = {n.pk: n for n in Network.objects.all()}
        self.areas = {a.pk: a for a in WelfareArea.objects.all()}


def _relations(row: Row, lookups: Lookups) -> dict:
    """The row's relations in the models' default orderings, as the service's queries return
    them."""
    return {
        "municipalities": sorted(
            (lookups.municipalities[pk] for pk in row.municipality_ids), key=lambda m: m.name_fi
        ),
        "target_groups": sorted(
            (lookups.terms[pk] for pk in row.target_group_ids), key=lambda t: (t.kind, t.name_fi)
        ),
        "themes": sorted(
            (lookups.terms[pk] for pk in row.theme_ids), key=lambda t: (t.kind, t.name_fi)
        ),
        "networks": [lookups.networks[pk] for pk in row.network_ids],
    }


def insert_search_entries(rows: list[Row], lookups: Lookups) -> None:
    """The directory's search entries of the inserted rows (organisations.search_entry)."""
    built, words = [], set()
    for row in rows:
        relations = _relations(row, lookups)
        org = row.organisation
        area_id = org.welfare_area_id
        entry = organisation_search_entry(
            org, welfare_area=lookups.areas.get(area_id) if area_id else None, **relations
        )
        if entry is not None:
            built.append(entry)
            terms = [*relations["target_groups"], *relations["themes"]]
            words.update(suggestable(relations["municipalities"], terms))
    search_entries_replace(
        kind=KIND, object_ids=[row.organisation.pk for row in rows], entries=built, words=words
    )


def snapshot(row: Row) -> dict:
    """services.core.organisation_snapshot without the queries."""
    org = row.organisation
    data = {name: getattr(org, name) for name in SNAPSHOT_FIELDS}
    data["municipalities"] = sorted(row.municipality_ids)
    data["target_groups"] = sorted(row.target_group_ids)
    data["themes"] = sorted(row.theme_ids)
    data["networks"] = sorted(row.network_ids)
    data["logo"] = ""
    return data


def insert_rows(rows: list[Row], *, history: bool = False, batch_size: int = 2500) -> int:
    """Bulk-insert the rows with their relations (and a "created" history entry each).

    Organisations (with ids taken from their sequence) and the many-to-many through rows are
    streamed with COPY, several times faster than INSERTs for tens of thousands of rows.
    """
    lookups = Lookups()
    links = [
        (Organisation.municipalities.through, "municipality_id", "municipality_ids"),
        (Organisation.target_groups.through, "term_id", "target_group_ids"),
        (Organisation.themes.through, "term_id", "theme_ids"),
        (Organisation.networks.through, "network_id", "network_ids"),
    ]
    for start in range(0, len(rows), batch_size):
        batch = rows[start : start + batch_size]
        with transaction.atomic():
            with connection.cursor() as cursor:
                _copy_organisations(cursor, [row.organisation for row in batch])
                for model, column, attribute in links:
                    table = connection.ops.quote_name(model._meta.db_table)
                    sql = f"COPY {table} (organisation_id, {column}) FROM STDIN"
                    with cursor.copy(sql) as copy:
                        for row in batch:
                            org_id = row.organisation.pk
                            for pk in getattr(row, attribute):
                                copy.write_row((org_id, pk))
            insert_search_entries(batch, lookups)
            if history:
                OrganisationVersion.objects.bulk_create(
                    [
                        OrganisationVersion(
                            organisation=row.organisation,
                            changed_at=row.organisation.created_at,
                            action="created",
                            note="Demo data",
                            snapshot=snapshot(row),
                        )
                        for row in batch
                    ]
                )
    return len(rows)


def _copy_organisations(cursor, organisations: list[Organisation]) -> None:
    """COPY the organisations in, giving each its id from the table's sequence first."""
    meta = Organisation._meta
    table = connection.ops.quote_name(meta.db_table)
    cursor.execute(
        "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
        [meta.db_table, len(organisations)],
    )
    now = timezone.now()
    for organisation, (pk,) in zip(organisations, cursor.fetchall(), strict=True):
        organisation.pk = pk
        organisation.updated_at = now
    fields = [field for field in meta.concrete_fields if not field.generated]
    # Every concrete field has its column (that is what makes it concrete).
    columns = ", ".join(connection.ops.quote_name(field.column or "") for field in fields)
    with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for organisation in organisations:
            copy.write_row(
                [
                    field.get_db_prep_save(getattr(organisation, field.attname), connection)
                    for field in fields
                ]
            )
    for organisation in organisations:
        organisation._state.adding = False
        organisation._state.db = "default"
