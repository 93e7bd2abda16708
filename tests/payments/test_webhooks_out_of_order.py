"""Stripe does not promise the order of its events: delivered in reverse or shuffled, they leave an order's
payment (and a shop's account) where Stripe says it is now, and states only move forward."""

import random
from decimal import Decimal

import pytest
from oscar.core.loading import get_model

from orders.services import order_accept, order_hand_over
from orders.services.payment_records import order_payment_label
from orders.services.payment_refund import RefundError, order_refund
from payments import gateway
from payments.models import ConnectedAccount
from tests.payments.test_capture_and_release import _keeper
from tests.payments.test_capture_and_release import paid_orders as paid_orders
from tests.payments.test_checkout_online import connected as connected
from tests.payments.test_checkout_online import shops as shops
from tests.payments.test_webhooks import _event, _post

pytestmark = pytest.mark.django_db

Transaction = get_model("payment", "Transaction")


def _ids(order):
    return order.sources.get().reference.split("/")


def _charge_id(fake, order) -> str:
    account, payment_intent = _ids(order)
    charge = fake.get(f"/v1/payment_intents/{payment_intent}", account=account).json()["latest_charge"]
    return charge if isinstance(charge, str) else charge["id"]


def _pi_event(order, type_, event_id):
    account, payment_intent = _ids(order)
    # The body is what the intent was when the event was made; the handler asks Stripe again anyway.
    stale = {"id": payment_intent, "object": "payment_intent", "status": "requires_capture"}
    return _event(account, event_id=event_id, type_=type_, obj=stale)


def _charge_event(fake, order, event_id):
    account, _payment_intent = _ids(order)
    obj = {"id": _charge_id(fake, order), "object": "charge", "amount_refunded": 0}
    return _event(account, event_id=event_id, type_="charge.refunded", obj=obj)


def _state(order):
    source = order.sources.get()
    events = sorted(order.payment_events.values_list("event_type__code", flat=True))
    return source.amount_debited, source.amount_refunded, events


def _capture_and_refund_at_stripe(order, cents_refunded: list[int]):
    """What a shop does from its own Stripe dashboard: capture the whole, then refund in parts."""
    account, payment_intent = _ids(order)
    whole = int(order.total_incl_tax * 100)
    gateway.payment_intent_capture(account=account, payment_intent=payment_intent, amount=whole, idempotency_key="c")
    for index, cents in enumerate(cents_refunded):
        gateway.refund_create(account=account, payment_intent=payment_intent, amount=cents, idempotency_key=f"r{index}")


def test_canceled_before_authorised_event_ends_released(client, paid_orders):
    order = paid_orders[0]
    account, payment_intent = _ids(order)
    gateway.payment_intent_cancel(account=account, payment_intent=payment_intent, idempotency_key="c")
    assert _post(client, _pi_event(order, "payment_intent.canceled", "evt_2")).status_code == 200
    assert _post(client, _pi_event(order, "payment_intent.amount_capturable_updated", "evt_1")).status_code == 200
    assert order_payment_label(order=order) == "autorisation libérée : rien n'a été débité"
    assert _state(order) == (0, 0, ["autorisation", "liberation"])


