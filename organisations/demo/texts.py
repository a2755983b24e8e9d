"""Descriptions and plain-language summaries of demo organisations, assembled from pieces."""

from __future__ import annotations

import random

from .places import Place
from .vocabulary import SECTOR_EN, SECTOR_SV, SERVICE_PARTITIVE, Template

CLOSINGS = [
    "Toiminta perustuu vapaaehtoisuuteen, ja uudet jäsenet ovat aina tervetulleita.",
    "Teemme yhteistyötä hyvinvointialueen, kunnan ja muiden yhdistysten kanssa.",
    "Kokoonnumme pääosin syys- ja kevätkaudella, ja kesällä teemme retkiä.",
    "Toimintaan voi tulla mukaan ilman lähetettä tai ajanvarausta.",
    "Kerromme toiminnastamme paikallislehdessä ja verkkosivuillamme.",
    "Useimmat tapahtumamme ovat maksuttomia.",
    "Kuuntelemme jäsenten toiveita ja viemme heidän ääntään päätöksentekoon.",
]
VOLUNTEER_NOTE = (
    "Meillä ei ole palkattua henkilökuntaa, vaan toiminta pyörii vapaaehtoisten voimin."
)
SELKO_ENDINGS = [
    "Voit tulla mukaan.",
    "Uudet ihmiset ovat tervetulleita.",
    "Voit kysyä lisää sähköpostilla.",
    "Toimintaan ei tarvita lähetettä.",
]


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


def description_sv(*, category: str, template: Template, municipality_sv: str, services: bool):
    subject = "Stiftelsen" if template.kind == "foundation" else "Föreningen"
    text = (
        f"{subject} ordnar verksamhet för {SECTOR_SV[category]} i {municipality_sv}. "
        "Verksamheten bygger på frivilliga krafter och nya deltagare är välkomna."
    )
    if services:
        text += " Vi producerar också tjänster för välfärdsområdet."
    return text


def description_en(*, category: str, template: Template, municipality: str, services: bool):
    subject = "The foundation" if template.kind == "foundation" else "The association"
    text = (
        f"{subject} organises activities for {SECTOR_EN[category]} in {municipality}. "
        "The work is run largely by volunteers and newcomers are welcome."
    )
    if services:
        text += " We also produce services for the welfare area."
    return text
