"""3-D Secure on the shops' accounts, and the holds while the shopper completes it.

The card asks for 3-D Secure on every payment (4000 0027 6000 3184): once on the platform to keep it, then on
each shop's account. The orders wait "awaiting payment", holding their slot places and stock, until Stripe
(asked by the server, never the browser) says each one is authorised, or the hold runs out.
"""

import html
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from oscar.core.loading import get_model

from orders.models import OrderStatus, PickupSlot, Placement
from orders.selectors.board import board_for_shop
from orders.services import payment_holds
from orders.services.jobs import orders_jobs_run

from . import test_checkout_online
from .test_checkout_online import GUEST, _basket, _intents, _place, _setup_from_page


def _slot_keys(shops) -> list:
    from orders.slots.availability import slot_first_free, slots_available

    return [slot_first_free(slots_available(shop=shop)).key for shop in shops]


# The two connected demo shops of the online checkout's tests.
shops = test_checkout_online.shops
connected = test_checkout_online.connected

pytestmark = pytest.mark.django_db

Order = get_model("order", "Order")
StockRecord = get_model("partner", "StockRecord")
Basket = get_model("basket", "Basket")

CARD_3DS = "4000002760003184"


def _held(client, fake, shops, number=CARD_3DS):
    _basket(client, shops)
    _setup_from_page(client, fake, number)
    response = _place(client, shops)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert response["Location"] == "/commande/paiement/"
    return list(Order.objects.filter(guest_email=GUEST["email"]).select_related("pickup__slot").order_by("pk"))


def _page_intents(client):
    """What the pay page hands Stripe.js: (shop's account, client secret) for each intent to complete."""
    import re

    html = client.get("/commande/paiement/").content.decode()
    return re.findall(r'data-stripe-account="([^"]+)" data-client-secret="([^"]+)"', html)


def _booked(order) -> int:
    return PickupSlot.objects.get(pk=order.pickup.slot_id).booked


def _allocated(order) -> list:
    return [StockRecord.objects.get(pk=line.stockrecord_id).num_allocated or 0 for line in order.lines.all()]


def _statuses(fake, connected_accounts) -> list:
    return [i["status"] for account in connected_accounts for i in _intents(fake, account)]


