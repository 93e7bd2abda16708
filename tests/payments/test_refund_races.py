"""Several shopkeepers (or tabs, or app servers) refunding one order at the same moment: together they never
refund more than was captured, and what we record is what Stripe did.

On PostgreSQL only (SQLite runs one write transaction at a time), on a private copy of the test database
(tests/orders/racedb.py), each racer a thread with its own connection, released at the same moment;
each scenario repeated, since a race shows up once in many runs.
"""

import uuid
from decimal import Decimal
from functools import partial
from html import unescape

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from oscar.core.loading import get_model

from orders.services.payment_refund import RefundError, order_refund, order_refund_state
from tests.payments.test_webhook_races import _captured_intent

pytestmark = pytest.mark.skipif(
    not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
    reason="SQLite runs one write transaction at a time (BEGIN IMMEDIATE): these races need PostgreSQL",
)

ROUNDS = 5
SHOPKEEPERS = 10
# Captured by _captured_intent: 18,40 €; each racer wants 5 €: three fit, 3,40 € stays.
WANTED = Decimal("5.00")

Order = get_model("order", "Order")
Transaction = get_model("payment", "Transaction")


@pytest.mark.django_db
def test_races_start_from_the_migrated_test_database():
    from shops.models import Shop

    assert Shop.objects.exists()


# What the worker threads run, each on its own connection to the copy.


def _collected_order(reference: str, cents: int) -> tuple[int, int]:
    """An order collected and captured (`cents`) online, and a shopkeeper of its shop; their ids."""
    from django.contrib.auth import get_user_model
    from oscar.test.factories import create_order

    from orders.services.payment_records import order_source_write

    order = create_order()
    Order.objects.filter(pk=order.pk).update(status="collected")
    order_source_write(order=order, online_reference=reference)
    order.sources.get().debit(Decimal(cents) / 100, reference=reference)
    keeper = get_user_model().objects.create_user(email=f"{uuid.uuid4().hex[:12]}@example.fr", password="x")
    keeper.groups.add(Group.objects.get(name="Commerçants"))
    order.lines.first().partner.users.add(keeper)
    return order.pk, keeper.pk


def _shopkeeper(order_id: int, keeper_id: int) -> str:
    """What a shopkeeper does: look at the order, refund 5 €; if the page was outdated, look again and retry."""
    from django.contrib.auth import get_user_model

    keeper = get_user_model().objects.get(pk=keeper_id)
    for _attempt in range(3 * SHOPKEEPERS):
        order = Order.objects.get(pk=order_id)
        state = order_refund_state(order=order)
        try:
            order_refund(order=order, amount=WANTED, sequence=state.sequence, by=keeper)
        except RefundError as error:
            if error.code == "stale":
                continue
            return error.code
        return "refunded"
    return "gave up"


def _number(order_id: int) -> str:
    return Order.objects.get(pk=order_id).number


def _recorded(order_id: int) -> tuple[Decimal, list[Decimal], int]:
    order = Order.objects.get(pk=order_id)
    source = order.sources.get()
    events = list(order.payment_events.filter(event_type__code="remboursement").values_list("amount", flat=True))
    return source.amount_refunded, events, Transaction.objects.filter(source=source, txn_type="Refund").count()


def _at_stripe(fake, reference: str) -> list[int]:
    account, payment_intent = reference.split("/")
    return sorted(refund["amount"] for refund in fake.refunds(account, payment_intent))


def test_concurrent_refunds_never_exceed_what_was_captured(race_db, django_db_blocker, stripe_on):
    with django_db_blocker.unblock():
        for _round in range(ROUNDS):
            account, payment_intent, cents = _captured_intent(stripe_on)
            reference = f"{account}/{payment_intent}"
            order_id, keeper_id = race_db.call(_collected_order, reference, cents)
            outcomes = race_db.all_at_once([partial(_shopkeeper, order_id, keeper_id)] * SHOPKEEPERS)
            assert [outcome.error for outcome in outcomes] == [None] * SHOPKEEPERS
            results = sorted(outcome.value for outcome in outcomes)
            assert results == ["refunded"] * 3 + ["too_much"] * (SHOPKEEPERS - 3)
            assert race_db.call(_recorded, order_id) == (Decimal("15.00"), [WANTED] * 3, 3)
            assert _at_stripe(stripe_on, reference) == [500, 500, 500]


def test_the_same_page_submitted_at_once_from_many_tabs_refunds_once(race_db, django_db_blocker, stripe_on):
    with django_db_blocker.unblock():
        for _round in range(ROUNDS):
            account, payment_intent, cents = _captured_intent(stripe_on)
            reference = f"{account}/{payment_intent}"
            order_id, keeper_id = race_db.call(_collected_order, reference, cents)
            number = race_db.call(_number, order_id)

            def submit(keeper_id=keeper_id, number=number):
                from django.contrib.auth import get_user_model

                client = Client()
                client.force_login(get_user_model().objects.get(pk=keeper_id))
                response = client.post(
                    reverse("dashboard:order-detail", kwargs={"number": number}),
                    {"order_action": "refund_payment", "refund_amount": "5,00", "refund_sequence": "0"},
                    follow=True,
                )
                return response.status_code, "remboursés au client" in unescape(response.content.decode())

            outcomes = race_db.all_at_once([submit] * SHOPKEEPERS)
            assert [outcome.error for outcome in outcomes] == [None] * SHOPKEEPERS
            assert {outcome.value[0] for outcome in outcomes} == {200}
            assert sum(outcome.value[1] for outcome in outcomes) == 1
            assert race_db.call(_recorded, order_id) == (WANTED, [WANTED], 1)
            assert _at_stripe(stripe_on, reference) == [500]
