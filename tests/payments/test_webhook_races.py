"""The same Stripe event delivered 10 times at once (Stripe retries, several app servers): one effect.

On PostgreSQL only (SQLite runs one write transaction at a time), on a private copy of the test database
(tests/orders/racedb.py), each delivery a real request on its own connection.
"""

import json
import time
import uuid

import pytest
from django.conf import settings
from django.test import Client
from oscar.core.loading import get_model

from payments import gateway
from payments.devserver.shim import sign
from tests.fake_stripe import CONNECT_WEBHOOK_SECRET

pytestmark = pytest.mark.skipif(
    not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
    reason="SQLite runs one write transaction at a time (BEGIN IMMEDIATE): these races need PostgreSQL",
)

ROUNDS = 3
DELIVERIES = 10


@pytest.mark.django_db
def test_races_start_from_the_migrated_test_database():
    from shops.models import Shop

    assert Shop.objects.exists()


def _captured_intent(fake) -> tuple[str, str, int]:
    account = gateway.account_create(email="r@example.fr", shop_name="Race", shop_reference=str(uuid.uuid4())).id
    fake.activate(account)
    setup = gateway.setup_intent_create(idempotency_key=str(uuid.uuid4()))
    fake.card_setup(setup.id, setup.client_secret)
    card = gateway.setup_intent_retrieve(setup_intent=setup.id)
    clone = gateway.payment_method_clone(
        payment_method=card.payment_method, customer=card.customer, account=account, idempotency_key=str(uuid.uuid4())
    )
    intent = gateway.payment_intent_authorise(
        account=account, amount=1840, payment_method=clone, metadata={}, idempotency_key=str(uuid.uuid4())
    )
    gateway.payment_intent_capture(account=account, payment_intent=intent.id, amount=1840, idempotency_key="c")
    return account, intent.id, 1840


def _online_order(reference: str) -> int:
    from oscar.test.factories import create_order

    from orders.services.payment_records import order_source_write

    order = create_order()
    order_source_write(order=order, online_reference=reference)
    return order.pk


def _effects(order_id: int) -> tuple[int, str]:
    Order = get_model("order", "Order")
    order = Order.objects.get(pk=order_id)
    return order.payment_events.filter(event_type__code="debit").count(), str(order.sources.get().amount_debited)


def _delivery(*, event_id: str, kind: str, account: str, obj: dict):
    """Stripe delivering one signed Connect event: a callable for a racing thread, answering the status."""
    event = {"id": event_id, "object": "event", "type": kind, "account": account, "data": {"object": obj}}
    payload = json.dumps(event).encode()
    signature = sign(payload, CONNECT_WEBHOOK_SECRET, int(time.time()))

    def deliver() -> int:
        response = Client().post(
            "/stripe/webhook/connect/", data=payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=signature
        )
        return response.status_code

    return deliver


def test_the_same_event_ten_times_at_once_has_one_effect(race_db, django_db_blocker, stripe_on):
    with django_db_blocker.unblock():
        for round_ in range(ROUNDS):
            account, payment_intent, cents = _captured_intent(stripe_on)
            order_id = race_db.call(_online_order, f"{account}/{payment_intent}")
            deliver = _delivery(
                event_id=f"evt_race_{round_}_{uuid.uuid4().hex}",
                kind="payment_intent.succeeded",
                account=account,
                obj={"id": payment_intent, "object": "payment_intent"},
            )
            outcomes = race_db.all_at_once([deliver] * DELIVERIES)
            assert [o.error for o in outcomes] == [None] * DELIVERIES
            assert {o.value for o in outcomes} == {200}
            assert race_db.call(_effects, order_id) == (1, f"{cents / 100:.2f}")


def _refunded(order_id: int) -> tuple[str, int, int]:
    Order = get_model("order", "Order")
    order = Order.objects.get(pk=order_id)
    return (
        str(order.sources.get().amount_refunded),
        order.payment_events.filter(event_type__code="remboursement").count(),
        order.payment_events.filter(event_type__code="debit").count(),
    )


def test_a_refund_told_ten_times_at_once_is_recorded_once(race_db, django_db_blocker, stripe_on):
    """The same charge.refunded ten times (Stripe's retries), then ten distinct events about that one refund."""
    with django_db_blocker.unblock():
        for round_ in range(ROUNDS):
            account, payment_intent, _cents = _captured_intent(stripe_on)
            order_id = race_db.call(_online_order, f"{account}/{payment_intent}")
            # Refunded from the shop's Stripe dashboard: the order knows only through the webhook.
            gateway.refund_create(account=account, payment_intent=payment_intent, amount=640, idempotency_key="r")
            charge = stripe_on.get(f"/v1/payment_intents/{payment_intent}", account=account).json()["latest_charge"]
            same = [f"evt_refund_{round_}_{uuid.uuid4().hex}"] * DELIVERIES
            distinct = [f"evt_refund_{uuid.uuid4().hex}" for _ in range(DELIVERIES)]
            for ids in (same, distinct):
                charge_object = {"id": charge["id"], "object": "charge"}
                deliveries = [
                    _delivery(event_id=event_id, kind="charge.refunded", account=account, obj=charge_object)
                    for event_id in ids
                ]
                outcomes = race_db.all_at_once(deliveries)
                assert [o.error for o in outcomes] == [None] * DELIVERIES
                assert {o.value for o in outcomes} == {200}
                # The capture (whose own event never came) and the refund, each recorded once.
                assert race_db.call(_refunded, order_id) == ("6.40", 1, 1)
