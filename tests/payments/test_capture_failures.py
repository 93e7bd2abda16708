"""Stripe failing while the payment of a handed-over order is captured: the handover is done, the shop's order
page says the debit is pending, nothing is recorded; the jobs' retry captures once (the same idempotency key)."""

from html import unescape

import pytest
from django.urls import reverse

from orders.services import order_accept, order_hand_over
from orders.services.jobs import orders_jobs_run
from orders.services.payment_settle import order_payment_settle
from tests.payments.test_capture_and_release import _intent, _keeper
from tests.payments.test_capture_and_release import paid_orders as paid_orders
from tests.payments.test_checkout_online import connected as connected
from tests.payments.test_checkout_online import shops as shops

pytestmark = pytest.mark.django_db


def _hand_over(order, django_capture_on_commit_callbacks):
    keeper = _keeper(order)
    order_accept(order=order, by=keeper)
    with django_capture_on_commit_callbacks(execute=True):
        order_hand_over(order=order, by=keeper)
    order.refresh_from_db()
    assert order.status == "collected"  # the handover never waits on Stripe


def _recorded(order):
    return order.sources.get().amount_debited, order.payment_events.filter(event_type__code="debit").count()


def _page(client, order):
    client.force_login(_keeper(order))
    response = client.get(reverse("dashboard:order-detail", kwargs={"number": order.number}))
    return unescape(response.content.decode())


@pytest.mark.parametrize("mode", ["error", "drop"])
def test_a_capture_stripe_fails_is_retried_by_the_jobs_and_charged_once(
    client, paid_orders, stripe_on, django_capture_on_commit_callbacks, mode
):
    order = paid_orders[0]
    # Twice: the client's own quiet retry fails the same way.
    stripe_on.fail_next("/v1/payment_intents/", mode=mode, times=2)
    _hand_over(order, django_capture_on_commit_callbacks)
    assert _recorded(order) == (0, 0)
    page = _page(client, order)
    assert "Stripe n'a pas encore confirmé le débit de cette commande remise" in page
    assert 'name="refund_amount"' not in page
    # A lost answer: Stripe did capture. A 500: it did not. Either way the retry uses the same key.
    assert _intent(order).status == ("succeeded" if mode == "drop" else "requires_capture")
    assert orders_jobs_run().payments_settled == 1
    intent = _intent(order)
    assert intent.status == "succeeded" and intent.amount_received == int(order.total_incl_tax * 100)
    assert _recorded(order) == (order.total_incl_tax, 1)
    assert orders_jobs_run().payments_settled == 0
    assert order_payment_settle(order_id=order.pk) == ""
    page = _page(client, order)
    assert "Stripe n'a pas encore confirmé" not in page and 'name="refund_amount"' in page


def test_stripe_unreachable_at_handover_captures_later(
    paid_orders, stripe_on, settings, django_capture_on_commit_callbacks
):
    from tests.fake_stripe import free_port

    order = paid_orders[0]
    settings.STRIPE_API_BASE = f"http://127.0.0.1:{free_port()}"
    _hand_over(order, django_capture_on_commit_callbacks)
    assert orders_jobs_run().payments_settled == 0
    assert _recorded(order) == (0, 0)
    settings.STRIPE_API_BASE = stripe_on.url
    assert orders_jobs_run().payments_settled == 1
    assert _recorded(order) == (order.total_incl_tax, 1)
    assert _intent(order).amount_received == int(order.total_incl_tax * 100)
