"""Stock modes at the counter: a counted product sells out, an always-available one never does, an
on-request one is sold without a count and confirmed when the shop accepts the order."""

import pytest
from django.utils import translation
from oscar.core.loading import get_class, get_model

from orders.models import OrderStatus
from orders.services import PlacementError, order_accept, order_place_for_basket, order_refuse
from shops.models import StockMode

from .builders import NOW, basket_with, guest, order_placed, product_for_sale, shop_open, shop_user, slot_key

pytestmark = pytest.mark.django_db

StockRecord = get_model("partner", "StockRecord")
Selector = get_class("partner.strategy", "Selector")
TOMORROW_10 = slot_key(1, 10)


@pytest.fixture
def shop(db):
    return shop_open(name="Boulangerie des modes", capacity=20)


def with_mode(stockrecord, mode):
    StockMode.objects.create(stockrecord=stockrecord, mode=mode)
    return StockRecord.objects.select_related("stock_mode").get(pk=stockrecord.pk)


def availability(stockrecord):
    return Selector().strategy().fetch_for_product(stockrecord.product, stockrecord=stockrecord).availability


@pytest.fixture(autouse=True)
def _in_french():
    # The shoppers' words are checked in French, whatever language an earlier test left active.
    with translation.override("fr"):
        yield


def test_an_always_available_product_never_sells_out(shop):
    bread = with_mode(product_for_sale(shop=shop, title="Pain du jour", stock=None), StockMode.Mode.ALWAYS)
    assert availability(bread).is_available_to_buy
    assert str(availability(bread).short_message) == "Disponible"
    assert availability(bread).is_purchase_permitted(500)[0]

    order_placed(shop=shop, items=[(bread, 40)], key=TOMORROW_10)
    order_placed(shop=shop, items=[(bread, 40)], key=TOMORROW_10, customer=guest(2))

    bread.refresh_from_db()
    assert (bread.num_in_stock, bread.num_allocated) == (None, None)
    assert availability(bread).is_available_to_buy


def test_an_on_request_product_is_placed_without_a_count_and_confirmed_on_acceptance(shop):
    cake = with_mode(product_for_sale(shop=shop, title="Pièce montée", stock=0), StockMode.Mode.ON_REQUEST)
    assert availability(cake).is_available_to_buy
    assert str(availability(cake).short_message) == "Sur demande"
    assert "en acceptant votre commande" in str(availability(cake).message)

    order = order_placed(shop=shop, items=[(cake, 2)], key=TOMORROW_10)
    cake.refresh_from_db()
    assert (cake.num_in_stock, cake.num_allocated or 0) == (0, 0)

    order_accept(order=order, by=shop_user(shop=shop))
    order.refresh_from_db()
    assert order.status == OrderStatus.ACCEPTED


def test_refusing_an_on_request_order_touches_no_stock(shop):
    cake = with_mode(product_for_sale(shop=shop, title="Croquembouche", stock=3), StockMode.Mode.ON_REQUEST)
    order = order_placed(shop=shop, items=[(cake, 2)], key=TOMORROW_10)
    order_refuse(order=order, by=shop_user(shop=shop), reason="Plus de choux aujourd'hui")
    cake.refresh_from_db()
    assert (cake.num_in_stock, cake.num_allocated or 0) == (3, 0)


def test_a_counted_product_still_sells_out(shop):
    tart = with_mode(product_for_sale(shop=shop, title="Tarte", stock=2), StockMode.Mode.COUNTED)
    order_placed(shop=shop, items=[(tart, 2)], key=TOMORROW_10)
    tart.refresh_from_db()
    assert tart.num_allocated == 2
    assert not availability(tart).is_available_to_buy
    basket = basket_with((product_for_sale(shop=shop, title="Autre"), 1))
    basket.add_product(tart.product, quantity=1)
    with pytest.raises(PlacementError):
        order_place_for_basket(basket=basket, customer=guest(3), choices={shop.pk: TOMORROW_10}, now=NOW)
