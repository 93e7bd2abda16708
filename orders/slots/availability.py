"""Which pickup slots a shopper can pick: the shop's rules (shops.schedule) joined to the booking counters."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time

from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone

from shops.models import Closure, Shop
from shops.schedule import PARIS, Slot, slots_offered
from shops.selectors.public import shop_hours

from ..models import PickupSlot


@dataclass(frozen=True)
class SlotAvailability:
    """A slot the shop's rules offer, with how many orders it still takes."""

    slot: Slot
    capacity: int
    booked: int

    @property
    def key(self) -> str:
        return self.slot.key

    @property
    def starts_at(self) -> datetime:
        return self.slot.starts_at

    @property
    def ends_at(self) -> datetime:
        return self.slot.ends_at

    @property
    def remaining(self) -> int:
        return max(self.capacity - self.booked, 0)

    @property
    def is_full(self) -> bool:
        return self.remaining == 0


@dataclass(frozen=True)
class SlotDay:
    """One day of the day picker: its slots in order, full ones included (shown as full)."""

    day: date
    slots: tuple[SlotAvailability, ...]

    @property
    def first_free(self) -> SlotAvailability | None:
        return next((slot for slot in self.slots if not slot.is_full), None)

    @property
    def is_full(self) -> bool:
        return self.first_free is None


def slot_first_free(days: Iterable[SlotDay]) -> SlotAvailability | None:
    """The earliest slot that still takes an order (the one to pre-select), or None."""
    return next((slot for day in days if (slot := day.first_free) is not None), None)


# Most shops have a slot left today or tomorrow: those days are worked out first, the whole booking
# window (up to weeks of slots) only when they hold none.
FIRST_LOOK_DAYS = 2


def slot_first_free_soon(*, shop: Shop, now: datetime | None = None) -> tuple[SlotAvailability | None, list[SlotDay]]:
    """The shop's first slot that still takes an order (as slot_first_free over slots_available), and
    the days worked out to find it, today's first: the next FIRST_LOOK_DAYS days when they hold one,
    the shop's whole window otherwise (3 queries, 4 then)."""
    first, days = slots_first_free_soon(shops=[shop], now=now)
    return first[shop.pk], days[shop.pk]


def slots_first_free_soon(
    *, shops: Iterable[Shop], now: datetime | None = None
) -> tuple[dict[int, SlotAvailability | None], dict[int, list[SlotDay]]]:
    """slot_first_free_soon for several shops (a basket's), by shop id: 3 queries, 4 when a shop's next
    FIRST_LOOK_DAYS days are full."""
    now = now or timezone.now()
    shops = list(shops)
    days = slots_available_for_shops(shops=shops, now=now, days=FIRST_LOOK_DAYS)
    first = {shop.pk: slot_first_free(days[shop.pk]) for shop in shops}
    further = [shop for shop in shops if first[shop.pk] is None and shop.days_ahead > FIRST_LOOK_DAYS]
    if further:
        days.update(slots_available_for_shops(shops=further, now=now))
        first.update({shop.pk: slot_first_free(days[shop.pk]) for shop in further})
    return first, days


def slots_available(*, shop: Shop, now: datetime | None = None) -> list[SlotDay]:
    """The shop's offered pickup slots grouped by day, each with its remaining capacity (3 queries at most)."""
    return slots_available_for_shops(shops=[shop], now=now)[shop.pk]


def slots_available_for_shops(
    *, shops: Iterable[Shop], now: datetime | None = None, days: int | None = None
) -> dict[int, list[SlotDay]]:
    """slots_available for several shops at once (a checkout with one section per shop), in 3 queries.

    `days` looks no further than that many days (today included), within each shop's own limit.
    """
    now = now or timezone.now()
    shops = list(shops)
    shops_hours_prefetch(shops=shops, now=now)
    offered = {
        shop.pk: slots_offered(
            hours=shop_hours(shop=shop),
            now=now,
            slot_minutes=shop.slot_minutes,
            preparation_minutes=shop.preparation_minutes,
            days_ahead=shop.days_ahead if days is None else min(days, shop.days_ahead),
            same_day_cutoff=shop.same_day_cutoff,
        )
        for shop in shops
    }
    starts = [slot.starts_at for slots in offered.values() for slot in slots]
    counters: dict[tuple[int, datetime], tuple[int, int]] = {}
    if starts:
        # Unordered: read into a dict, and the model's ordering (by shop name) would join the shops.
        rows = (
            PickupSlot.objects.filter(shop_id__in=list(offered), starts_at__gte=min(starts), starts_at__lte=max(starts))
            .order_by()
            .values_list("shop_id", "starts_at", "capacity", "booked")
        )
        counters = {(shop_id, starts_at): (capacity, booked) for shop_id, starts_at, capacity, booked in rows}
    result = {}
    for shop in shops:
        days: dict[date, list[SlotAvailability]] = {}
        for slot in offered[shop.pk]:
            # A slot nobody has booked yet has no row: it takes the shop's current capacity.
            capacity, booked = counters.get((shop.pk, slot.starts_at), (shop.slot_capacity, 0))
            days.setdefault(slot.starts_at.astimezone(PARIS).date(), []).append(
                SlotAvailability(slot=slot, capacity=capacity, booked=booked)
            )
        result[shop.pk] = [SlotDay(day=day, slots=tuple(slots)) for day, slots in days.items()]
    return result


def shops_with_free_slot_today(*, shops: Iterable[Shop], now: datetime) -> list[Shop]:
    """The shops of a (short, pre-filtered) list with a pickup slot today that still takes an order."""
    shops = list(shops)
    today = now.astimezone(PARIS).date()
    days = slots_available_for_shops(shops=shops, now=now, days=1)
    return [
        shop
        for shop in shops
        if (slot := slot_first_free(days[shop.pk])) is not None and slot.starts_at.astimezone(PARIS).date() == today
    ]


def shops_hours_prefetch(*, shops: list[Shop], now: datetime) -> None:
    """Load the weekly ranges and the closures still to come of the shops, two queries for all of them."""
    today = now.astimezone(PARIS).date()
    missing_closures = [shop for shop in shops if not hasattr(shop, "coming_closures")]
    if missing_closures:
        prefetch_related_objects(
            missing_closures,
            Prefetch("closures", queryset=Closure.objects.filter(ends_on__gte=today), to_attr="coming_closures"),
        )
    prefetch_related_objects(shops, "opening_ranges")


@dataclass(frozen=True)
class PickupNote:
    """Why the first pickup slot is not today while the shop still opens today, for the storefront.

    `reason`: "cutoff" (today's cut-off has passed), "full" (today's slots are taken), "preparation"
    (the preparation time leaves no slot today), or "" (a slot today, or the shop's day is over).
    """

    reason: str
    same_day_cutoff: time | None
    preparation_minutes: int


def pickup_note_today(*, shop: Shop, days: list[SlotDay], now: datetime) -> PickupNote:
    """Why a shopper cannot collect today, from the shop's rules and its offered slots `days`
    (slots_available: full slots included)."""
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