def test_refunded_before_the_capture_event_records_the_capture_once(client, paid_orders, stripe_on):
    order = paid_orders[0]
    _capture_and_refund_at_stripe(order, [30])
    total = order.total_incl_tax
    assert _post(client, _charge_event(stripe_on, order, "evt_refund")).status_code == 200
    assert _state(order) == (total, Decimal("0.30"), ["autorisation", "debit", "remboursement"])
    # The capture's own event, late: already past it.
    assert _post(client, _pi_event(order, "payment_intent.succeeded", "evt_capture")).status_code == 200
    assert _post(client, _pi_event(order, "payment_intent.amount_capturable_updated", "evt_auth")).status_code == 200
    assert _state(order) == (total, Decimal("0.30"), ["autorisation", "debit", "remboursement"])
    assert order_payment_label(order=order) == "payée, remboursée de 0,30 €"


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_shuffled_events_end_where_stripe_is(client, paid_orders, stripe_on, seed):
    order = paid_orders[0]
    _capture_and_refund_at_stripe(order, [20, 30])
    events = [
        _pi_event(order, "payment_intent.amount_capturable_updated", "evt_a"),
        _pi_event(order, "payment_intent.succeeded", "evt_b"),
        _charge_event(stripe_on, order, "evt_c"),
        _charge_event(stripe_on, order, "evt_d"),
        _pi_event(order, "payment_intent.canceled", "evt_e"),  # a stray one: the intent was never canceled
    ]
    random.Random(seed).shuffle(events)
    for payload in events + events:  # and each delivered twice
        assert _post(client, payload).status_code == 200
    total = order.total_incl_tax
    debited, refunded, codes = _state(order)
    assert (debited, refunded) == (total, Decimal("0.50"))
    assert codes.count("debit") == 1 and "liberation" not in codes
    assert sum(order.payment_events.filter(event_type__code="remboursement").values_list("amount", flat=True)) == (
        Decimal("0.50")
    )


def test_our_own_refunds_event_adds_nothing(client, paid_orders, stripe_on, django_capture_on_commit_callbacks):
    order = paid_orders[0]
    keeper = _keeper(order)
    with django_capture_on_commit_callbacks(execute=True):
        order_accept(order=order, by=keeper)
        order_hand_over(order=order, by=keeper)
    order_refund(order=order, amount=Decimal("0.40"), sequence=0, by=keeper)
    assert _post(client, _charge_event(stripe_on, order, "evt_own")).status_code == 200
    assert _state(order)[1] == Decimal("0.40")
    assert order.payment_events.filter(event_type__code="remboursement").count() == 1


def test_a_lost_refund_answer_is_recorded_by_the_webhook_and_the_old_page_cannot_refund_again(
    client, paid_orders, stripe_on, django_capture_on_commit_callbacks
):
    order = paid_orders[0]
    keeper = _keeper(order)
    with django_capture_on_commit_callbacks(execute=True):
        order_accept(order=order, by=keeper)
        order_hand_over(order=order, by=keeper)
    stripe_on.fail_next("/v1/refunds", mode="drop", times=2)
    with pytest.raises(RefundError) as lost:
        order_refund(order=order, amount=Decimal("0.40"), sequence=0, by=keeper)
    assert lost.value.code == "unavailable"
    assert _post(client, _charge_event(stripe_on, order, "evt_lost")).status_code == 200
    assert _state(order)[1] == Decimal("0.40")
    # The shopkeeper submits the page they had again: refused, not refunded a second time.
    with pytest.raises(RefundError) as again:
        order_refund(order=order, amount=Decimal("0.40"), sequence=0, by=keeper)
    assert again.value.code == "stale"
    account, payment_intent = _ids(order)
    assert [refund["amount"] for refund in stripe_on.refunds(account, payment_intent)] == [40]


def test_an_older_account_event_after_a_newer_one_changes_nothing(client, demo_users, stripe_on):
    from shops.access import shop_of_user

    bakery = shop_of_user(demo_users["shopkeeper_a"])
    created = gateway.account_create(email="b@example.fr", shop_name=bakery.name, shop_reference="ooo-bakery")
    account = ConnectedAccount.objects.create(shop=bakery, stripe_id=created.id)
    stripe_on.activate(account.stripe_id)
    newer = _event(account.stripe_id, event_id="evt_new", obj={"id": account.stripe_id, "charges_enabled": True})
    older = _event(account.stripe_id, event_id="evt_old", obj={"id": account.stripe_id, "charges_enabled": False})
    assert _post(client, newer).status_code == 200
    assert _post(client, older).status_code == 200
    account.refresh_from_db()
    assert account.charges_enabled and account.details_submitted
