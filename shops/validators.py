"""Checks applied to what shopkeepers type: SIRET numbers and free text."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.fr import siret as stdnum_siret

ASCII_DIGITS = frozenset("0123456789")

# Spaces people type or paste between the groups of a SIRET ("732 829 320 00074"); word processors and
# the INSEE's own pages use the no-break (U+00A0) and narrow no-break (U+202F) ones.
_SIRET_SEPARATORS = str.maketrans("", "", " \u00a0\u202f")

# C0 controls other than tab, line feed and carriage return: NUL truncates strings in C libraries and
# PostgreSQL refuses it outright, the others have no business in a shop name or a description.
_FORBIDDEN_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def normalize_siret(value: str) -> str:
    """Return the SIRET without the spaces people put between its groups; every other character is kept."""
    return value.translate(_SIRET_SEPARATORS)


def validate_siret(value: str) -> None:
    """Raise ValidationError unless the value, once normalised, is a SIRET the INSEE could have issued."""
    number = normalize_siret(value)
    # Checked against ASCII itself: str.isdigit() and the regex \d accept full-width, Arabic-Indic or
    # superscript digits, and python-stdnum quietly turns full-width ones into ASCII.
    if not set(number) <= ASCII_DIGITS:
        raise ValidationError(
            _("Un numéro SIRET ne contient que des chiffres de 0 à 9."),
            code="siret_not_digits",
        )
    if len(number) != 14:
        raise ValidationError(
            _("Un numéro SIRET comporte 14 chiffres ; vous en avez saisi %(length)s."),
            code="siret_length",
            params={"length": len(number)},
        )
    # Fourteen zeros pass every checksum, yet no establishment has that number.
    if number == "0" * 14:
        raise ValidationError(
            _("Un numéro SIRET ne peut pas être composé uniquement de zéros."),
            code="siret_all_zeros",
        )
    # python-stdnum checks the Luhn key of the SIREN and of the whole SIRET, and knows La Poste's
    # exception: its establishments (SIREN 356000000) use "sum of the 14 digits is a multiple of 5",
    # except its head office, 356 000 000 00048, which follows Luhn. localflavor's FRSIRETField gets
    # both wrong (Luhn on the SIREN only, and refuses the head office), so it is not used here.
    if not stdnum_siret.is_valid(number):
        raise ValidationError(
            _("Ce numéro SIRET n'est pas valide : vérifiez qu'il ne contient pas de faute de frappe."),
            code="siret_checksum",
        )


def validate_clean_text(value: str, *, max_length: int) -> None:
    """Raise ValidationError if the text is longer than max_length or holds control characters."""
    # Length first: it is free, and spares scanning megabytes of text that is refused anyway.
    if len(value) > max_length:
        raise ValidationError(
            _("Ce texte est trop long (%(length)s caractères, %(max)s au plus)."),
            code="too_long",
            params={"length": len(value), "max": max_length},
        )
    if _FORBIDDEN_CONTROLS.search(value):
        raise ValidationError(
            _("Ce texte contient des caractères non autorisés."),
            code="forbidden_characters",
        )


def invisible_characters(value: str) -> list[str]:
    """The invisible "format" characters of a text (Unicode category Cf), as U+XXXX codes, in order.

    They are the bidirectional controls (U+202A–U+202E, U+2066–U+2069, U+200E/F, U+061C: a right-to-left
    override makes "moc.elgoog" read "google.com") and the zero-width ones (U+200B–U+200D, U+2060,
    U+FEFF, the soft hyphen U+00AD…): they make two different names look the same, or one name read
    differently from what is stored.
    """
    return [f"U+{ord(char):04X}" for char in value if unicodedata.category(char) == "Cf"]


def validate_name_text(value: str) -> None:
    """Refuse a name, title or slug holding invisible or text-direction characters, saying which."""
    found = invisible_characters(value)
    if found:
        raise ValidationError(
            _(
                "Ce texte contient des caractères invisibles ou qui inversent le sens d'écriture (%(codes)s) : "
                "retapez-le au clavier plutôt que de le copier-coller."
            ),
            code="invisible_characters",
            params={"codes": ", ".join(dict.fromkeys(found))},
        )
