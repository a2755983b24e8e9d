"""Validation of Finnish identifiers and phone numbers, with translated messages."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from areas.models import validate_postcode  # noqa: F401 (organisations import it from here)
from portal.lib.phone import format_phone, normalise_phone  # noqa: F401 (their old home)

BUSINESS_ID_RE = re.compile(r"^(\d{7})-(\d)$")
BUSINESS_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2)
REGISTER_NUMBER_RE = re.compile(r"^\d{1,3}(\.\d{3})?$")


def business_id_check_digit(digits: str) -> int | None:
    """The check digit of a business ID's seven digits, or None when no ID can have them."""
    remainder = sum(int(d) * w for d, w in zip(digits, BUSINESS_ID_WEIGHTS, strict=True)) % 11
    if remainder == 0:
        return 0
    if remainder == 1:
        return None
    return 11 - remainder


def normalise_business_id(value: str) -> str:
    value = value.strip().replace(" ", "")
    # Six digits with a dash were written without the leading zero (e.g. 123456-7).
    if re.fullmatch(r"\d{6}-\d", value):
        value = "0" + value
    return value


def validate_business_id(value: str) -> None:
    match = BUSINESS_ID_RE.match(value)
    if not match:
        raise ValidationError(
            _("Write the business ID as seven digits, a dash and a check digit, e.g. 1234567-1."),
            code="format",
        )
    expected = business_id_check_digit(match.group(1))
    if expected is None or expected != int(match.group(2)):
        raise ValidationError(
            _("This business ID is not valid: its check digit does not match. Check the number."),
            code="check_digit",
        )


def validate_register_number(value: str) -> None:
    if not REGISTER_NUMBER_RE.match(value):
        raise ValidationError(
            _("Write the register number as digits, for example 123.456."), code="format"
        )


def validate_e164_phone(value: str) -> None:
    if normalise_phone(value) != value:
        raise ValidationError(
            _("Store the phone number in international form, e.g. +358401234567."), code="e164"
        )


# Bidirectional control characters: embeddings and overrides (U+202A–U+202E), isolates
# (U+2066–U+2069) and the direction marks (U+200E, U+200F, U+061C). In a name they can make one
# organisation's name look like another's ("ry ‮yhdistys" shown reversed); a name never needs
# them, as the page isolates user text with <bdi>.
BIDI_CONTROLS = frozenset(
    [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)]
    + ["\u200e", "\u200f", "\u061c"]
)
_BIDI_TABLE = dict.fromkeys(map(ord, BIDI_CONTROLS))
NAME_FIELDS = ("name", "display_name")


def strip_bidi_controls(value: str) -> str:
    """The text without bidirectional control characters (for names: forms, services, import)."""
    return value.translate(_BIDI_TABLE) if value else value


def clean_name_changes(changes: dict) -> dict:
    """A service's changes with bidirectional controls removed from the organisation's names."""
    cleaned = dict(changes)
    for name in NAME_FIELDS:
        if isinstance(cleaned.get(name), str):
            cleaned[name] = strip_bidi_controls(cleaned[name]).strip()
    return cleaned
