"""Where the shopper is: a chosen town or the browser's position, remembered in the session."""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from .territory import town_find

SESSION_KEY = "shops_near"


@dataclass(frozen=True)
class Origin:
    point: tuple[float, float]
    town: str = ""  # empty when the point is the browser's position


def nearby_remember(request, *, town: str = "", lat=None, lng=None) -> None:
    """Keep the shopper's chosen place so the home page can show shops near them."""
    if town:
        request.session[SESSION_KEY] = {"town": town}
    elif lat is not None and lng is not None:
        request.session[SESSION_KEY] = {"lat": str(lat), "lng": str(lng)}


def nearby_origin_from_request(request) -> Origin | None:
    """The place in ?near= (a territory town), else the one remembered in the session."""
    town_name = request.GET.get("near", "")[:80]
    if town_name and (town := town_find(name=town_name)):
        nearby_remember(request, town=town.name)
        return Origin(point=(float(town.latitude), float(town.longitude)), town=town.name)
    remembered = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
    if not isinstance(remembered, dict):
        return None
    if remembered.get("town") and (town := town_find(name=remembered["town"])):
        return Origin(point=(float(town.latitude), float(town.longitude)), town=town.name)
    try:
        lat, lng = Decimal(remembered["lat"]), Decimal(remembered["lng"])
    except (KeyError, TypeError, InvalidOperation):
        return None
    if Decimal("41") <= lat <= Decimal("52") and Decimal("-6") <= lng <= Decimal("10"):
        return Origin(point=(float(lat), float(lng)))
    return None
