"""The order page says what is left to pay: at pickup while the order is open, nothing once it is
collected (paid at the counter) or ended without a handover."""

import re
from html import unescape

import pytest
from django.contrib.auth import get_user_model

from orders.notifications import order_track_token
from orders.services import (
    order_accept,
    order_cancel_by_shopper,
    order_mark_collected,
    order_mark_ready,
    order_place_for_basket,
    order_refuse,
)
from orders.slots.availability import slots_available

from .builders import basket_with, guest, product_for_sale, shop_open

pytestmark = pytest.mark.django_db

TO_PAY = "À payer au retrait, en boutique."


@pytest.fixture
def shop(db):
    return shop_open(name="Boulangerie Test", capacity=4)


@pytest.fixture
def keeper(shop):
    user = get_user_model().objects.create_user(email="vendeur-paiement@example.com", password="x")
    shop.partner.users.add(user)
    return user


@pytest.fixture
def order(shop):
    bread = product_for_sale(shop=shop, title="Pain de seigle", price="3.40", stock=10)
    # From the second offered day: clear of the preparation time while the test runs on the real clock.
    key = next(slot.key for day in slots_available(shop=shop)[1:] for slot in day.slots if not slot.is_full)
    (order,) = order_place_for_basket(basket=basket_with((bread, 2)), customer=guest(), choices={shop.pk: key})
    return order


def _page(client, order) -> str:
    response = client.get(f"/commandes/suivi/{order_track_token(order=order)}/")
    assert response.status_code == 200
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def test_an_open_order_is_to_pay_at_pickup(client, order):
    assert TO_PAY in _page(client, order)


def test_a_collected_order_is_no_longer_to_pay(client, order, keeper):
    order_accept(order=order, by=keeper)
    order_mark_ready(order=order, by=keeper)
    order_mark_collected(order=order, by=keeper)

    text = _page(client, order)
    assert TO_PAY not in text
    assert "Réglée en boutique, au retrait." in text


@pytest.mark.parametrize("end", ["refused", "cancelled"])
def test_an_order_ended_without_handover_asks_nothing(client, order, keeper, end):
    if end == "refused":
        order_refuse(order=order, by=keeper, reason="Plus de farine.")
    else:
        order_cancel_by_shopper(order=order)

    text = _page(client, order)
    assert TO_PAY not in text
    assert "Rien ne vous sera demandé." in text
