"""The words shoppers use for what each kind of shop sells, beyond the kind's own name.

"fromagerie" is a shop, "fromage" what it sells: a shopper typing the second must find the products of
the first (and of the catalogue's "Fromagerie" category) though neither title says "fromage". Indexed
with the shop, its category and its products (services.py), folded like any other text (text.py), so
singular and plural both match.
"""

from .text import words

# Keyed by the kind's name as the CCI spells it (shops.ShopCategory.name, and the catalogue category
# of the same name); a kind missing here is found by its own name only.
TRADE_WORDS = {
    "Boulangerie": "pain baguette viennoiserie pâtisserie gâteau",
    "Boucherie": "viande boucher charcuterie volaille",
    "Fromagerie": "fromage fromager crèmerie",
    "Primeur": "légume fruit",
    "Fleuriste": "fleur bouquet plante",
    "Librairie": "livre libraire",
    "Caviste": "vin cave bière spiritueux",
    "Épicerie fine": "épicerie épice",
    "Prêt-à-porter": "vêtement mode habit",
    "Quincaillerie": "outil bricolage",
    "Cadeaux": "cadeau",
    "Bio": "biologique",
}

_BY_FOLDED_NAME = {" ".join(words(name)): extra for name, extra in TRADE_WORDS.items()}


def trade_words(name: str) -> str:
    """The words of a kind of shop (or of its catalogue category) for the index: its name and what it sells."""
    return f"{name} {_BY_FOLDED_NAME.get(' '.join(words(name)), '')}".strip()
