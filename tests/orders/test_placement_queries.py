"""Placing a basket costs a fixed number of queries, plus a few per shop and per line: never one per unit."""

import pytest

from orders.services import order_place_for_basket

from .builders import NOW, basket_with, guest, product_for_sale, shop_open, slot_key

pytestmark = pytest.mark.django_db

BASE = 18
PER_SHOP = 5
PER_LINE = 5


def budget(*, shops: int, lines: int) -> int:
    return BASE + PER_SHOP * shops + PER_LINE * lines


@pytest.mark.parametrize(("lines_per_shop", "quantity"), [(1, 1), (5, 1), (5, 40)])
def test_placing_a_three_shop_basket_stays_within_its_query_budget(
    django_assert_max_num_queries, lines_per_shop, quantity
):
    shops = [shop_open(name=f"Boutique {number}") for number in range(3)]
    stock = [product_for_sale(shop=shop, stock=100) for shop in shops for _ in range(lines_per_shop)]
    basket = basket_with(*[(stockrecord, quantity) for stockrecord in stock])
    choices = {shop.pk: slot_key(1, 10) for shop in shops}

    with django_assert_max_num_queries(budget(shops=3, lines=len(stock))):
        orders = order_place_for_basket(basket=basket, customer=guest(), choices=choices, now=NOW)

    assert len(orders) == 3


def test_a_second_placement_of_the_same_basket_costs_a_handful_of_queries(django_assert_max_num_queries):
    shop = shop_open()
    basket = basket_with(*[(product_for_sale(shop=shop), 1) for _ in range(5)])
    order_place_for_basket(basket=basket, customer=guest(), choices={shop.pk: slot_key(1, 10)}, now=NOW)

    with django_assert_max_num_queries(5):
        order_place_for_basket(basket=basket, customer=guest(), choices={shop.pk: slot_key(1, 10)}, now=NOW)
