"""Row locks for placing orders: the one place rows are locked or counters moved (as Saleor's lock_objects).

Every placement takes its locks in the same global order, so two placements may wait for one
another but never in a circle (no deadlock):

1. its basket row: two submissions of one basket queue here; different baskets never meet;
2. the stock records of its lines, in primary-key order;
2b. the per-business caps of its business-only products (shops.BusinessCap), in primary-key order:
   two people of one company ordering masks at once queue here, so the second counts the first's units;
3. its pickup slot rows: the missing ones inserted in (shop, start) order, then all of them locked
   in primary-key order.

A placement only waits on rows of a later phase than those it holds, so no wait goes backwards.

A change to a placed order (orders.services.lifecycle) locks its order row first, then the same way:
its stock records in primary-key order, then its slot rows in primary-key order. No placement ever
locks an order row, so the two kinds of transaction cannot wait on each other in a circle either.

The decisions are conditional UPDATEs ("book only while booked < capacity", "allocate only while
enough is left"), so they stay right even where SELECT … FOR UPDATE does nothing: on SQLite every
transaction begins IMMEDIATE (settings) and holds the database's single write lock from its first
statement, so placements simply run one after another there.

Locks are FOR NO KEY UPDATE: the order rows a placement inserts reference these rows, and the foreign
key checks of other transactions (FOR KEY SHARE) must not queue behind them.
"""

from collections.abc import Iterable, Sequence
from datetime import datetime

from django.db.models import Case, F, IntegerField, Q, Value, When
from django.db.models.functions import Coalesce, Greatest
from oscar.core.loading import get_model

from kernel.page_cache import public_pages_changed
from shops.models import BusinessCap

from .models import Pickup, PickupSlot

Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")
StockRecord = get_model("partner", "StockRecord")


def basket_lock(*, basket_id: int):
    """The basket row, locked until the end of the transaction (None if it does not exist)."""
    return Basket.objects.select_for_update(no_key=True).filter(pk=basket_id).first()


def stockrecords_lock(*, stockrecord_ids: Iterable[int]) -> dict:
    """The stock records, locked in primary-key order, with their partner's shop and product class."""
    rows = (
        StockRecord.objects.select_for_update(no_key=True, of=("self",))
        .select_related("partner__shop", "stock_mode", "product__product_class", "product__parent__product_class")
        .filter(pk__in=sorted(set(stockrecord_ids)))
        .order_by("pk")
    )
    return {row.pk: row for row in rows}


def business_caps_lock(*, product_ids: Iterable[int]) -> list[BusinessCap]:
    """The caps of these products (those that have one), locked in primary-key order."""
    return list(
        BusinessCap.objects.select_for_update(no_key=True).filter(product_id__in=set(product_ids)).order_by("pk")
    )


def order_lock(*, order_id: int):
    """The order row, locked until the end of the transaction, with its pickup (None if it does not exist)."""
    order = (
        Order.objects.select_for_update(no_key=True, of=("self",)).select_related("user").filter(pk=order_id).first()
    )
    if order is None:
        return None
    # Read once the lock is granted: joined to the locking SELECT, the pickup would be the one of that
    # statement's snapshot, taken before it waited, and miss a slot move made by the lock's holder.
    pickup = Pickup.objects.select_related("slot", "shop__partner").filter(order_id=order.pk).first()
    if pickup is not None:
        order.pickup = pickup
    return order


def pickup_slots_lock(
    *, wanted: Sequence[PickupSlot], also_ids: Iterable[int] = ()
) -> dict[tuple[int, datetime], PickupSlot]:
    """The slot rows for (shop, starts_at) of the unsaved `wanted` ones, created if missing, and the rows
    `also_ids`, all locked in pk order."""
    also_ids = list(also_ids)
    if not wanted and not also_ids:
        return {}
    # ON CONFLICT DO NOTHING: a row another placement is creating is waited for, then reused.
    PickupSlot.objects.bulk_create(
        sorted(wanted, key=lambda slot: (slot.shop_id, slot.starts_at)), ignore_conflicts=True
    )
    matches = Q(pk__in=also_ids)
    for slot in wanted:
        matches |= Q(shop_id=slot.shop_id, starts_at=slot.starts_at)
    rows = PickupSlot.objects.select_for_update(no_key=True).filter(matches).order_by("pk")
    return {(row.shop_id, row.starts_at): row for row in rows}


