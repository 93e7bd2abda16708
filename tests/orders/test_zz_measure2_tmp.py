import traceback
import pytest
from django.db import connection

from orders.services import order_place_for_basket
from .builders import NOW, basket_with, guest, product_for_sale, shop_open, slot_key

pytestmark = pytest.mark.django_db


def test_trace():
    shops = [shop_open(name=f"S{i}") for i in range(1)]
    items = [(product_for_sale(shop=s, stock=100), 1) for s in shops for _ in range(2)]
    basket = basket_with(*items)
    seen = []
    def wrapper(execute, sql, params, many, context):
        if 'FROM "partner_partner"' in sql:
            if len(seen) < 3:
                seen.append(sql[:80] + "\n" + "".join(traceback.format_stack(limit=14)[:-3]))
        return execute(sql, params, many, context)
    with connection.execute_wrapper(wrapper):
        order_place_for_basket(basket=basket, customer=guest(), choices={s.pk: slot_key(1, 10) for s in shops}, now=NOW)
    for s in seen: print(s); print("=======")
