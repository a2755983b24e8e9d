"""What guidance reads of a welfare-area unit (units.models.Unit), in one place."""

from __future__ import annotations

from notifications.services import email_language
from portal.lib.phone import format_phone


def name(unit) -> str:
    return unit.localised_name()


def municipality_id(unit) -> int | None:
    return unit.municipality_id


def contact_address(unit) -> tuple[str, str] | None:
    """(work e-mail, language) of the unit's association-collaboration contact, else the
    unit's public e-mail; None when it has neither."""
    address = unit.contact_email or unit.email
    if not address:
        return None
    return address, email_language(address=address)


def contact_lines(unit) -> list[str]:
    """The collaboration contact shown to an association's members (signed in, about a person
    they are helping): the named person's work channels, else the unit's public ones."""
    lines = []
    if unit.contact_name:
        lines.append(" – ".join(p for p in (unit.contact_name, unit.contact_title) if p))
    phone = unit.contact_phone or unit.phone
    for value in (format_phone(phone) if phone else "", unit.contact_email or unit.email):
        if value:
            lines.append(value)
    return lines
