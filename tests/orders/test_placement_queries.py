"""Placing a basket costs the same few queries whatever its shops, lines and quantities (issue 20: at most
25 per placement): one statement per table read or written, never one per shop, line or unit."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sites.models import Site
from django.db import connection
from django.test.utils import CaptureQueriesContext
from oscar.core.loading import get_model

from orders.services import Customer, order_place_for_basket

from .builders import NOW, basket_with, guest, product_for_sale, shop_open, slot_key

pytestmark = pytest.mark.django_db

Option = get_model("catalogue", "Option")
StockAlert = get_model("partner", "StockAlert")

# The placement itself (23 today): the basket locked and checked (basket, placement, lines, vouchers,
# offers), the stock records locked, the shops' hours (2), the slots made and locked (2) and booked (1), the
# stock allocated (1), then one INSERT per table written (placement, orders, lines, line prices, pickups,
# payment sources, notices) with the slots' codes taken, the source type and the shop staff to email, and the
# basket submitted. Options chosen for a product cost a read and a write more, a sale taking stock below its
# low-stock threshold a read and a write.
PLACEMENT_BUDGET = 25
# The SAVEPOINT and RELEASE of the test's own transaction (a checkout's transaction is BEGIN and COMMIT).
TEST_TRANSACTION = 2


@pytest.fixture(autouse=True)
def site_cached(db):
    """The site, read by Oscar for each order, as a running server has it: cached after its first request."""
    Site.objects.get_current()


def _basket(*, shops: int, lines_per_shop: int, quantity: int, owner=None):
    stock = [
        product_for_sale(shop=shop, stock=500)
        for shop in [shop_open(name=f"Boutique {number}") for number in range(shops)]
        for _ in range(lines_per_shop)
    ]
    for stockrecord in stock:
        # Every record watched for low stock, none running low: the alerts are read, none is written.
        stockrecord.low_stock_threshold = 5
        stockrecord.save()
    basket = basket_with(*[(stockrecord, quantity) for stockrecord in stock], owner=owner)
    choices = {stockrecord.partner.shop.pk: slot_key(1, 10) for stockrecord in stock}
    return basket, choices


def _customer(signed_in: bool):
    if not signed_in:
        return None, guest()
    user = get_user_model().objects.create_user(email="acheteuse@example.com", password="x", first_name="Léa")
    return user, Customer(user=user)


@pytest.mark.parametrize("signed_in", [False, True], ids=["guest", "signed-in"])
@pytest.mark.parametrize(
    ("shops", "lines_per_shop", "quantity"), [(3, 1, 1), (3, 5, 1), (3, 5, 40), (6, 3, 2)], ids=str
)
def test_placing_a_basket_stays_within_25_queries_whatever_its_shops_and_lines(
    django_assert_max_num_queries, signed_in, shops, lines_per_shop, quantity
):
    user, customer = _customer(signed_in)
    basket, choices = _basket(shops=shops, lines_per_shop=lines_per_shop, quantity=quantity, owner=user)

    with django_assert_max_num_queries(PLACEMENT_BUDGET + TEST_TRANSACTION):
        orders = order_place_for_basket(basket=basket, customer=customer, choices=choices, now=NOW)

    assert len(orders) == shops
    assert sorted(order.lines.count() for order in orders) == [lines_per_shop] * shops
    assert all(order.pickup.slot.booked == 1 for order in orders)


@pytest.mark.parametrize("signed_in", [False, True], ids=["guest", "signed-in"])
def test_placement_queries_do_not_grow_from_3_lines_of_3_shops_to_18_lines_of_6_shops(signed_in):
    user, customer = _customer(signed_in)
    counts = []
    for shops, lines_per_shop in ((3, 1), (6, 3)):
        basket, choices = _basket(shops=shops, lines_per_shop=lines_per_shop, quantity=2, owner=user)
        with CaptureQueriesContext(connection) as captured:
            order_place_for_basket(basket=basket, customer=customer, choices=choices, now=NOW)
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]


def test_a_placement_that_takes_stock_below_its_threshold_opens_one_alert():
    shop = shop_open()
    low, plenty = product_for_sale(shop=shop, stock=10), product_for_sale(shop=shop, stock=100)
    for stockrecord in (low, plenty):
        stockrecord.low_stock_threshold = 5
        stockrecord.save()

    order_place_for_basket(
        basket=basket_with((low, 6), (plenty, 6)), customer=guest(), choices={shop.pk: slot_key(1, 10)}, now=NOW
    )
    order_place_for_basket(basket=basket_with((low, 1)), customer=guest(2), choices={shop.pk: slot_key(1, 11)}, now=NOW)

    (alert,) = StockAlert.objects.filter(stockrecord__in=[low, plenty])
    assert (alert.stockrecord_id, alert.threshold, alert.status) == (low.pk, 5, StockAlert.OPEN)


def test_the_options_chosen_for_a_product_are_written_on_its_order_line_in_the_same_budget(
    django_assert_max_num_queries,
):
    shop = shop_open()
    cake, bread = product_for_sale(shop=shop, title="Fraisier"), product_for_sale(shop=shop, title="Baguette")
    message = Option.objects.create(name="Message sur le gâteau", code="message", type=Option.TEXT)
    cake.product.product_options.add(message)
    basket = basket_with((bread, 1))
    basket.add_product(cake.product, 1, options=[{"option": message, "value": "Joyeux anniversaire Léa"}])

    with django_assert_max_num_queries(PLACEMENT_BUDGET + TEST_TRANSACTION):
        (order,) = order_place_for_basket(basket=basket, customer=guest(), choices={shop.pk: slot_key(1, 10)}, now=NOW)

    lines = {line.title: line for line in order.lines.all()}
    assert [(a.type, a.value) for a in lines["Fraisier"].attributes.all()] == [("message", "Joyeux anniversaire Léa")]
    assert not lines["Baguette"].attributes.exists()


def test_a_second_placement_of_the_same_basket_costs_a_handful_of_queries(django_assert_max_num_queries):
    shop = shop_open()
    basket = basket_with(*[(product_for_sale(shop=shop), 1) for _ in range(5)])
    order_place_for_basket(basket=basket, customer=guest(), choices={shop.pk: slot_key(1, 10)}, now=NOW)

    with django_assert_max_num_queries(5):
        order_place_for_basket(basket=basket, customer=guest(), choices={shop.pk: slot_key(1, 10)}, now=NOW)
