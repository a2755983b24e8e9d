"""An organisation's entry in the shared search (search/README.md): what it holds
(`organisation_search_entry`) and the service that keeps it current
(`organisation_search_entry_refresh`, called by services.core.organisation_refresh_search after
every change a resident could see).
"""

from __future__ import annotations

import functools

from django.conf import settings
from django.utils import translation

from areas.models import Postcode, WelfareArea
from portal.lib.translation import filled_values
from search.entries import (
    search_entries_replace,
    search_entry_save,
    summary_and_description_bodies,
)
from search.models import SearchEntry
from search.text import index_terms

from .models import Category, Organisation, Status

KIND = SearchEntry.Kind.ORGANISATION


@functools.cache
def category_words(category: str) -> str:
    """A sector's name in every interface language, so a search in any of them finds it."""
    label = dict(Category.choices).get(category)
    if label is None:
        return ""
    names: list[str] = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            name = str(label)
        if name not in names:
            names.append(name)
    return " ".join(names)


def search_fields(
    organisation, *, municipalities, target_groups, themes, networks, index=index_terms
) -> tuple[str, list[str]]:
    """(extra words, facet keys) of an organisation's search entry, from
    the organisation and its relations in the models' orders.

    The extra words carry compound-word parts of the Finnish texts and the names of the
    municipalities, sectors, target groups and themes. Those names go in Swedish and English
    too: most profiles are written only in Finnish, and a search in Swedish ("minne") or
    English ("memory") still finds them by what they are about and where they are.
    """
    terms = [*target_groups, *themes]
    extra = [
        index(
            organisation.name,
            organisation.display_name,
            organisation.summary_fi,
            organisation.description_fi,
        ),
        " ".join(m.name_fi for m in municipalities),
        " ".join(t.name_fi for t in terms),
        " ".join(m.name_sv for m in municipalities if m.name_sv and m.name_sv != m.name_fi),
        " ".join(name for t in terms for name in (t.name_sv, t.name_en) if name),
        " ".join(category_words(c) for c in organisation.categories),
    ]
    keys = [f"cat:{c}" for c in organisation.categories]
    keys += [f"mun:{m.code}" for m in municipalities]
    keys += [f"tg:{t.slug}" for t in target_groups]
    keys += [f"th:{t.slug}" for t in themes]
    keys += [f"lang:{code}" for code in organisation.languages]
    keys += [f"net:{n.slug}" for n in networks]
    keys.append(f"svc:{'yes' if organisation.produces_services else 'no'}")
    return " ".join(part for part in extra if part), sorted(set(keys))


def entry_point(organisation: Organisation, postcode, home) -> tuple[float, float, bool] | None:
    """(latitude, longitude, exact) of an organisation's entry: its own pinned point (a true
    distance), else its postcode area's point, else its first municipality's centre (both only
    place it in a radius search: no distance is shown). None without any of them."""
    if organisation.point is not None:
        return (*organisation.point, True)
    for source in (postcode, home):
        if source is not None:
            return (float(source.latitude), float(source.longitude), False)
    return None


def organisation_search_entry(
    organisation: Organisation,
    *,
    municipalities,
    target_groups,
    themes,
    networks,
    welfare_area,
    postcode=None,
) -> SearchEntry | None:
    """The search entry of a publicly visible organisation (None when it is not), from the
    organisation and its relations (no queries): the relations in the models' orders, and
    `postcode` the areas.Postcode of its postcode (None when it has none or it is unknown)."""
    if organisation.status != Status.PUBLISHED or organisation.merged_into_id is not None:
        return None
    extra, keys = search_fields(
        organisation,
        municipalities=municipalities,
        target_groups=target_groups,
        themes=themes,
        networks=networks,
    )
    if welfare_area is not None:
        keys = sorted({*keys, f"area:{welfare_area.slug}"})
    home = municipalities[0] if municipalities else None
    point = entry_point(organisation, postcode, home)
    address = " ".join(filter(None, [organisation.street_address, organisation.postcode]))
    if address:
        extra = f"{extra} {address}"
    return SearchEntry(
        kind=KIND,
        object_id=organisation.pk,
        welfare_area_id=organisation.welfare_area_id,
        title=organisation.name,
        subtitle=organisation.display_name,
        # The summary, compound parts and å/ä/ö-less forms, and the places' and terms' names
        # in every language (search_fields), with their own parts and folded forms.
        keywords=" ".join(filter(None, [organisation.summary_fi, extra, index_terms(extra)])),
        # Each language's texts with its own configuration (the Finnish summary is a keyword).
        **summary_and_description_bodies(organisation),
        facet_keys=keys,
        latitude=point[0] if point else None,
        longitude=point[1] if point else None,
        point_exact=bool(point and point[2]),
        card={
            "slug": organisation.slug,
            "name": organisation.name,
            "display_name": organisation.display_name,
            "summary": filled_values(organisation, "summary"),
            "categories": list(organisation.categories),
            "area": filled_values(welfare_area) if welfare_area else {},
            "municipalities": [filled_values(m) for m in municipalities],
            "target_groups": [filled_values(t) for t in target_groups],
            **_address_card(organisation, postcode, point),
        },
    )


