"""A product with no photo yet (a shopkeeper may save one without) shows no broken picture on its card:
Oscar's stand-in for a missing image has no address, so the card leaves the picture out."""

import pytest

from tests.orders.builders import product_for_sale, shop_open

pytestmark = pytest.mark.django_db


def test_a_product_without_photo_has_a_card_without_a_broken_picture(client):
    shop = shop_open(name="Épicerie sans photo")
    product_for_sale(shop=shop, title="Riz basmati", price="3.20")

    response = client.get(shop.get_absolute_url())

    assert response.status_code == 200
    html = response.content.decode()
    card = html.split('<article class="product-card">', 1)[1].split("</article>", 1)[0]
    assert "Riz basmati" in card
    assert "<img" not in card
