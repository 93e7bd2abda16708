"""A small, hand-counted set of orders for the statistics tests (tests/orders/test_stats_*.py).

The bakery's orders, all placed in the two weeks from Monday 27 May 2030 (NOW is Tuesday 4 June, 7:00):

| order | lines                  | slot (Paris)   | status        | total  | placed     |
|-------|------------------------|----------------|---------------|--------|------------|
| o1    | 2 baguettes            | Wed 5, 10:00   | collected     |  2.40  | NOW        |
| o2    | 1 fraisier             | Wed 5, 10:00   | collected     | 24.90  | NOW        |
| o3    | 3 baguettes            | Thu 6, 11:00   | not collected |  3.60  | NOW        |
| o4    | 1 baguette, 1 fraisier | Wed 5, 10:30   | cancelled     | 26.10  | NOW        |
| o5    | 1 baguette             | Wed 5, 11:00   | placed        |  1.20  | Tue 28 May |

and one order of the cheese shop (a comté, 8.40, collected), which the bakery must never count.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from oscar.core.loading import get_model

from orders.models import OrderStatus, Pickup
from orders.selectors.stats import Period

from .builders import NOW, order_placed, product_for_sale, shop_open, slot_key

Order = get_model("order", "Order")

PERIOD = Period(start=date(2030, 5, 27), end=date(2030, 6, 9))


@dataclass
class Orders:
    bakery: object
    cheese_shop: object
    bakery_orders: list
    cheese_order: object


def _status(order, status, *, placed=NOW):
    # The placement service stamps the real clock; the figures are read in NOW's calendar.
    Order.objects.filter(pk=order.pk).update(status=status, date_placed=placed)
    Pickup.objects.filter(order=order).update(created_at=placed)


def orders_counted() -> Orders:
    bakery = shop_open(name="Boulangerie comptée", capacity=4)
    cheese_shop = shop_open(name="Fromagerie comptée")
    bread = product_for_sale(shop=bakery, title="Baguette", price="1.20", stock=100)
    cake = product_for_sale(shop=bakery, title="Fraisier", price="24.90", stock=100)
    comte = product_for_sale(shop=cheese_shop, title="Comté", price="8.40", stock=100)
    o1 = order_placed(shop=bakery, items=[(bread, 2)], key=slot_key(1, 10))
    o2 = order_placed(shop=bakery, items=[(cake, 1)], key=slot_key(1, 10))
    o3 = order_placed(shop=bakery, items=[(bread, 3)], key=slot_key(2, 11))
    o4 = order_placed(shop=bakery, items=[(bread, 1), (cake, 1)], key=slot_key(1, 10, 30))
    o5 = order_placed(shop=bakery, items=[(bread, 1)], key=slot_key(1, 11))
    o6 = order_placed(shop=cheese_shop, items=[(comte, 1)], key=slot_key(1, 10))
    _status(o1, OrderStatus.COLLECTED)
    _status(o2, OrderStatus.COLLECTED)
    _status(o3, OrderStatus.NOT_COLLECTED)
    _status(o4, OrderStatus.CANCELLED)
    _status(o5, OrderStatus.PLACED, placed=NOW - timedelta(days=7))
    _status(o6, OrderStatus.COLLECTED)
    return Orders(bakery=bakery, cheese_shop=cheese_shop, bakery_orders=[o1, o2, o3, o4, o5], cheese_order=o6)
