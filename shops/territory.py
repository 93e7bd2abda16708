"""The CCI Nord-Isère territory: its towns, their postcodes and centres.

Used to pre-fill a shop's map position from its town (so sign-up works with no
geocoder and no internet) and to warn staff about a postcode outside the territory.
"""

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Town:
    name: str
    postcode: str
    latitude: Decimal
    longitude: Decimal


def _t(name: str, postcode: str, lat: str, lng: str) -> Town:
    return Town(name, postcode, Decimal(lat), Decimal(lng))


TOWNS: tuple[Town, ...] = (
    _t("Bourgoin-Jallieu", "38300", "45.5864", "5.2741"),
    _t("Villefontaine", "38090", "45.6138", "5.1493"),
    _t("L'Isle-d'Abeau", "38080", "45.6195", "5.2291"),
    _t("La Tour-du-Pin", "38110", "45.5658", "5.4445"),
    _t("Vienne", "38200", "45.5255", "4.8741"),
    _t("Crémieu", "38460", "45.7245", "5.2497"),
    _t("Saint-Quentin-Fallavier", "38070", "45.6424", "5.1117"),
    _t("La Verpillière", "38290", "45.6339", "5.1437"),
    _t("Vaulx-Milieu", "38090", "45.6126", "5.1861"),
    _t("Four", "38080", "45.5833", "5.1906"),
    _t("Ruy-Montceau", "38300", "45.5888", "5.3219"),
    _t("Nivolas-Vermelle", "38300", "45.5594", "5.3044"),
    _t("Saint-Savin", "38300", "45.6261", "5.3106"),
    _t("Domarin", "38300", "45.5852", "5.2499"),
    _t("Cessieu", "38110", "45.5653", "5.3766"),
    _t("Pont-de-Chéruy", "38230", "45.7536", "5.1742"),
    _t("Tignieu-Jameyzieu", "38230", "45.7350", "5.1877"),
    _t("Morestel", "38510", "45.6792", "5.4711"),
    _t("Les Abrets en Dauphiné", "38490", "45.5401", "5.5852"),
    _t("Le Pont-de-Beauvoisin", "38480", "45.5367", "5.6703"),
    _t("Saint-Jean-de-Bournay", "38440", "45.5007", "5.1383"),
    _t("Heyrieux", "38540", "45.6337", "5.0629"),
    _t("Pont-Évêque", "38780", "45.5325", "4.9108"),
    _t("Roussillon", "38150", "45.3745", "4.8138"),
    _t("Beaurepaire", "38270", "45.3372", "5.0494"),
    _t("Saint-Chef", "38890", "45.6366", "5.3659"),
    _t("Virieu", "38730", "45.4840", "5.4775"),
)

TERRITORY_POSTCODES = frozenset(town.postcode for town in TOWNS)
TOWN_CHOICES = sorted({town.name for town in TOWNS})


def town_find(*, name: str = "", postcode: str = "") -> Town | None:
    """The territory town matching a name (case-insensitive) and, if given, a postcode."""
    wanted = name.strip().casefold()
    for town in TOWNS:
        if wanted and town.name.casefold() != wanted:
            continue
        if postcode and town.postcode != postcode:
            continue
        if wanted or postcode:
            return town
    return None


def postcode_in_territory(postcode: str) -> bool:
    return postcode.strip() in TERRITORY_POSTCODES