def test_3ds_basket_holds_places_then_is_placed_once_the_bank_says_yes(
    client, stripe_on, shops, connected, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        orders = _held(client, stripe_on, shops)
    assert [order.status for order in orders] == [OrderStatus.AWAITING_PAYMENT] * 2
    # The places and units are held already, but no shop sees the order and nobody is emailed yet.
    assert all(_booked(order) == 1 for order in orders)
    assert all(quantity >= 1 for order in orders for quantity in _allocated(order))
    now = timezone.now()
    for shop in shops:
        board = board_for_shop(shop=shop, now=now)
        assert not board.new and not board.days
    assert mail.outbox == []
    assert _statuses(stripe_on, connected) == ["requires_action", "requires_action"]

    intents = _page_intents(client)
    assert sorted(account for account, _secret in intents) == sorted(a.stripe_id for a in connected)
    # The browser passes 3-D Secure for each shop, on that shop's account.
    for account, secret in intents:
        assert stripe_on.authenticate(secret, account=account).json()["status"] == "requires_capture"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/commande/paiement/")
    assert response.status_code == 302 and response["Location"] == "/commande/confirmation/"

    for order in orders:
        order.refresh_from_db()
        assert order.status == OrderStatus.PLACED
        assert order.payment_events.get().event_type.code == "autorisation"
        assert _booked(order) == 1  # held, not booked a second time
    assert not Placement.objects.get(pickups__order=orders[0]).payment_due_at
    confirmation = client.get("/commande/confirmation/").content.decode()
    assert confirmation.count("payée (autorisée)") == 2
    assert len([m for m in mail.outbox if m.to == [GUEST["email"]]]) == 2
    assert len([m for m in mail.outbox if m.to != [GUEST["email"]]]) == 2
    assert all(len(board_for_shop(shop=shop, now=now).new) == 1 for shop in shops)
    # A second look (back button, a late webhook) changes nothing and emails nobody again.
    sent = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/commande/paiement/").status_code == 302
    assert len(mail.outbox) == sent and Order.objects.filter(guest_email=GUEST["email"]).count() == 2


def test_the_browser_saying_done_is_not_enough(client, stripe_on, shops, connected):
    orders = _held(client, stripe_on, shops)
    (account, secret), _second = _page_intents(client)
    stripe_on.authenticate(secret, account=account)
    # Only one shop's bank said yes: nothing moves, the shopper is asked to finish.
    response = client.post("/commande/paiement/")
    assert response.status_code == 400
    assert "validez l'authentification" in html.unescape(response.content.decode())
    assert all(o.status == OrderStatus.AWAITING_PAYMENT for o in Order.objects.filter(pk__in=[o.pk for o in orders]))
    assert len(_page_intents(client)) == 1


def test_3ds_failed_releases_everything_and_gives_the_basket_back(
    client, stripe_on, shops, connected, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        orders = _held(client, stripe_on, shops)
    (first, second) = _page_intents(client)
    stripe_on.authenticate(first[1], account=first[0])
    stripe_on.authenticate(second[1], account=second[0], passes=False)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/commande/paiement/")
    assert response.status_code == 200
    assert "L'authentification 3-D Secure n'a pas abouti : rien n'a été commandé ni débité" in html.unescape(
        response.content.decode()
    )
    for order in orders:
        order.refresh_from_db()
        assert order.status == OrderStatus.UNPAID
        assert _booked(order) == 0
        assert all(quantity == 0 for quantity in _allocated(order))
    # The one authorised is released too: nothing is charged for a basket that was not placed.
    assert set(_statuses(stripe_on, connected)) <= {"canceled", "requires_payment_method"}
    assert "canceled" in _statuses(stripe_on, connected)
    assert mail.outbox == []
    # The basket is back, and the shopper can pay at pickup instead.
    page = client.get("/commande/")
    assert page.status_code == 200
    assert all(shop.name in page.content.decode() for shop in shops)
    assert _place(client, shops, payment="pickup").status_code == 302
    placed = Order.objects.filter(guest_email=GUEST["email"], status=OrderStatus.PLACED)
    assert placed.count() == 2


def test_the_job_releases_an_expired_hold_once(client, stripe_on, shops, connected, django_capture_on_commit_callbacks):
    orders = _held(client, stripe_on, shops)
    intents = _page_intents(client)
    due = Placement.objects.get(pickups__order=orders[0]).payment_due_at
    assert timedelta(minutes=14) < due - timezone.now() <= timedelta(minutes=15)
    with django_capture_on_commit_callbacks(execute=True):
        assert orders_jobs_run(now=due - timedelta(seconds=1)).holds_released == 0
        assert orders_jobs_run(now=due + timedelta(seconds=1)).holds_released == 1
        assert orders_jobs_run(now=due + timedelta(seconds=2)).holds_released == 0
    for order in orders:
        order.refresh_from_db()
        assert order.status == OrderStatus.UNPAID and _booked(order) == 0
    assert _statuses(stripe_on, connected) == ["canceled", "canceled"]
    # The shopper's bank answers too late: the intent is cancelled, so nothing can be authorised.
    account, secret = intents[0]
    assert stripe_on.authenticate(secret, account=account).status_code == 400
    page = html.unescape(client.post("/commande/paiement/").content.decode())
    assert "Le délai pour valider le paiement est dépassé" in page
    assert client.get("/commande/").status_code == 200


def test_a_payment_authorised_after_its_hold_expired_is_cancelled(
    client, stripe_on, shops, connected, django_capture_on_commit_callbacks
):
    orders = _held(client, stripe_on, shops)
    for account, secret in _page_intents(client):
        assert stripe_on.authenticate(secret, account=account).json()["status"] == "requires_capture"
    # The bank said yes, but after the hold ran out; the clock job has not come by yet.
    Placement.objects.filter(pickups__order=orders[0]).update(payment_due_at=timezone.now() - timedelta(seconds=1))
    with django_capture_on_commit_callbacks(execute=True):
        page = html.unescape(client.post("/commande/paiement/").content.decode())
    assert "Le délai pour valider le paiement est dépassé" in page
    assert all(o.status == OrderStatus.UNPAID for o in Order.objects.filter(pk__in=[o.pk for o in orders]))
    # Authorised at the bank, then cancelled by us: never an order without its place.
    assert _statuses(stripe_on, connected) == ["canceled", "canceled"]
    assert mail.outbox == []


def test_confirm_and_expiry_at_once_move_the_orders_once(client, stripe_on, shops, connected):
    orders = _held(client, stripe_on, shops)
    for account, secret in _page_intents(client):
        stripe_on.authenticate(secret, account=account)
    placement = Placement.objects.get(pickups__order=orders[0])
    assert payment_holds.placement_payment_settle(placement_id=placement.pk) == payment_holds.CONFIRMED
    # The job comes after: nothing awaits any more.
    assert payment_holds.payment_holds_release_due(now=placement.payment_due_at or timezone.now()) == 0
    assert orders_jobs_run(now=timezone.now() + timedelta(hours=1)).holds_released == 0
    assert all(o.status == OrderStatus.PLACED for o in Order.objects.filter(pk__in=[o.pk for o in orders]))
    assert _statuses(stripe_on, connected) == ["requires_capture", "requires_capture"]


def test_stripe_down_on_the_return_keeps_the_hold(client, stripe_on, shops, connected):
    orders = _held(client, stripe_on, shops)
    for account, secret in _page_intents(client):
        stripe_on.authenticate(secret, account=account)
    stripe_on.fail_next("/v1/payment_intents", method="GET", times=4)
    response = client.post("/commande/paiement/")
    assert response.status_code in (400, 503)
    assert all(o.status == OrderStatus.AWAITING_PAYMENT for o in Order.objects.filter(pk__in=[o.pk for o in orders]))
    assert client.post("/commande/paiement/")["Location"] == "/commande/confirmation/"


def test_a_card_that_needs_no_3ds_is_placed_at_once(client, stripe_on, shops, connected):
    _basket(client, shops)
    _setup_from_page(client, stripe_on)
    assert _place(client, shops)["Location"] == "/commande/confirmation/"
    assert not Placement.objects.filter(payment_due_at__isnull=False).exists()


def test_the_pay_page_shows_nothing_to_another_session(client, stripe_on, shops, connected):
    from django.test import Client

    _held(client, stripe_on, shops)
    other = Client()
    assert other.get("/commande/paiement/")["Location"] == "/basket/"
    assert other.post("/commande/paiement/")["Location"] == "/basket/"


def test_the_webhook_places_a_basket_whose_shopper_closed_the_page(
    client, stripe_on, shops, connected, django_capture_on_commit_callbacks
):
    from .test_webhooks import _event, _post

    orders = _held(client, stripe_on, shops)
    for account, secret in _page_intents(client):
        stripe_on.authenticate(secret, account=account)
    # Stripe tells each shop's endpoint; the shopper never comes back to the page.
    for number, order in enumerate(orders):
        account, payment_intent = order.sources.get().reference.split("/")
        payload = _event(
            account,
            event_id=f"evt_3ds_{number}",
            type_="payment_intent.amount_capturable_updated",
            obj={"id": payment_intent, "object": "payment_intent"},
        )
        with django_capture_on_commit_callbacks(execute=True):
            assert _post(client, payload).status_code == 200
    assert all(o.status == OrderStatus.PLACED for o in Order.objects.filter(pk__in=[o.pk for o in orders]))
    assert len([m for m in mail.outbox if m.to == [GUEST["email"]]]) == 2


def test_the_shop_cannot_act_on_an_order_awaiting_payment(client, stripe_on, shops, connected):
    from django.contrib.auth import get_user_model

    from orders.services import OrderChangeError, order_accept, order_refuse

    orders = _held(client, stripe_on, shops)
    keeper = get_user_model().objects.get(email="boulangerie@demo.enbasdemarue.fr")
    order = next(o for o in orders if o.pickup.shop_id == shops[0].pk)
    for change in (
        lambda: order_accept(order=order, by=keeper),
        lambda: order_refuse(order=order, by=keeper, reason="x"),
    ):
        with pytest.raises(OrderChangeError):
            change()
    order.refresh_from_db()
    assert order.status == OrderStatus.AWAITING_PAYMENT and _booked(order) == 1


def test_a_signed_in_shopper_sees_no_order_from_a_payment_that_failed(
    client, stripe_on, shops, connected, demo_users, django_capture_on_commit_callbacks
):
    import re

    shopper = demo_users["shopper"]
    client.force_login(shopper)
    _basket(client, shops)
    _setup_from_page(client, stripe_on, CARD_3DS)
    slots = {f"slot-{shop.pk}": key for shop, key in zip(shops, _slot_keys(shops), strict=True)}
    assert client.post("/commande/", {**slots, "payment": "online"})["Location"] == "/commande/paiement/"
    orders = list(Order.objects.filter(user=shopper, status=OrderStatus.AWAITING_PAYMENT))
    assert len(orders) == 2
    assert not any(order.number in client.get("/commandes/").content.decode() for order in orders)
    for account, secret in _page_intents(client):
        stripe_on.authenticate(secret, account=account, passes=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/commande/paiement/").status_code == 200
    listing = client.get("/commandes/").content.decode()
    assert not any(order.number in listing for order in orders)
    # The lines are back in the shopper's basket.
    checkout = client.get("/commande/").content.decode()
    assert all(shop.name in checkout for shop in shops) and re.search(r"Payer en ligne", checkout)


def test_the_pay_page_after_the_hold_ran_out_says_so_without_a_challenge(
    client, stripe_on, shops, connected, settings, django_capture_on_commit_callbacks
):
    settings.PAYMENT_HOLD_MINUTES = 0
    orders = _held(client, stripe_on, shops)
    with django_capture_on_commit_callbacks(execute=True):
        page = html.unescape(client.get("/commande/paiement/").content.decode())
    assert "Le délai pour valider le paiement est dépassé" in page and "data-client-secret" not in page
    assert all(o.status == OrderStatus.UNPAID for o in Order.objects.filter(pk__in=[o.pk for o in orders]))
    assert _statuses(stripe_on, connected) == ["canceled", "canceled"]


def test_a_slot_beyond_the_card_window_is_released_after_3ds(
    client, stripe_on, shops, connected, django_capture_on_commit_callbacks
):
    """3-D Secure passed, but the card network gives less time than it takes to reach a chosen slot's end:
    the same rule as at checkout (pay at pickup for such a slot), decided once Stripe has authorised."""
    with django_capture_on_commit_callbacks(execute=True):
        orders = _held(client, stripe_on, shops)
    last_end = max(order.pickup.slot.ends_at for order in orders)
    stripe_on.capture_window(int((last_end - timezone.now() - timedelta(minutes=5)).total_seconds()))
    for account, secret in _page_intents(client):
        assert stripe_on.authenticate(secret, account=account).json()["status"] == "requires_capture"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/commande/paiement/")
    assert response.status_code == 200
    assert "Un créneau choisi est trop lointain pour le paiement en ligne" in html.unescape(response.content.decode())
    for order in orders:
        order.refresh_from_db()
        assert order.status == OrderStatus.UNPAID
        assert _booked(order) == 0
    # Both authorisations released: nothing will be charged.
    assert _statuses(stripe_on, connected) == ["canceled", "canceled"]
    assert mail.outbox == []
