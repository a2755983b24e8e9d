"""Phone numbers: cleaned to E.164 for storing, shown as people write them."""

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def normalise_phone(value: str) -> str:
    """Parse a Finnish or international number into E.164; raise ValidationError if invalid."""
    value = value.strip()
    if not value:
        return ""
    try:
        number = phonenumbers.parse(value, "FI")
    except phonenumbers.NumberParseException as error:
        raise ValidationError(
            _("This does not look like a phone number. Example: 040 123 4567."), code="parse"
        ) from error
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("This phone number is not valid. Check the number of digits."), code="invalid"
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def format_phone(value: str) -> str:
    """A stored E.164 number as people write it: a Finnish number in the national form with the
    subscriber number in groups ("040 123 4567", "09 123 4567"), others in the international
    form ("+46 70 123 45 67"). Anything that does not parse is returned as it is."""
    try:
        number = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException:
        return value
    if number.country_code != 358:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    prefix, _space, rest = national.partition(" ")  # "040 1234567"
    if len(rest) >= 6 and rest.isdigit():
        rest = f"{rest[:3]} {rest[3:]}"
    elif len(rest) == 5 and rest.isdigit():
        rest = f"{rest[:2]} {rest[2:]}"
    return f"{prefix} {rest}" if rest else national