def slot_book(*, slot: PickupSlot) -> bool:
    """Take one place in the slot if one is left (conditional UPDATE); keeps the instance in step."""
    booked = PickupSlot.objects.filter(pk=slot.pk, booked__lt=F("capacity")).update(booked=F("booked") + 1) == 1
    if booked:
        slot.booked += 1
        public_pages_changed()
    return booked


def slots_book(*, slots: Sequence[PickupSlot]) -> bool:
    """Take one place in each slot, all or none of them free (one conditional UPDATE); keeps the instances in step.

    False when one of them is full: some of the others may have been booked, so the caller must roll back.
    """
    ids = sorted({slot.pk for slot in slots})
    if not ids:
        return True
    booked = PickupSlot.objects.filter(pk__in=ids, booked__lt=F("capacity")).update(booked=F("booked") + 1)
    if booked != len(ids):
        return False
    for slot in slots:
        slot.booked += 1
    public_pages_changed()
    return True


def stocks_allocate(*, wanted: Sequence[tuple[object, int]]) -> bool:
    """Allocate each (stock record, quantity) if that many are left, all or none (one conditional UPDATE);
    keeps the instances in step.

    False when one of them has too few left: some of the others may have been allocated, so the caller
    must roll back. As stock_allocate, row by row, in one statement.
    """
    quantities = {}
    for stockrecord, quantity in wanted:
        quantities[stockrecord.pk] = quantities.get(stockrecord.pk, 0) + quantity
    if not quantities:
        return True
    quantity = Case(
        *(When(pk=pk, then=Value(units)) for pk, units in sorted(quantities.items())), output_field=IntegerField()
    )
    allocated = StockRecord.objects.filter(
        pk__in=sorted(quantities),
        num_in_stock__isnull=False,
        num_in_stock__gte=Coalesce(F("num_allocated"), 0) + quantity,
    ).update(num_allocated=Coalesce(F("num_allocated"), 0) + quantity)
    if allocated != len(quantities):
        return False
    for stockrecord, units in wanted:
        stockrecord.num_allocated = (stockrecord.num_allocated or 0) + units
    public_pages_changed()
    return True


def stock_allocate(*, stockrecord, quantity: int) -> bool:
    """Allocate `quantity` units if that many are left (conditional UPDATE); keeps the instance in step.

    Oscar's own StockRecord.allocate() adds to num_allocated without looking at what is left.
    """
    allocated = (
        StockRecord.objects.filter(
            pk=stockrecord.pk,
            num_in_stock__isnull=False,
            num_in_stock__gte=Coalesce(F("num_allocated"), 0) + quantity,
        ).update(num_allocated=Coalesce(F("num_allocated"), 0) + quantity)
        == 1
    )
    if allocated:
        stockrecord.num_allocated = (stockrecord.num_allocated or 0) + quantity
        public_pages_changed()
    return allocated


def slot_release(*, slot_id: int) -> bool:
    """Give back one place in the slot (conditional UPDATE: the counter never goes below zero)."""
    released = PickupSlot.objects.filter(pk=slot_id, booked__gt=0).update(booked=F("booked") - 1) == 1
    if released:
        public_pages_changed()
    return released


def stock_release(*, stockrecord_id: int, quantity: int) -> bool:
    """Give back `quantity` allocated units (a refused or cancelled order): they can be sold again."""
    # Even if the shop has cleared its count since: an allocation left behind would hold back units
    # for good once it counts again.
    released = (
        StockRecord.objects.filter(pk=stockrecord_id, num_allocated__gte=quantity).update(
            num_allocated=F("num_allocated") - quantity
        )
        == 1
    )
    if released:
        public_pages_changed()
    return released


def stock_consume(*, stockrecord_id: int, quantity: int) -> bool:
    """The allocated units left the shop with the shopper: out of the stock and out of the allocation."""
    # The shop may have lowered its count below what was set aside (a recount): the allocation still
    # goes, and the count stops at zero, rather than units staying allocated to a collected order.
    consumed = (
        StockRecord.objects.filter(pk=stockrecord_id, num_in_stock__isnull=False, num_allocated__gte=quantity).update(
            num_in_stock=Greatest(F("num_in_stock") - quantity, 0), num_allocated=F("num_allocated") - quantity
        )
        == 1
    )
    if consumed:
        public_pages_changed()
    return consumed
