"""A held basket (3-D Secure passed at the bank) met at once by the shopper's return and by clock jobs whose
hold has run out (several app servers, two cron runs): the orders move once, all the same way, and the
slot places, stock and emails follow that one move.

On PostgreSQL only (SQLite runs one write transaction at a time), on a private copy of the test database
(tests/orders/racedb.py), each caller on its own connection.
"""

from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from oscar.core.loading import get_model

from .test_checkout_online import _basket, _place, _setup_from_page
from .test_payment_holds import CARD_3DS, _page_intents

pytestmark = pytest.mark.skipif(
    not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
    reason="SQLite runs one write transaction at a time (BEGIN IMMEDIATE): these races need PostgreSQL",
)

ROUNDS = 3
CONFIRMS = 4
JOBS = 4


@pytest.mark.django_db
def test_races_start_from_the_migrated_test_database():
    from shops.models import Shop

    assert Shop.objects.exists()


def _shops_connected(fake) -> list:
    from payments import gateway
    from payments.models import ConnectedAccount
    from shops.models import Shop
    from tests.orders.test_checkout_views import DEMO_OWNERS

    shops = [Shop.objects.get(partner__users__email=email) for email in DEMO_OWNERS]
    for shop in shops:
        if not ConnectedAccount.objects.filter(shop=shop).exists():
            account = gateway.account_create(email="r@example.fr", shop_name=shop.name, shop_reference=f"r-{shop.pk}")
            fake.activate(account.id)
            ConnectedAccount.objects.create(shop=shop, stripe_id=account.id, charges_enabled=True)
    return shops


def _held_and_authenticated(fake) -> tuple[int, list[int]]:
    """A guest's two-shop basket held for 3-D Secure, which the bank has then accepted for both shops."""
    from orders.models import Placement

    shops = _shops_connected(fake)
    client = Client()
    _basket(client, shops)
    _setup_from_page(client, fake, CARD_3DS)
    assert _place(client, shops)["Location"] == "/commande/paiement/"
    for account, secret in _page_intents(client):
        assert fake.authenticate(secret, account=account).json()["status"] == "requires_capture"
    order_ids = client.session["pickup_checkout_payment_hold"]["orders"]
    placement = Placement.objects.get(pickups__order_id=order_ids[0])
    return placement.pk, order_ids


def _due(placement_id: int):
    from orders.models import Placement

    return Placement.objects.get(pk=placement_id).payment_due_at


def _state(order_ids: list[int]) -> dict:
    from orders.models import Notice, OrderChange

    Order = get_model("order", "Order")
    orders = list(Order.objects.filter(pk__in=order_ids).select_related("pickup__slot").order_by("pk"))
    return {
        "statuses": {order.status for order in orders},
        "booked": [order.pickup.slot.booked for order in orders],
        "changes": OrderChange.objects.filter(order_id__in=order_ids).count(),
        "notices": Notice.objects.filter(order_id__in=order_ids).count(),
        "authorised_events": sum(o.payment_events.filter(event_type__code="autorisation").count() for o in orders),
    }


def test_the_shoppers_return_and_the_clock_at_once_move_a_held_basket_once(race_db, django_db_blocker, stripe_on):
    from orders.services import payment_holds

    with django_db_blocker.unblock():
        for _round in range(ROUNDS):
            placement_id, order_ids = race_db.call(_held_and_authenticated, stripe_on)
            due = race_db.call(_due, placement_id)
            before = race_db.call(_state, order_ids)
            assert before["statuses"] == {"awaiting_payment"}

            def confirm(placement_id=placement_id, now=due - timedelta(seconds=1)):
                return payment_holds.placement_payment_settle(placement_id=placement_id, now=now)

            def job(now=due + timedelta(seconds=1)):
                return payment_holds.payment_holds_release_due(now=now)

            outcomes = race_db.all_at_once([confirm] * CONFIRMS + [job] * JOBS)
            assert [o.error for o in outcomes] == [None] * (CONFIRMS + JOBS)
            confirmed = [o.value for o in outcomes[:CONFIRMS]].count(payment_holds.CONFIRMED)
            released = sum(o.value for o in outcomes[CONFIRMS:])
            # One of them moved the basket; every other one found it moved.
            assert confirmed + released == 1, outcomes
            after = race_db.call(_state, order_ids)
            assert after["changes"] == 2  # one change per order
            if confirmed:
                assert after["statuses"] == {"placed"}
                assert after["notices"] == 4 and after["authorised_events"] == 2
                assert [b - a for a, b in zip(before["booked"], after["booked"], strict=True)] == [0, 0]
            else:
                assert after["statuses"] == {"unpaid"}
                assert after["notices"] == 0 and after["authorised_events"] == 0
                assert [a - b for a, b in zip(before["booked"], after["booked"], strict=True)] == [1, 1]
