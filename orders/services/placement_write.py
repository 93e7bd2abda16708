"""What a placement writes once everything is checked and locked: one Oscar order per shop, its pickup (slot,
code, deadline to accept), its payment source, and the emails owed, each table in one statement."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

from oscar.core.loading import get_class

from shops.models import Shop
from shops.schedule import opening_time_add
from shops.selectors.public import shop_hours

from ..codes import pickup_code_make
from ..models import Notice, OrderStatus, Pickup, PickupSlot, Placement
from ..notifications import notices_queue_new
from .customer import Contact
from .order_creator import ShopBasketPart, ShopOrderCreator
from .payment_records import order_sources_write

OrderNumberGenerator = get_class("order.utils", "OrderNumberGenerator")


def orders_write(
    *,
    basket,
    parts: list[ShopBasketPart],
    slots: dict,
    wanted: dict[int, PickupSlot],
    contact: Contact,
    now: datetime,
    online: Mapping[int, str] | None,
    payment_due_at: datetime | None = None,
) -> list:
    placement = Placement.objects.create(basket=basket, payment_due_at=payment_due_at)
    awaiting = payment_due_at is not None
    # Oscar's number for the basket, one suffix per shop: unique, and the same on a retry.
    base_number = OrderNumberGenerator().order_number(basket)
    orders = ShopOrderCreator().place_shop_orders(
        basket=basket,
        parts=parts,
        numbers={part.shop.pk: f"{base_number}-{part.shop.pk}" for part in parts},
        user=contact.user,
        guest_email=contact.guest_email,
        status=OrderStatus.AWAITING_PAYMENT if awaiting else None,
    )
    booked = {part.shop.pk: slots[(part.shop.pk, wanted[part.shop.pk].starts_at)] for part in parts}
    # Codes are unique per slot; the slot rows are locked, so no one else is picking one for them now.
    taken: dict[int, set[str]] = {slot.pk: set() for slot in booked.values()}
    for slot_id, code in (
        Pickup.objects.filter(slot__in=list(booked.values())).order_by().values_list("slot_id", "code")
    ):
        taken[slot_id].add(code)
    pickups = []
    for order, part in zip(orders, parts, strict=True):
        shop, slot = part.shop, booked[part.shop.pk]
        code = pickup_code_make(taken=taken[slot.pk])
        taken[slot.pk].add(code)
        order.pickup = Pickup(
            order=order,
            shop=shop,
            slot=slot,
            placement=placement,
            code=code,
            customer_name=contact.name,
            customer_phone=contact.phone,
            language=contact.language,
            accept_by=_accept_by(shop=shop, slot=slot, now=now),
        )
        pickups.append(order.pickup)
    Pickup.objects.bulk_create(pickups)
    order_sources_write(orders=orders, online_references=online or {}, authorised=not awaiting)
    if awaiting:
        # Nobody hears of these orders before they are paid (orders.services.payment_holds).
        return orders
    # Written with the orders, sent once they are committed: a retry finds the orders, and so no new email.
    notices_queue_new(
        owed=[(order, kind) for order in orders for kind in (Notice.Kind.PLACED, Notice.Kind.SHOP_NEW_ORDER)]
    )
    return orders


def _accept_by(*, shop: Shop, slot: PickupSlot, now: datetime) -> datetime:
    """When an order not yet accepted becomes late: after the shop's delay of opening time, before its slot."""
    due = opening_time_add(hours=shop_hours(shop=shop), start=now, minutes=shop.acceptance_minutes)
    return min(due or now + timedelta(minutes=shop.acceptance_minutes), slot.starts_at)
