from datetime import date, time, timedelta

import pytest

from orders.models import PickupSlot
from orders.slots.availability import (
    slot_first_free,
    slot_first_free_soon,
    slots_available,
    slots_available_for_shops,
    slots_first_free_soon,
)
from shops.models import Shop

from .builders import NOW, closure_add, shop_open

pytestmark = pytest.mark.django_db


def test_slots_are_grouped_by_day_in_order_with_the_shops_capacity(bakery):
    days = slots_available(shop=bakery, now=NOW)

    assert [day.day for day in days] == [NOW.date() + timedelta(days=offset) for offset in range(7)]
    first = days[0].slots[0]
    # Open at 8:00, NOW is 7:00 and the bakery needs an hour: 8:00 is the first slot.
    assert first.starts_at.time() == time(8) and first.ends_at.time() == time(8, 30)
    assert first.key == "2030-06-04T06:00Z"
    assert (first.capacity, first.booked, first.remaining, first.is_full) == (2, 0, 2, False)
    assert len(days[0].slots) == 24  # 8:00 to 20:00, every 30 minutes


def test_booked_slots_show_what_is_left_and_full_ones_are_marked_full(bakery):
    days = slots_available(shop=bakery, now=NOW)
    eight, half_past = days[0].slots[0], days[0].slots[1]
    PickupSlot.objects.create(shop=bakery, starts_at=eight.starts_at, ends_at=eight.ends_at, capacity=2, booked=2)
    PickupSlot.objects.create(
        shop=bakery, starts_at=half_past.starts_at, ends_at=half_past.ends_at, capacity=2, booked=1
    )

    days = slots_available(shop=bakery, now=NOW)

    assert days[0].slots[0].is_full
    assert days[0].slots[0].remaining == 0
    assert days[0].slots[1].remaining == 1
    assert days[0].first_free == days[0].slots[1]
    assert slot_first_free(days) == days[0].slots[1]


def test_a_day_with_every_slot_full_is_still_listed_as_full(bakery):
    Shop.objects.filter(pk=bakery.pk).update(slot_capacity=1)
    bakery.refresh_from_db()
    today = slots_available(shop=bakery, now=NOW)[0]
    PickupSlot.objects.bulk_create(
        PickupSlot(shop=bakery, starts_at=s.starts_at, ends_at=s.ends_at, capacity=1, booked=1) for s in today.slots
    )

    days = slots_available(shop=bakery, now=NOW)

    assert days[0].day == NOW.date()
    assert days[0].is_full
    assert slot_first_free(days).starts_at.date() == NOW.date() + timedelta(days=1)


def test_the_first_free_slot_soon_is_todays_when_today_has_one(bakery, django_assert_num_queries):
    shop = Shop.objects.get(pk=bakery.pk)

    with django_assert_num_queries(3):
        first, days = slot_first_free_soon(shop=shop, now=NOW)

    assert first == slot_first_free(slots_available(shop=bakery, now=NOW))
    assert first.starts_at.time() == time(8)
    assert days[0].day == NOW.date()


def test_the_first_free_slot_soon_looks_past_two_full_days(bakery):
    """Today and tomorrow full, the day after closed: the first free slot is three days away."""
    Shop.objects.filter(pk=bakery.pk).update(slot_capacity=1)
    bakery.refresh_from_db()
    closure_add(shop=bakery, starts_on=NOW.date() + timedelta(days=2), ends_on=NOW.date() + timedelta(days=2))
    bakery = Shop.objects.get(pk=bakery.pk)
    full = [s for day in slots_available(shop=bakery, now=NOW)[:2] for s in day.slots]
    PickupSlot.objects.bulk_create(
        PickupSlot(shop=bakery, starts_at=s.starts_at, ends_at=s.ends_at, capacity=1, booked=1) for s in full
    )

    first, days = slot_first_free_soon(shop=Shop.objects.get(pk=bakery.pk), now=NOW)

    assert first.starts_at.date() == NOW.date() + timedelta(days=3)
    assert first == slot_first_free(slots_available(shop=bakery, now=NOW))
    assert days[0].day == NOW.date() and days[0].is_full


