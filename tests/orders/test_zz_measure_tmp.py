import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from orders.services import order_place_for_basket
from .builders import NOW, basket_with, guest, product_for_sale, shop_open, slot_key

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("per_shop", [1, 2, 5])
def test_measure(per_shop):
    shops = [shop_open(name=f"S{i}") for i in range(3)]
    items = [(product_for_sale(shop=s, stock=100), 1) for s in shops for _ in range(per_shop)]
    basket = basket_with(*items)
    with CaptureQueriesContext(connection) as ctx:
        order_place_for_basket(basket=basket, customer=guest(), choices={s.pk: slot_key(1, 10) for s in shops}, now=NOW)
    print(per_shop, len(ctx.captured_queries))
    if per_shop == 1:
        for q in ctx.captured_queries:
            print(q["sql"][:150])
