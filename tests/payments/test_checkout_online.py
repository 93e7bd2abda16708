"""Paying a basket online: the card entered once (a platform SetupIntent), each shop's order authorised on the
shop's own Stripe account (capture_method=manual), and nothing placed when the card or Stripe fails."""

import re

import pytest
from oscar.core.loading import get_model

from orders.slots.availability import slot_first_free, slots_available
from payments import gateway
from payments.models import ConnectedAccount
from shops.models import Shop
from tests.orders.test_checkout_views import DEMO_OWNERS, GUEST, _product_of

pytestmark = pytest.mark.django_db

Order = get_model("order", "Order")


@pytest.fixture
def shops(db):
    return [Shop.objects.get(partner__users__email=email) for email in DEMO_OWNERS]


def _connect(fake, shop):
    account = gateway.account_create(email="s@example.fr", shop_name=shop.name, shop_reference=f"co-{shop.pk}")
    fake.activate(account.id)
    return ConnectedAccount.objects.create(shop=shop, stripe_id=account.id, charges_enabled=True)


@pytest.fixture
def connected(stripe_on, shops):
    return [_connect(stripe_on, shop) for shop in shops]


def _basket(client, shops):
    for shop in shops:
        assert client.post(f"/basket/add/{_product_of(shop).pk}/", {"quantity": 1}).status_code == 302


def _setup_from_page(client, fake, number="4242424242424242"):
    """Opens the checkout page and does what the Payment Element does with the card."""
    html = client.get("/commande/").content.decode()
    secret = re.search(r'data-secret="([^"]+)"', html).group(1)
    fake.card_setup(secret.split("_secret_")[0], secret, number)
    return html


def _place(client, shops, payment="online"):
    slots = {f"slot-{shop.pk}": slot_first_free(slots_available(shop=shop)).key for shop in shops}
    return client.post("/commande/", {**slots, **GUEST, "payment": payment})


def _intents(fake, account):
    return fake.get("/v1/payment_intents", account=account.stripe_id).json()["data"]


def test_no_online_choice_without_stripe(client, shops):
    _basket(client, shops)
    html = client.get("/commande/").content.decode()
    assert "Payer en ligne" not in html and "js.stripe.com" not in html


def test_online_choice_only_when_every_shop_takes_it(client, stripe_on, shops):
    _connect(stripe_on, shops[0])
    _basket(client, shops)
    html = client.get("/commande/").content.decode()
    assert "Payer en ligne par carte" not in html
    assert "toutes les boutiques du panier" in html


def test_two_shop_basket_paid_online(client, stripe_on, shops, connected):
    _basket(client, shops)
    html = _setup_from_page(client, stripe_on)
    # Stripe.js from the configured origin, allowed by this page's CSP only.
    assert f'src="{stripe_on.url}/js.stripe.com/v3/"' in html
    response = _place(client, shops)
    assert response.status_code == 302, response.content.decode()[:3000]
    orders = Order.objects.filter(guest_email=GUEST["email"]).order_by("number")
    assert orders.count() == 2
    for order, account in zip(orders, connected, strict=True):
        source = order.sources.get()
        assert source.source_type.code == "carte-en-ligne"
        assert source.reference.startswith(account.stripe_id + "/pi_")
        intent = gateway.payment_intent_retrieve(
            account=account.stripe_id, payment_intent=source.reference.split("/")[1]
        )
        assert intent.status == "requires_capture"
        assert intent.amount == int(order.total_incl_tax * 100)
        assert intent.metadata["order"] == order.number
        assert order.payment_events.get().event_type.code == "autorisation"
    # Each account sees its own order's authorisation only.
    assert [len(_intents(stripe_on, account)) for account in connected] == [1, 1]
    confirmation = client.get(response["Location"]).content.decode()
    assert confirmation.count("payée (autorisée)") == 2
    assert "à payer au retrait" not in confirmation


def test_declined_card_places_nothing_and_keeps_the_basket(client, stripe_on, shops, connected):
    _basket(client, shops)
    _setup_from_page(client, stripe_on, number="4000000000000341")
    response = _place(client, shops)
    assert response.status_code == 400
    assert "Votre carte a été refusée" in response.content.decode()
    assert not Order.objects.filter(guest_email=GUEST["email"]).exists()
    assert client.get("/commande/").status_code == 200  # the basket is still there
    # Whatever was authorised before the refusal is released.
    assert all(i["status"] == "canceled" for account in connected for i in _intents(stripe_on, account))


def test_stripe_failing_then_retry_authorises_once(client, stripe_on, shops, connected):
    _basket(client, shops)
    _setup_from_page(client, stripe_on)
    stripe_on.fail_next("/v1/payment_intents", times=2)
    response = _place(client, shops)
    assert response.status_code == 400
    assert "Le paiement en ligne ne répond pas" in response.content.decode()
    assert not Order.objects.filter(guest_email=GUEST["email"]).exists()
    assert _place(client, shops).status_code == 302
    assert Order.objects.filter(guest_email=GUEST["email"]).count() == 2
    assert [len(_intents(stripe_on, account)) for account in connected] == [1, 1]


def test_a_lost_answer_still_authorises_once(client, stripe_on, shops, connected):
    _basket(client, shops)
    _setup_from_page(client, stripe_on)
    stripe_on.fail_next("/v1/payment_intents", mode="drop")
    assert _place(client, shops).status_code == 302
    assert [len(_intents(stripe_on, account)) for account in connected] == [1, 1]


def test_online_without_a_card_is_refused(client, stripe_on, shops, connected):
    _basket(client, shops)
    client.get("/commande/")
    response = _place(client, shops)
    assert response.status_code == 400
    assert "Saisissez votre carte bancaire" in response.content.decode()


def test_stripe_unreachable_shows_pay_at_pickup_only(client, stripe_on, shops, connected, settings):
    from tests.fake_stripe import free_port

    settings.STRIPE_API_BASE = f"http://127.0.0.1:{free_port()}"
    _basket(client, shops)
    html = client.get("/commande/").content.decode()
    assert "momentanément indisponible" in html
    assert _place(client, shops, payment="pickup").status_code == 302
