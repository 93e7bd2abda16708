"""Stripe's word on an order's PaymentIntent (Connect webhook): the intent fetched again, each event applied
once, states only forward — an event that arrives late or twice changes nothing."""

from decimal import Decimal

import pytest
from oscar.core.loading import get_model

from orders.services.payment_records import order_payment_label
from payments import gateway
from tests.payments.test_capture_and_release import paid_orders as paid_orders
from tests.payments.test_checkout_online import connected as connected
from tests.payments.test_checkout_online import shops as shops
from tests.payments.test_webhooks import _event, _post

pytestmark = pytest.mark.django_db

Order = get_model("order", "Order")


def _ids(order):
    return order.sources.get().reference.split("/")


def _send(client, order, type_, event_id):
    account, payment_intent = _ids(order)
    payload = _event(account, event_id=event_id, type_=type_, obj={"id": payment_intent, "object": "payment_intent"})
    return _post(client, payload)


def test_captured_at_stripe_is_recorded_once(client, paid_orders):
    order = paid_orders[0]
    account, payment_intent = _ids(order)
    half = int(order.total_incl_tax * 100) // 2
    gateway.payment_intent_capture(account=account, payment_intent=payment_intent, amount=half, idempotency_key="k")
    assert _send(client, order, "payment_intent.succeeded", "evt_cap_1").status_code == 200
    assert _send(client, order, "payment_intent.succeeded", "evt_cap_2").status_code == 200
    source = order.sources.get()
    assert source.amount_debited == Decimal(half) / 100
    assert order.payment_events.filter(event_type__code="debit").count() == 1
    assert order_payment_label(order=order) == "payée (débitée)"


def test_a_late_canceled_event_does_not_undo_a_capture(client, paid_orders):
    order = paid_orders[0]
    account, payment_intent = _ids(order)
    whole = int(order.total_incl_tax * 100)
    gateway.payment_intent_capture(account=account, payment_intent=payment_intent, amount=whole, idempotency_key="k2")
    # The body says canceled; Stripe, asked again, says succeeded: the order goes forward to captured.
    assert _send(client, order, "payment_intent.canceled", "evt_old").status_code == 200
    assert order.sources.get().amount_debited == order.total_incl_tax
    assert not order.payment_events.filter(event_type__code="liberation").exists()


def test_released_at_stripe(client, paid_orders):
    order = paid_orders[0]
    account, payment_intent = _ids(order)
    gateway.payment_intent_cancel(account=account, payment_intent=payment_intent, idempotency_key="c")
    assert _send(client, order, "payment_intent.canceled", "evt_rel").status_code == 200
    assert order_payment_label(order=order) == "autorisation libérée : rien n'a été débité"
    # The other shop's order is not touched by this shop's event.
    assert order_payment_label(order=paid_orders[1]) == "payée (autorisée)"


def test_another_accounts_event_cannot_reach_an_order(client, paid_orders, stripe_on):
    order = paid_orders[0]
    _account, payment_intent = _ids(order)
    other_account = _ids(paid_orders[1])[0]
    payload = _event(other_account, event_id="evt_x", type_="payment_intent.succeeded", obj={"id": payment_intent})
    # Stripe does not know that intent on that account: the event is not applied (and nothing to retry).
    assert _post(client, payload).status_code == 200
    assert order.sources.get().amount_debited == 0
