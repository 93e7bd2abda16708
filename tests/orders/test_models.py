"""The invariants the database itself refuses to break, whatever code writes the rows."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction

from orders.models import Pickup, PickupSlot
from orders.services import order_place_for_basket

from .builders import NOW, basket_with, guest, slot_key

pytestmark = pytest.mark.django_db

TOMORROW = NOW + timedelta(days=1, hours=3)


def slot_for(shop, **fields):
    values = {"starts_at": TOMORROW, "ends_at": TOMORROW + timedelta(minutes=30), "capacity": 2, **fields}
    return PickupSlot.objects.create(shop=shop, **values)


def test_a_slot_cannot_be_booked_beyond_its_capacity(bakery):
    slot = slot_for(bakery, booked=2)

    with pytest.raises(IntegrityError), transaction.atomic():
        PickupSlot.objects.filter(pk=slot.pk).update(booked=3)


def test_a_slot_cannot_have_a_negative_booking(bakery):
    with pytest.raises(IntegrityError), transaction.atomic():
        slot_for(bakery, booked=-1)


def test_a_shop_has_one_counter_per_slot_start(bakery):
    slot_for(bakery)

    with pytest.raises(IntegrityError), transaction.atomic():
        slot_for(bakery)


def test_a_slot_ends_after_it_starts(bakery):
    with pytest.raises(IntegrityError), transaction.atomic():
        slot_for(bakery, ends_at=TOMORROW)


def test_two_pickups_of_one_slot_cannot_share_a_code(bakery, bread):
    first, second = (
        order_place_for_basket(
            basket=basket_with((bread, 1)), customer=guest(), choices={bakery.pk: slot_key(1, 10)}, now=NOW
        )[0]
        for _ in range(2)
    )
    assert first.pickup.slot == second.pickup.slot

    with pytest.raises(IntegrityError), transaction.atomic():
        Pickup.objects.filter(pk=second.pickup.pk).update(code=first.pickup.code)


def test_one_order_has_one_pickup(bakery, bread):
    (order,) = order_place_for_basket(
        basket=basket_with((bread, 1)), customer=guest(), choices={bakery.pk: slot_key(1, 10)}, now=NOW
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        Pickup.objects.create(
            order=order, shop=bakery, slot=order.pickup.slot, code="XXXXXX", customer_name="Quelqu'un"
        )
