"""A point on the map typed or pinned in a form (degrees, WGS84), checked to be in Finland.

Shared by the meeting places' and the organisations' editing forms (a pin dropped on the map
fills the two fields: static/js/place-editor.js). No geocoding: a point is what a person set.
"""

from __future__ import annotations

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

# Mainland Finland and Åland with a margin: a point outside is a typing error.
FINLAND_LATITUDE = (59.5, 70.2)
FINLAND_LONGITUDE = (19.0, 31.7)


def coordinate_field(label) -> forms.FloatField:
    return forms.FloatField(
        label=capfirst(label),
        required=False,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
        localize=False,
    )


def check_point(form: forms.BaseForm, latitude: float | None, longitude: float | None) -> None:
    """Coordinates outside Finland (or only one of the two) get an error at the field."""
    if (latitude is None) != (longitude is None):
        missing = "longitude" if longitude is None else "latitude"
        form.add_error(missing, _("Give both the latitude and the longitude, or neither."))
        return
    if latitude is None or longitude is None:  # neither given (one alone is handled above)
        return
    if not FINLAND_LATITUDE[0] <= latitude <= FINLAND_LATITUDE[1]:
        form.add_error(
            "latitude",
            _(
                "This point is not in Finland: the latitude must be between %(low)s and "
                "%(high)s (for example 62.24 in Jyväskylä). Check that latitude and longitude "
                "are not the wrong way round."
            )
            % {"low": FINLAND_LATITUDE[0], "high": FINLAND_LATITUDE[1]},
        )
    if not FINLAND_LONGITUDE[0] <= longitude <= FINLAND_LONGITUDE[1]:
        form.add_error(
            "longitude",
            _(
                "This point is not in Finland: the longitude must be between %(low)s and "
                "%(high)s (for example 25.75 in Jyväskylä)."
            )
            % {"low": FINLAND_LONGITUDE[0], "high": FINLAND_LONGITUDE[1]},
        )
