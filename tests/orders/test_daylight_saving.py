"""Booking on the days the clocks change: the slot the shopper saw is the one booked, stored in UTC."""

from datetime import date, datetime, time

import pytest

from orders.services import order_place_for_basket
from orders.slots.availability import slots_available
from shops.schedule import PARIS

from .builders import basket_with, guest, product_for_sale, shop_open

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("sunday", "utc_offset_hours"),
    [(date(2030, 3, 31), 2), (date(2030, 10, 27), 1)],  # the last Sundays of March and October
)
def test_a_sunday_slot_on_a_clock_change_is_booked_at_the_right_utc_time(sunday, utc_offset_hours):
    shop = shop_open(name="Marché du dimanche", weekdays=(7,), opens=time(8), closes=time(13))
    stock = product_for_sale(shop=shop)
    now = datetime.combine(sunday.replace(day=sunday.day - 1), time(18), tzinfo=PARIS)  # Saturday evening

    (day,) = slots_available(shop=shop, now=now)
    assert day.day == sunday
    assert len(day.slots) == 10  # 8:00 to 13:00 by 30 minutes, none lost or doubled
    ten = next(slot for slot in day.slots if slot.starts_at.time() == time(10))
    assert ten.key == f"{sunday.isoformat()}T{10 - utc_offset_hours:02d}:00Z"

    (order,) = order_place_for_basket(
        basket=basket_with((stock, 1)), customer=guest(), choices={shop.pk: ten.key}, now=now
    )

    slot = order.pickup.slot
    slot.refresh_from_db()
    assert slot.starts_at.astimezone(PARIS).replace(tzinfo=None) == datetime.combine(sunday, time(10))
    assert (slot.ends_at - slot.starts_at).total_seconds() == 30 * 60
