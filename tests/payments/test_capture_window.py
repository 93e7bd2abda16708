"""A card authorisation can be captured only until its charge's capture_before (read from Stripe, never assumed
to be 7 days): a slot that ends later is pay-at-pickup only, and paying it online places nothing, charges
nothing and keeps the basket."""

from datetime import timedelta
from html import unescape

import pytest
from django.utils import timezone
from oscar.core.loading import get_model

from orders.slots.availability import slot_first_free, slots_available
from tests.orders.test_checkout_views import GUEST
from tests.payments.test_checkout_online import _basket, _intents, _setup_from_page
from tests.payments.test_checkout_online import connected as connected
from tests.payments.test_checkout_online import shops as shops

pytestmark = pytest.mark.django_db

Order = get_model("order", "Order")
BasketLine = get_model("basket", "Line")


def _last_slot_end(shops):
    return max(slot_first_free(slots_available(shop=shop)).ends_at for shop in shops)


def _place(client, shops):
    slots = {f"slot-{shop.pk}": slot_first_free(slots_available(shop=shop)).key for shop in shops}
    return client.post("/commande/", {**slots, **GUEST, "payment": "online"})


def test_a_slot_ending_after_capture_before_is_refused_and_nothing_is_charged(client, stripe_on, shops, connected):
    _basket(client, shops)
    _setup_from_page(client, stripe_on)
    lines = BasketLine.objects.count()
    # The card network gives less time than it takes to reach the later slot's end.
    window = _last_slot_end(shops) - timezone.now() - timedelta(minutes=5)
    stripe_on.capture_window(int(window.total_seconds()))
    response = _place(client, shops)
    assert response.status_code == 400
    page = unescape(response.content.decode())
    assert "Ce créneau est trop lointain pour le paiement en ligne" in page
    assert "Choisissez un créneau plus proche, ou payez au retrait" in page
    assert not Order.objects.filter(guest_email=GUEST["email"]).exists()
    assert BasketLine.objects.count() == lines  # the basket is intact
    # Whatever was authorised is released: nothing will be charged.
    intents = [intent for account in connected for intent in _intents(stripe_on, account)]
    assert intents and all(intent["status"] == "canceled" for intent in intents)


def test_a_slot_within_the_window_is_paid_online(client, stripe_on, shops, connected):
    _basket(client, shops)
    _setup_from_page(client, stripe_on)
    window = _last_slot_end(shops) - timezone.now() + timedelta(hours=1)
    stripe_on.capture_window(int(window.total_seconds()))
    assert _place(client, shops).status_code == 302
    assert Order.objects.filter(guest_email=GUEST["email"]).count() == 2
    statuses = [intent["status"] for account in connected for intent in _intents(stripe_on, account)]
    assert statuses == ["requires_capture", "requires_capture"]


def test_paying_at_pickup_is_still_offered_for_that_slot(client, stripe_on, shops, connected):
    _basket(client, shops)
    _setup_from_page(client, stripe_on)
    stripe_on.capture_window(60)
    slots = {f"slot-{shop.pk}": slot_first_free(slots_available(shop=shop)).key for shop in shops}
    assert client.post("/commande/", {**slots, **GUEST, "payment": "pickup"}).status_code == 302
    assert Order.objects.filter(guest_email=GUEST["email"]).count() == 2