def _address_card(organisation: Organisation, postcode, point) -> dict:
    """The card's address ("Kauppakatu 1", "40100", the post office's names) and its own point
    for the results map, only when it has them."""
    card: dict = {}
    if organisation.street_address:
        card["address"] = organisation.street_address
    if organisation.postcode:
        card["postcode"] = organisation.postcode
        if postcode is not None:
            card["post_office"] = filled_values(postcode)
    if point and point[2]:
        card["point"] = list(point[:2])
    return card


def suggestable(municipalities, terms) -> list[str]:
    """Names worth suggesting for a misspelt word: the places and terms of an organisation."""
    return [name for obj in [*municipalities, *terms] for name in filled_values(obj).values()]


def organisation_search_entry_refresh(*, organisation: Organisation) -> None:
    """Store the organisation's search entry, or remove it when the organisation is no longer
    public. Called by services.core.organisation_refresh_search."""
    organisation = (
        Organisation.objects.select_related("welfare_area")
        .prefetch_related("municipalities", "target_groups", "themes", "networks")
        .get(pk=organisation.pk)
    )
    municipalities = list(organisation.municipalities.all())
    target_groups = list(organisation.target_groups.all())
    themes = list(organisation.themes.all())
    postcode = None
    if organisation.postcode:  # its point (without a pin) and its post office's name
        postcode = Postcode.objects.filter(code=organisation.postcode).first()
    entry = organisation_search_entry(
        organisation,
        municipalities=municipalities,
        target_groups=target_groups,
        themes=themes,
        networks=list(organisation.networks.all()),
        welfare_area=organisation.welfare_area,
        postcode=postcode,
    )
    search_entry_save(
        entry=entry,
        kind=KIND,
        object_id=organisation.pk,
        words=suggestable(municipalities, [*target_groups, *themes]),
    )


def organisation_search_entries_build(*, organisation_ids: list[int], batch_size=2000) -> None:
    """Bulk form of organisation_search_entry_refresh for data loads and the data migration."""
    areas: dict[int | None, WelfareArea] = {area.pk: area for area in WelfareArea.objects.all()}
    for start in range(0, len(organisation_ids), batch_size):
        ids = organisation_ids[start : start + batch_size]
        organisations = list(
            Organisation.objects.filter(pk__in=ids).prefetch_related(
                "municipalities", "target_groups", "themes", "networks"
            )
        )
        codes = {o.postcode for o in organisations if o.postcode}
        postcodes = Postcode.objects.in_bulk(codes) if codes else {}
        built, words = [], set()
        for organisation in organisations:
            municipalities = list(organisation.municipalities.all())
            terms = [*organisation.target_groups.all(), *organisation.themes.all()]
            entry = organisation_search_entry(
                organisation,
                municipalities=municipalities,
                target_groups=list(organisation.target_groups.all()),
                themes=list(organisation.themes.all()),
                networks=list(organisation.networks.all()),
                welfare_area=areas.get(organisation.welfare_area_id),
                postcode=postcodes.get(organisation.postcode),
            )
            if entry is not None:
                built.append(entry)
                words.update(suggestable(municipalities, terms))
        search_entries_replace(kind=KIND, object_ids=ids, entries=built, words=words)
