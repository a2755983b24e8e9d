"""What units add to other apps' pages (registered in UnitsConfig.ready())."""

from __future__ import annotations

from django.utils.translation import gettext as _

from meetingplaces.extensions import PlaceHost

from .models import Unit, UnitStatus


def place_host(place) -> PlaceHost | None:
    """A hosting unit's meeting place names the unit and links its page."""
    unit = Unit.objects.filter(place=place, status=UnitStatus.ACTIVE).first()
    if unit is None:
        return None
    return PlaceHost(
        label=_("A unit of the welfare area"),
        name=unit.localised_name(),
        url=unit.get_absolute_url(),
    )