def test_a_baskets_shops_get_their_first_free_slot_soon_each(bakery, cheese_shop, django_assert_num_queries):
    """The bakery full today and tomorrow, the cheese shop free today: one more query, for the bakery only."""
    Shop.objects.filter(pk=bakery.pk).update(slot_capacity=1)
    bakery = Shop.objects.get(pk=bakery.pk)
    full = [s for day in slots_available(shop=bakery, now=NOW)[:2] for s in day.slots]
    PickupSlot.objects.bulk_create(
        PickupSlot(shop=bakery, starts_at=s.starts_at, ends_at=s.ends_at, capacity=1, booked=1) for s in full
    )
    shops = list(Shop.objects.filter(pk__in=[bakery.pk, cheese_shop.pk]))

    with django_assert_num_queries(4):
        first, _days = slots_first_free_soon(shops=shops, now=NOW)

    for shop in shops:
        assert first[shop.pk] == slot_first_free(slots_available(shop=shop, now=NOW))
    assert first[bakery.pk].starts_at.date() == NOW.date() + timedelta(days=2)
    assert first[cheese_shop.pk].starts_at.date() == NOW.date()


def test_the_first_free_slot_soon_is_none_when_every_day_is_full(bakery):
    Shop.objects.filter(pk=bakery.pk).update(slot_capacity=1)
    bakery.refresh_from_db()
    every = [s for day in slots_available(shop=bakery, now=NOW) for s in day.slots]
    PickupSlot.objects.bulk_create(
        PickupSlot(shop=bakery, starts_at=s.starts_at, ends_at=s.ends_at, capacity=1, booked=1) for s in every
    )

    assert slot_first_free_soon(shop=Shop.objects.get(pk=bakery.pk), now=NOW) == (
        None,
        slots_available(shop=bakery, now=NOW),
    )


def test_closed_days_and_closures_offer_no_slot(cheese_shop):
    closure_add(shop=cheese_shop, starts_on=date(2030, 6, 6), ends_on=date(2030, 6, 6))

    days = {day.day for day in slots_available(shop=cheese_shop, now=NOW)}

    assert date(2030, 6, 6) not in days  # the closure
    assert date(2030, 6, 9) not in days  # a Sunday
    assert date(2030, 6, 5) in days


def test_a_shop_with_no_hours_offers_nothing(db):
    shop = shop_open(weekdays=())

    assert slots_available(shop=shop, now=NOW) == []


def test_slots_of_one_shop_take_three_queries(bakery, django_assert_num_queries):
    shop = Shop.objects.get(pk=bakery.pk)

    with django_assert_num_queries(3):
        slots_available(shop=shop, now=NOW)


def test_slots_of_several_shops_take_three_queries_in_all(bakery, cheese_shop, django_assert_num_queries):
    shops = list(
        Shop.objects.filter(pk__in=[bakery.pk, cheese_shop.pk, *Shop.objects.values_list("pk", flat=True)[:5]])
    )

    with django_assert_num_queries(3):
        by_shop = slots_available_for_shops(shops=shops, now=NOW)

    assert set(by_shop) == {shop.pk for shop in shops}
    assert by_shop[bakery.pk][0].slots[0].capacity == 2


def test_a_new_capacity_applies_to_coming_slots_but_never_below_their_bookings(bakery):
    from orders.services import slot_capacity_apply

    past, light, busy = (
        PickupSlot.objects.create(
            shop=bakery,
            starts_at=NOW + timedelta(hours=h),
            ends_at=NOW + timedelta(hours=h, minutes=30),
            capacity=2,
            booked=b,
        )
        for h, b in ((-2, 2), (3, 0), (4, 2))
    )
    Shop.objects.filter(pk=bakery.pk).update(slot_capacity=1)
    bakery.refresh_from_db()

    assert slot_capacity_apply(shop=bakery, now=NOW) == 1

    for slot in (past, light, busy):
        slot.refresh_from_db()
    assert (past.capacity, light.capacity, busy.capacity) == (2, 1, 2)
    assert busy.is_full and not light.is_full


def test_raising_the_capacity_in_ma_boutique_gives_booked_coming_slots_the_new_capacity(bakery):
    # The shops app only sends its signal; orders connects to it (shops never imports orders).
    from django.utils import timezone

    from shops.services.space import pickup_settings_update

    soon = timezone.now() + timedelta(days=1)
    booked = PickupSlot.objects.create(
        shop=bakery, starts_at=soon, ends_at=soon + timedelta(minutes=30), capacity=bakery.slot_capacity, booked=1
    )

    pickup_settings_update(shop=bakery, slot_capacity=bakery.slot_capacity + 4)

    booked.refresh_from_db()
    assert booked.capacity == bakery.slot_capacity
    assert booked.remaining == bakery.slot_capacity - 1
