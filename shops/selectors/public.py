"""What shoppers may see of shops: the approved ones, their hours today, the newest and the nearest."""

from dataclasses import dataclass
from datetime import datetime, time

from django.core.cache import cache
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from kernel.page_cache import public_pages_version

from ..models import Closure, Shop
from ..schedule import PARIS, Hours, OpeningStatus, opening_status
from .visibility import shop_public_q


def shop_list_public() -> QuerySet[Shop]:
    """Shops shoppers may see: approved ones, less the business-only channels (selectors.visibility)."""
    return Shop.objects.filter(shop_public_q()).select_related("category")


def shop_list_newest(*, limit: int) -> list[Shop]:
    """The most recently approved public shops, newest first."""
    return list(shop_list_public().order_by("-approved_at", "-pk")[:limit])


def shop_get_public(*, slug: str) -> Shop:
    """An approved shop with its weekly hours and coming closures (raises Shop.DoesNotExist otherwise)."""
    today = timezone.localdate()
    return (
        shop_list_public()
        .prefetch_related(
            "opening_ranges",
            Prefetch("closures", queryset=Closure.objects.filter(ends_on__gte=today), to_attr="coming_closures"),
        )
        .get(slug=slug)
    )


def shop_hours(*, shop: Shop) -> Hours:
    """The shop's rules as plain values for shops.schedule (uses prefetched rows when present)."""
    closures = getattr(shop, "coming_closures", None)
    if closures is None:
        closures = shop.closures.filter(ends_on__gte=timezone.localdate())
    return Hours(
        ranges=tuple((r.weekday, r.opens, r.closes) for r in shop.opening_ranges.all()),
        closures=tuple((c.starts_on, c.ends_on) for c in closures),
    )


@dataclass(frozen=True)
class ShopToday:
    status: OpeningStatus
    today_ranges: list[tuple[time, time]]


def shop_today(*, shop: Shop, now: datetime | None = None) -> ShopToday:
    """What a shopper wants to know now: open or not, and today's hours (the first free slot is
    orders.slots' business: it counts the bookings)."""
    now = now or timezone.now()
    hours = shop_hours(shop=shop)
    return ShopToday(
        status=opening_status(hours=hours, now=now),
        today_ranges=hours.ranges_on(now.astimezone(PARIS).date()),
    )


# The towns change with a shop's town or status only; the bound covers what the version cannot see.
TOWNS_TIMEOUT = 60 * 60


def shop_towns_public() -> list[str]:
    """Towns that have at least one approved shop, in alphabetical order.

    Every directory page asks (its town filter): a DISTINCT over every public shop, kept under the public
    pages' version, which any shop saved renews (kernel.page_cache); the version is read first, so a
    list read during a change is kept under the older one and never served.
    """
    return cache.get_or_set(
        f"shops:towns-public:{public_pages_version()}",
        lambda: list(shop_list_public().order_by("town").values_list("town", flat=True).distinct()),
        TOWNS_TIMEOUT,
    )


def shop_list_near(*, origin: tuple[float, float], limit: int) -> list[Shop]:
    """The approved shops nearest to a point, each with its distance_km."""
    from .directory import DirectoryQuery, directory_shops

    return list(directory_shops(query=DirectoryQuery(origin=origin), now=timezone.now())[:limit])


def shop_map_markers(*, shops) -> list[dict]:
    """What the map script (static/js/shops-map.js) needs of each shop placed on the map."""
    return [
        {"name": shop.name, "url": shop.get_absolute_url(), "lat": float(shop.latitude), "lng": float(shop.longitude)}
        for shop in shops
        if shop.latitude is not None and shop.longitude is not None
    ]
