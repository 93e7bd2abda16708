"""The shop directory's query: filters, then distance from a point."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Exists, F, FloatField, OuterRef, Q, QuerySet
from django.db.models.functions import Cos, Power, Radians, Sqrt

from ..models import Closure, OpeningRange, Shop
from ..schedule import PARIS
from .visibility import shop_public_q

EARTH_RADIUS_KM = 6371.0


@dataclass(frozen=True)
class DirectoryQuery:
    q: str = ""
    town: str = ""
    category: str = ""
    open_now: bool = False
    pickup_today: bool = False
    origin: tuple[float, float] | None = None


def directory_shops(*, query: DirectoryQuery, now: datetime) -> QuerySet[Shop]:
    """Approved shops matching the filters; nearest first when there is an origin, else by name."""
    shops = Shop.objects.filter(shop_public_q()).select_related("category")
    if query.q:
        shops = shops.filter(Q(name__icontains=query.q) | Q(description__icontains=query.q))
    if query.town:
        shops = shops.filter(town=query.town)
    if query.category:
        shops = shops.filter(category__slug=query.category)
    local = now.astimezone(PARIS)
    closed_today = Closure.objects.filter(shop=OuterRef("pk"), starts_on__lte=local.date(), ends_on__gte=local.date())
    if query.open_now:
        open_range = OpeningRange.objects.filter(
            shop=OuterRef("pk"), weekday=local.isoweekday(), opens__lte=local.time(), closes__gt=local.time()
        )
        shops = shops.filter(Exists(open_range)).exclude(Exists(closed_today))
    if query.pickup_today:
        # A range still ahead today and the cut-off not passed; the exact slot check
        # (preparation time, slot length) is done on this short list by the caller.
        later_range = OpeningRange.objects.filter(
            shop=OuterRef("pk"), weekday=local.isoweekday(), closes__gt=local.time()
        )
        shops = (
            shops.filter(Exists(later_range))
            .exclude(Exists(closed_today))
            .filter(Q(same_day_cutoff__isnull=True) | Q(same_day_cutoff__gt=local.time()))
        )
    if query.origin:
        lat, lng = query.origin
        # Equirectangular approximation: within a few hundred km it is off by well under 1 %.
        dx = (Radians(F("longitude")) - Radians(lng)) * Cos(Radians((F("latitude") + lat) / 2))
        dy = Radians(F("latitude")) - Radians(lat)
        shops = shops.filter(latitude__isnull=False, longitude__isnull=False).annotate(
            distance_km=Sqrt(Power(dx, 2) + Power(dy, 2), output_field=FloatField()) * EARTH_RADIUS_KM
        )
        return shops.order_by("distance_km", "name")
    return shops.order_by("name")
