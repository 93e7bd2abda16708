"""Where the shopper is: a chosen town or the browser's position, remembered in a cookie.

A cookie rather than the session: the place stays on the shopper's device, and a page that depends
on it is the same for everybody who chose the same place, so it can be cached (kernel.page_cache
keys such pages on this cookie: settings.PAGE_CACHE_SHARED_COOKIES).
"""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from urllib.parse import quote, unquote

from django.conf import settings

from .territory import town_find

COOKIE_NAME = "shops_near"
COOKIE_MAX_AGE = 365 * 24 * 60 * 60
_TOWN_PREFIX = "town:"


@dataclass(frozen=True)
class Origin:
    point: tuple[float, float]
    town: str = ""  # empty when the point is the browser's position


def nearby_remember(response, *, town: str = "", lat=None, lng=None) -> None:
    """Keep the shopper's chosen place so the home page can show shops near them."""
    if town:
        value = _TOWN_PREFIX + town
    elif lat is not None and lng is not None:
        value = f"{lat},{lng}"
    else:
        return
    response.set_cookie(
        COOKIE_NAME,
        quote(value),
        max_age=COOKIE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


def nearby_origin_from_request(request) -> Origin | None:
    """The place in ?near= (a territory town), else the one remembered in the cookie."""
    town_name = request.GET.get("near", "")[:80]
    if town_name and (town := town_find(name=town_name)):
        return Origin(point=(float(town.latitude), float(town.longitude)), town=town.name)
    remembered = unquote(request.COOKIES.get(COOKIE_NAME, ""))[:100]
    if remembered.startswith(_TOWN_PREFIX):
        town = town_find(name=remembered.removeprefix(_TOWN_PREFIX))
        return Origin(point=(float(town.latitude), float(town.longitude)), town=town.name) if town else None
    try:
        lat, lng = (Decimal(part) for part in remembered.split(","))
    except (ValueError, InvalidOperation):
        return None
    if Decimal("41") <= lat <= Decimal("52") and Decimal("-6") <= lng <= Decimal("10"):
        return Origin(point=(float(lat), float(lng)))
    return None
