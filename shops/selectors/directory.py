"""The shop directory's query: filters, then distance from a point."""

import math
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Exists, F, FloatField, OuterRef, Q, QuerySet
from django.db.models.functions import Cos, Power, Radians, Sqrt

from ..models import Closure, OpeningRange, Shop
from ..schedule import PARIS
from .visibility import shop_public_q

EARTH_RADIUS_KM = 6371.0
# The boxes tried around the origin before sorting every shop (half-sides, km).
BOX_HALF_SIDES_KM = (1.0, 4.0, 15.0, 50.0)
# Fewer matching shops than this are sorted whole: cheap, and never a box too small to hold the page.
EXACT_SORT_UP_TO = 300


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


class NearestFirst:
    """directory_shops(origin=…) sliced as a paginator slices it, but sorted by distance only within a
    box around the origin on the indexed latitude and longitude (shops_lat_lng_idx), widened until the
    box holds the slice: the exact distance of ~21,000 rows for every page was most of its cost.

    The shops of a box of half-side r are the nearest ones only up to r (its corners are farther than
    shops just outside its sides): a slice is taken from a box only when its farthest shop is within r,
    else the next box is tried, and at last every shop, so the order is the one of the full sort.
    """

    def __init__(self, shops: QuerySet[Shop], *, origin: tuple[float, float]):
        self.shops = shops
        self.origin = origin
        self.ordered = True
        self._count = None

    def count(self) -> int:
        if self._count is None:
            self._count = self.shops.count()
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __iter__(self):
        return iter(self.shops)

    def __getitem__(self, index):
        if not isinstance(index, slice) or index.step is not None:
            return self.shops[index]
        start, stop = index.start or 0, index.stop
        if stop is None or self.count() <= EXACT_SORT_UP_TO:
            return list(self.shops[index])
        stop = min(stop, self.count())
        if stop <= start:
            return []
        for half_side in BOX_HALF_SIDES_KM:
            # Ids and distances first (an index-only scan of shops_lat_lng_idx), then the slice's rows.
            nearest = list(self._box(half_side).values_list("pk", "distance_km")[:stop])
            if len(nearest) == stop and nearest[-1][1] <= half_side:
                rows = self.shops.in_bulk([pk for pk, _distance in nearest[start:stop]])
                return [rows[pk] for pk, _distance in nearest[start:stop] if pk in rows]
        return list(self.shops[start:stop])

    def _box(self, half_side_km: float) -> QuerySet[Shop]:
        lat, lng = self.origin
        dlat = math.degrees(half_side_km / EARTH_RADIUS_KM)
        dlng = dlat / max(math.cos(math.radians(lat)), 0.01)
        return self.shops.filter(
            latitude__range=(round(lat - dlat, 6), round(lat + dlat, 6)),
            longitude__range=(round(lng - dlng, 6), round(lng + dlng, 6)),
        )
