"""What a shortlist's items show, in the person's language: title, plain-language summary,
next dates, address and how to get there, the page's address (and its QR code, drawn by `segno`
as an inline SVG: no image file, no system library, no request to anyone).

Only public things are shown: an item whose activity, place or organisation is no longer
public is left out (the residents' search has no entry for it either).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import segno
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from meetingplaces.models import Activity, MeetingPlace, Occurrence, Venue
from meetingplaces.schedule import Schedule, describe
from notifications.services import absolute_url
from organisations.models import Organisation
from portal.lib.phone import format_phone
from portal.lib.translation import localised

from .models import ItemKind

NEXT_DATES = 3


@dataclass
class Item:
    kind: str
    object_id: int
    kind_label: str
    title: str
    url: str  # absolute, in the language the item was resolved in
    summary: str = ""
    dates: list = field(default_factory=list)
    schedule: str = ""
    online: bool = False
    place: str = ""
    address: str = ""
    directions: str = ""
    organiser: str = ""
    organisation_slug: str = ""
    contact: list[str] = field(default_factory=list)
    sensitive: bool = False

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.object_id}"

    def qr_svg(self) -> str:
        """The page's address as a QR code: an inline SVG with its text alternative."""
        code = segno.make(self.url, error="m")
        svg = code.svg_inline(omitsize=True, title=self.url, svgclass="qr", lineclass="qr__line")
        return mark_safe(svg.replace("<svg ", '<svg role="img" ', 1))  # noqa: S308 (segno's own markup; the URL is escaped by segno)


def _address(place: MeetingPlace) -> str:
    municipality = localised(place.municipality, "name") if place.municipality_id else ""
    return ", ".join(p for p in (place.street_address, f"{place.postcode} {municipality}") if p)


def _activity_items(ids: list[int]) -> dict[int, Item]:
    found: dict[int, Item] = {}
    activities = (
        Activity.objects.published()
        .filter(pk__in=ids)
        .select_related("organisation", "place__municipality", "municipality")
    )
    now = timezone.now()
    for activity in activities:
        dates = list(
            Occurrence.objects.filter(activity=activity, starts_at__gte=now)
            .exclude(status=Occurrence.Status.CANCELLED)
            .order_by("starts_at")
            .values_list("starts_at", flat=True)[:NEXT_DATES]
        )
        item = Item(
            kind=ItemKind.ACTIVITY,
            object_id=activity.pk,
            kind_label=str(ItemKind.ACTIVITY.label),
            title=activity.title(),
            url=absolute_url(activity.get_absolute_url()),
            summary=activity.summary() or activity.description()[:300],
            dates=dates,
            schedule=str(describe(Schedule.of(activity))),
            online=activity.venue == Venue.ONLINE,
            organiser=activity.organisation.public_name,
            organisation_slug=activity.organisation.slug,
            sensitive=activity.is_sensitive,
        )
        place = activity.public_place()
        if place is not None:
            item.place = place.localised_name()
            item.address = _address(place)
            item.directions = localised(place, "directions")
        elif activity.street_address:
            item.address = activity.street_address
        found[activity.pk] = item
    return found


def _place_items(ids: list[int]) -> dict[int, Item]:
    found: dict[int, Item] = {}
    for place in MeetingPlace.objects.published().filter(pk__in=ids).select_related("municipality"):
        found[place.pk] = Item(
            kind=ItemKind.PLACE,
            object_id=place.pk,
            kind_label=str(ItemKind.PLACE.label),
            title=place.localised_name(),
            url=absolute_url(place.get_absolute_url()),
            summary=localised(place, "description")[:300],
            address=_address(place),
            directions=localised(place, "directions"),
            contact=[
                c for c in (format_phone(place.phone) if place.phone else "", place.email) if c
            ],
        )
    return found


def _organisation_items(ids: list[int]) -> dict[int, Item]:
    found: dict[int, Item] = {}
    for organisation in Organisation.objects.published().filter(pk__in=ids):
        found[organisation.pk] = Item(
            kind=ItemKind.ORGANISATION,
            object_id=organisation.pk,
            kind_label=str(ItemKind.ORGANISATION.label),
            title=organisation.public_name,
            url=absolute_url(organisation.get_absolute_url()),
            summary=organisation.summary or organisation.description[:300],
            organisation_slug=organisation.slug,
            contact=[
                c
                for c in (
                    format_phone(organisation.phone) if organisation.phone else "",
                    organisation.email,
                    organisation.website,
                )
                if c
            ],
        )
    return found


RESOLVERS = {
    ItemKind.ACTIVITY: _activity_items,
    ItemKind.PLACE: _place_items,
    ItemKind.ORGANISATION: _organisation_items,
}


def resolve(pairs: list[tuple[str, int]], language: str | None = None) -> list[Item]:
    """The items in their order, in `language` (default: the active one), the ones no longer
    public left out."""
    with translation.override(language or translation.get_language()):
        by_kind: dict[str, dict[int, Item]] = {}
        for kind, resolver in RESOLVERS.items():
            ids = [object_id for k, object_id in pairs if k == kind]
            by_kind[kind] = resolver(ids) if ids else {}
        return [
            by_kind[kind][object_id]
            for kind, object_id in pairs
            if kind in by_kind and object_id in by_kind[kind]
        ]


def is_public(kind: str, object_id: int) -> bool:
    return kind in RESOLVERS and object_id in RESOLVERS[ItemKind(kind)]([object_id])


def shared_url(token: str) -> str:
    return absolute_url(reverse("guidance-short", kwargs={"token": token}))
