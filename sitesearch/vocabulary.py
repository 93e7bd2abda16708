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
    # Only words for the whole trade: one product's name ("baguette") would bring every other product
    # of the kind along with the baguettes.
    "Boulangerie": "pain boulanger",
    "Boucherie": "viande boucher",
    "Fromagerie": "fromage fromager",
    "Primeur": "légume fruit",
    "Fleuriste": "fleur",
    "Librairie": "livre libraire",
    "Caviste": "vin",
    "Épicerie fine": "épicerie épicier",
    "Prêt-à-porter": "vêtement mode",
    "Quincaillerie": "bricolage outil",
    "Cadeaux": "cadeau",
    "Bio": "biologique",
}

_BY_FOLDED_NAME = {" ".join(words(name)): extra for name, extra in TRADE_WORDS.items()}


def trade_words(name: str) -> str:
    """The words of a kind of shop (or of its catalogue category) for the index: its name and what it sells."""
    return f"{name} {_BY_FOLDED_NAME.get(' '.join(words(name)), '')}".strip()
