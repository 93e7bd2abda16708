import hashlib
from dataclasses import dataclass
from datetime import datetime, time

from django.db.models import BigIntegerField, Count, F, Max, Prefetch, Q, QuerySet, Sum, Value
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from .models import Closure, Shop
from .schedule import PARIS, Hours, OpeningStatus, opening_status, slots_offered


def shop_list_public() -> QuerySet[Shop]:
    """Shops shoppers may see: approved ones only."""
    return Shop.objects.filter(status=Shop.Status.APPROVED).select_related("category")


def shop_list_newest(*, limit: int) -> list[Shop]:
    """The most recently approved public shops, newest first."""
    return list(shop_list_public().order_by("-approved_at", "-pk")[:limit])


def product_list_for_shop(*, shop: Shop):
    """A public shop's public products, with what a product card needs, in one query each."""
    from oscar.core.loading import get_model

    Product = get_model("catalogue", "Product")
    return (
        # base_queryset annotates has_options; without it each card costs a query.
        Product.objects.browsable()
        .base_queryset()
        .filter(is_public=True, stockrecords__partner_id=shop.partner_id)
        .prefetch_related(None)
        .prefetch_related(*_CARD_PREFETCHES, _stockrecords_with_shop(), "categories")
        .order_by("title")
    )


def shop_catalogue_version(*, shop: Shop) -> str:
    """A short fingerprint of the shop's product grid, in one aggregate query over its stock records: it
    changes with any product or stock record saved, product added, removed or hidden, and stock moved
    by the conditional UPDATEs of orders.locks (which leave date_updated alone)."""
    from oscar.core.loading import get_model

    return _stockrecords_fingerprint(get_model("partner", "StockRecord").objects.filter(partner_id=shop.partner_id))


def product_list_version(*, product_ids: list[int]) -> str:
    """A short fingerprint of these products' cards, in order, in one aggregate query over their stock
    records: it changes as shop_catalogue_version does, and when one of their shops leaves "approved"."""
    from oscar.core.loading import get_model

    records = get_model("partner", "StockRecord").objects.filter(product_id__in=product_ids)
    # The pricing strategy sells nothing from a shop that is not approved: its cards change with it.
    approved = Count("pk", filter=Q(partner__shop__status=Shop.Status.APPROVED))
    return _stockrecords_fingerprint(records, ids=",".join(map(str, product_ids)), approved=approved)


def _stockrecords_fingerprint(records, *, ids: str = "", **aggregates) -> str:
    # Weighted by the record's id: an allocation on one record and a release of as many units on
    # another (two orders at once) would leave plain sums, and a stale "plus que N", unchanged.
    weight = Cast("pk", BigIntegerField())
    row = records.aggregate(
        records=Count("pk"),
        public=Count("pk", filter=Q(product__is_public=True)),
        product_updated=Max("product__date_updated"),
        record_updated=Max("date_updated"),
        # -1 for an untracked level: None and 0 show differently.
        in_stock=Sum(Coalesce(F("num_in_stock"), Value(-1)) * weight),
        allocated=Sum(Coalesce(F("num_allocated"), Value(0)) * weight),
        **aggregates,
    )
    fingerprint = "|".join([ids, *(str(row[name]) for name in sorted(row))])
    return hashlib.sha1(fingerprint.encode(), usedforsecurity=False).hexdigest()[:20]


def product_list_public():
    """Products of approved shops only, as shown in the catalogue."""
    from oscar.core.loading import get_model

    Product = get_model("catalogue", "Product")
    return (
        Product.objects.browsable()
        .base_queryset()
        .filter(is_public=True, stockrecords__partner__shop__status=Shop.Status.APPROVED)
        .prefetch_related(None)
        .prefetch_related(*_CARD_PREFETCHES, _stockrecords_with_shop())
    )


# Oscar's base_queryset prefetches, less "stockrecords", which we fetch with their shop, and less the
# options: a card only asks Product.has_options, which reads base_queryset's annotations.
_CARD_PREFETCHES = ("children", "images")


def _stockrecords_with_shop():
    # The pricing strategy checks each stock record's shop is approved; fetch it with the record.
    from oscar.core.loading import get_model

    return Prefetch(
        "stockrecords", queryset=get_model("partner", "StockRecord").objects.select_related("partner__shop")
    )


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
    orders.selectors' business: it counts the bookings)."""
    now = now or timezone.now()
    hours = shop_hours(shop=shop)
    return ShopToday(
        status=opening_status(hours=hours, now=now),
        today_ranges=hours.ranges_on(now.astimezone(PARIS).date()),
    )


@dataclass(frozen=True)
class PickupNote:
    """Why the first pickup slot is not today while the shop still opens today, for the storefront.

    `reason`: "cutoff" (today's cut-off has passed), "full" (today's slots are taken), "preparation"
    (the preparation time leaves no slot today), or "" (a slot today, or the shop's day is over).
    """

    reason: str
    same_day_cutoff: time | None
    preparation_minutes: int


def shop_pickup_note(*, shop: Shop, days, now: datetime) -> PickupNote:
    """Why a shopper cannot collect today, from the shop's rules and its offered slots `days`
    (orders.selectors.slots_available: SlotDay rows, full slots included)."""
    local_now = now.astimezone(PARIS)
    today = local_now.date()
    hours = shop_hours(shop=shop)
    offered_today = next((day for day in days if day.day == today), None)
    later_today = any(closes > local_now.time() for _opens, closes in hours.ranges_on(today))
    if (offered_today is not None and not offered_today.is_full) or not later_today:
        reason = ""
    elif shop.same_day_cutoff is not None and local_now.time() >= shop.same_day_cutoff:
        reason = "cutoff"
    elif offered_today is not None:
        reason = "full"
    elif slots_offered(hours=hours, now=now, slot_minutes=shop.slot_minutes, preparation_minutes=0, days_ahead=1):
        reason = "preparation"
    else:
        # What is left of today is shorter than a slot: nothing worth explaining.
        reason = ""
    return PickupNote(reason=reason, same_day_cutoff=shop.same_day_cutoff, preparation_minutes=shop.preparation_minutes)


def shop_towns_public() -> list[str]:
    """Towns that have at least one approved shop, in alphabetical order."""
    return list(shop_list_public().order_by("town").values_list("town", flat=True).distinct())


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
