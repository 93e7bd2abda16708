"""A shopper's emails speak the language they ordered in, from the confirmation to the receipt; the shop's
emails stay in the site's language."""

import html
import re

import pytest
from django.conf import settings
from django.core import mail
from django.utils import translation
from oscar.core.loading import get_model

from orders.models import Pickup
from orders.services import Customer, order_accept, order_mark_collected, order_mark_ready
from orders.slots.availability import slot_first_free, slots_available

from .builders import order_placed, product_for_sale, shop_open, shop_user, slot_key

pytestmark = pytest.mark.django_db

Order = get_model("order", "Order")

GUEST = {"email": "sam@example.co.uk", "phone": "06 12 34 56 78", "name": "Sam Taylor"}
SHOP_EMAIL = "contact@boulangerie.example"
TOMORROW_10 = slot_key(1, 10)  # Wednesday 5 June 2030


def flat(text: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]*>", " ", text)).split())


@pytest.fixture
def shop(db):
    shop = shop_open(name="Boulangerie du Marché", capacity=10)
    shop.email = SHOP_EMAIL
    shop.save()
    return shop


@pytest.fixture
def bread(shop):
    return product_for_sale(shop=shop, title="Baguette tradition", price="1.20", stock=20)


def test_a_guest_ordering_on_the_english_site_gets_the_confirmation_in_english(
    client, shop, bread, django_capture_on_commit_callbacks
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en-gb"
    assert client.post(f"/basket/add/{bread.product.pk}/", {"quantity": 2}).status_code == 302
    key = slot_first_free(slots_available(shop=shop)).key
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/commande/", {f"slot-{shop.pk}": key, "payment": "pickup", **GUEST})
    assert response.status_code == 302

    order = Order.objects.get(guest_email=GUEST["email"])
    assert order.pickup.language == "en-gb"
    (confirmation,) = [message for message in mail.outbox if message.to == [GUEST["email"]]]
    assert confirmation.subject.startswith(f"Order {order.number} from Boulangerie du Marché: pickup on ")
    text, page = flat(confirmation.body), flat(confirmation.alternatives[0][0])
    for body in (text, page):
        assert "Hello Sam Taylor," in body
        # English punctuation: no space before a colon.
        assert "Wednesday: 08:00 – 20:00" in body
        assert "Pickup: " in body and "Pickup :" not in body
        assert "Bonjour" not in body
        assert "retrait" not in body.replace("retrait.ics", "")
    assert '<html lang="en-gb">' in confirmation.alternatives[0][0]
    # The shop reads its new order in French.
    (new_order,) = [message for message in mail.outbox if message.to == [SHOP_EMAIL]]
    assert new_order.subject.startswith(f"Nouvelle commande {order.number}")


def test_later_emails_of_an_english_order_are_in_english_whatever_language_sends_them(
    shop, bread, mailoutbox, django_capture_on_commit_callbacks
):
    keeper = shop_user(shop=shop)
    customer = Customer(email=GUEST["email"], phone=GUEST["phone"], name=GUEST["name"], language="en")
    order = order_placed(shop=shop, items=[(bread, 1)], key=TOMORROW_10, customer=customer)
    assert Pickup.objects.get(order=order).language == "en-gb"

    # The shopkeeper works in French: the change is made, and the email sent, in a French request.
    for change in (order_accept, order_mark_ready, order_mark_collected):
        with translation.override("fr"), django_capture_on_commit_callbacks(execute=True):
            change(order=order, by=keeper)

    subjects = [message.subject for message in mailoutbox if message.to == [GUEST["email"]]]
    assert subjects[0] == f"Order {order.number} accepted by Boulangerie du Marché: pickup on Wednesday 5 June at 10:00"
    assert subjects[1].startswith(f"Your order {order.number} is ready")
    assert subjects[2] == f"Receipt: order {order.number} collected at Boulangerie du Marché"
    for message in mailoutbox:
        if message.to == [GUEST["email"]]:
            assert "Wednesday 5 June" in message.body or "Receipt" in message.subject
            assert "Bonjour" not in message.body


def test_an_unknown_language_falls_back_to_french(shop, bread, mailoutbox, django_capture_on_commit_callbacks):
    customer = Customer(email=GUEST["email"], phone=GUEST["phone"], name=GUEST["name"], language="xx-evil")
    with django_capture_on_commit_callbacks(execute=True):
        order = order_placed(shop=shop, items=[(bread, 1)], key=TOMORROW_10, customer=customer)

    assert order.pickup.language == "fr"
    (confirmation,) = [message for message in mailoutbox if message.to == [GUEST["email"]]]
    assert confirmation.subject.startswith(f"Commande {order.number} chez Boulangerie du Marché : retrait mercredi")
