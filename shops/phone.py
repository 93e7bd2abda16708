import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def phone_normalize(value: str) -> str:
    """A French (or international) phone number in its usual written form, or ValidationError."""
    value = value.strip()
    if not value:
        return ""
    try:
        number = phonenumbers.parse(value, "FR")
    except phonenumbers.NumberParseException as error:
        raise ValidationError(_("Numéro de téléphone invalide."), code="invalid_phone") from error
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(_("Numéro de téléphone invalide."), code="invalid_phone")
    if number.country_code == 33:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
