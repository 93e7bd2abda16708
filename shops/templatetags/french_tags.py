"""French grammar for names put into sentences: the preposition "de" before a shop's or a person's name."""

from django import template
from django.utils.translation import get_language

register = template.Library()

# Elision before a vowel sound: "d'Épicerie", "d'Atelier". Not before "h" or "y", which may be aspirated
# ("de Hauteville", "de Yaourt & Cie"): "de" is never wrong there, "d'" would be.
_VOWELS = frozenset("aeiouàâäéèêëîïôöùûüœæ")


def french_of(name: str) -> str:
    """The name after "de": "d'Épicerie Martin", "du Fournil de l'Isle" (de + le), "des Mots Passants"
    (de + les), "de Boulangerie Roux"."""
    name = (name or "").strip()
    if not name:
        return name
    first, _space, rest = name.partition(" ")
    if rest and first.lower() == "le":
        return f"du {rest}"
    if rest and first.lower() == "les":
        return f"des {rest}"
    if name[0].lower() in _VOWELS:
        return f"d'{name}"
    return f"de {name}"


@register.filter
def of_name(name: str) -> str:
    """In French, the name with its "de" ("la demande d'inscription {{ shop.name|of_name }}"); in another
    language, the name as it is: the translation brings its own preposition ("for %(of_name)s")."""
    language = get_language() or ""
    return french_of(name) if language.split("-")[0] == "fr" else (name or "").strip()
