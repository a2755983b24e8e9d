"""Descriptions and plain-language summaries of demo organisations, assembled from pieces
(the fixed sentences are in data/texts.yaml)."""

from __future__ import annotations

import random
from pathlib import Path

from django.utils import translation

from areas.models import Municipality
from portal.lib.datafiles import read_yaml
from portal.lib.translation import localised

from ..models import ServiceKind, Term
from .places import Place
from .vocabulary import SERVICE_PARTITIVE, Template

_DATA = read_yaml(Path(__file__).parent / "data" / "texts.yaml")

CLOSINGS: list[str] = _DATA["closings"]
VOLUNTEER_NOTE: str = _DATA["volunteers_only"]["fi"]
SELKO_ENDINGS: list[str] = _DATA["selko_endings"]


def _join(items: list[str]) -> str:
    """'a, b ja c' in Finnish."""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " ja " + items[-1]


def description_fi(
    rng: random.Random,
    *,
    name: str,
    template: Template,
    place: Place,
    staffing: str,
    service_kinds: list[str],
    founded: int,
) -> str:
    noun = "säätiö" if template.kind == "foundation" else "yhdistys"
    openers = [
        f"{name} on vuonna {founded} perustettu {template.who_gen} {noun}.",
        f"Olemme {template.who_gen} {noun}, joka toimii {place.loc}.",
        f"{name} on {place.loc} toimiva {template.who_gen} {noun}.",
    ]
    sentences = [rng.choice(openers)]
    if template.note:
        sentences.append(template.note)
    acts = rng.sample(list(template.acts), k=min(len(template.acts), rng.randint(2, 3)))
    verb = rng.choice(["Järjestämme", "Tarjoamme"])
    sentences.append(f"{verb} {_join(acts)}.")
    if service_kinds:
        services = [SERVICE_PARTITIVE[kind] for kind in service_kinds]
        sentences.append(f"Tuotamme myös hyvinvointialueelle {_join(services)}.")
    elif staffing == "volunteers" and rng.random() < 0.4:
        sentences.append(VOLUNTEER_NOTE)
    if len(sentences) < 4 and rng.random() < 0.6:
        sentences.append(rng.choice(CLOSINGS))
    return " ".join(sentences)


def summary_fi(rng: random.Random, *, template: Template, place: Place) -> str:
    return " ".join(
        [
            f"Toiminta on tarkoitettu {template.who_all}.",
            f"Toimimme {place.loc}.",
            template.selko,
            rng.choice(SELKO_ENDINGS),
        ]
    )


# Where a profile works, in Swedish and English (the Finnish is the place's locative).
REGION_WHERE: dict[str, tuple[str, str]] = {
    region: (where["sv"], where["en"]) for region, where in _DATA["region_where"].items()
}


def _join_in(language: str, items: list[str]) -> str:
    """'a, b and c' in the language."""
    if len(items) == 1:
        return items[0]
    word = {"fi": "ja", "sv": "och", "en": "and"}[language]
    return ", ".join(items[:-1]) + f" {word} " + items[-1]


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def translated_descriptions(
    *,
    name: str,
    template: Template,
    place: Place,
    municipality: Municipality,
    founded: int,
    staffing: str,
    service_kinds: list[str],
    target_groups: list[Term],
    themes: list[Term],
) -> dict[str, str]:
    """The description of a profile with texts in Swedish or English, by language: the same
    sentences in Finnish, Swedish and English, built only from facts that have a name in all
    three (the taxonomy's terms, the kinds of services, the place), so that each language says
    the same thing about the organisation."""
    foundation = template.kind == "foundation"
    if place.level == "region":
        where_sv, where_en = REGION_WHERE[place.name]
    elif place.level == "sub":
        where_sv = f"i området {place.name} i {municipality.name_sv}"
        where_en = f"in the {place.name} area of {municipality.name_fi}"
    else:
        where_sv, where_en = f"i {municipality.name_sv}", f"in {municipality.name_fi}"
    texts: dict[str, list[str]] = {
        "fi": [
            f"{name} on vuonna {founded} perustettu {'säätiö' if foundation else 'yhdistys'}, "
            f"joka toimii {place.loc}."
        ],
        "sv": [
            f"{name} är en {'stiftelse' if foundation else 'förening'} som grundades {founded} "
            f"och verkar {where_sv}."
        ],
        "en": [
            f"{name} is {'a foundation' if foundation else 'an association'} founded in "
            f"{founded}, working {where_en}."
        ],
    }
    lead = {
        "fi": ("Kohderyhmämme: {}.", "Toimintamme teemat: {}."),
        "sv": ("Våra målgrupper: {}.", "Vår verksamhets teman: {}."),
        "en": ("Our target groups: {}.", "The themes of our work: {}."),
    }
    for language, sentences in texts.items():
        with translation.override(language):
            groups = [localised(term, "name") for term in target_groups]
            topics = [_lower_first(localised(term, "name")) for term in themes]
            services = [_lower_first(str(ServiceKind(kind).label)) for kind in service_kinds]
        groups_text, themes_text = lead[language]
        sentences.append(groups_text.format(_join_in(language, groups)))
        if topics:
            sentences.append(themes_text.format(_join_in(language, topics)))
        if services:
            sentences.append(SERVICES[language].format(_join_in(language, services)))
        elif staffing == "volunteers":
            sentences.append(VOLUNTEERS_ONLY[language])
        sentences.append(WELCOME[language])
    return {language: " ".join(sentences) for language, sentences in texts.items()}


SERVICES: dict[str, str] = _DATA["services"]
VOLUNTEERS_ONLY: dict[str, str] = _DATA["volunteers_only"]
WELCOME: dict[str, str] = _DATA["welcome"]
