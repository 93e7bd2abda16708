"""The confirmation page in English reads as English: no French words, no space before a colon."""

import re
from html import unescape

import pytest
from django.conf import settings

from orders.slots.availability import slot_first_free, slots_available

from .builders import product_for_sale, shop_open

pytestmark = pytest.mark.django_db

GUEST = {"email": "sam@example.co.uk", "phone": "06 12 34 56 78", "name": "Sam Taylor"}


def _text(response) -> str:
    assert response.status_code == 200
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


@pytest.mark.parametrize(
    ("language", "says", "never_says"),
    [
        ("en-gb", ["Pickup: ", "Total inc. VAT: "], ["Pickup :", "Total inc. VAT :", "Retrait", "Total TTC"]),
        ("fr", ["Retrait : ", "Total TTC : "], ["Pickup", "Total inc. VAT"]),
    ],
)
def test_the_confirmation_page_speaks_one_language(client, language, says, never_says):
    shop = shop_open(name="Boulangerie du Marché", capacity=10)
    bread = product_for_sale(shop=shop, title="Baguette tradition", price="1.20", stock=20)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    client.post(f"/basket/add/{bread.product.pk}/", {"quantity": 1})
    key = slot_first_free(slots_available(shop=shop)).key
    response = client.post("/commande/", {f"slot-{shop.pk}": key, "payment": "pickup", **GUEST})
    assert response.status_code == 302

    text = _text(client.get("/commande/confirmation/"))

    for phrase in says:
        assert phrase in text
    for phrase in never_says:
        assert phrase not in text
