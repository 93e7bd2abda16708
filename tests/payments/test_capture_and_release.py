"""An order paid online is charged when collected (the amount handed over, never more than authorised) and
released — nothing charged — when refused, cancelled or not collected; settling twice does nothing more."""

import pytest
from oscar.core.loading import get_model

from orders.services import order_accept, order_hand_over, order_mark_not_collected, order_mark_ready, order_refuse
from orders.services.jobs import orders_jobs_run
from orders.services.payment_records import order_payment_label
from orders.services.payment_settle import order_payment_settle
from payments import gateway
from tests.payments.test_checkout_online import GUEST, _basket, _place, _setup_from_page
from tests.payments.test_checkout_online import connected as connected
from tests.payments.test_checkout_online import shops as shops

pytestmark = pytest.mark.django_db

Order = get_model("order", "Order")


@pytest.fixture
def paid_orders(client, stripe_on, shops, connected):
    _basket(client, shops)
    _setup_from_page(client, stripe_on)
    assert _place(client, shops).status_code == 302
    return list(Order.objects.filter(guest_email=GUEST["email"]).order_by("number"))


def _intent(order):
    account, payment_intent = order.sources.get().reference.split("/")
    return gateway.payment_intent_retrieve(account=account, payment_intent=payment_intent)


def _keeper(order):
    return order.pickup.shop.partner.users.first()


def test_collected_order_is_charged_once(paid_orders, django_capture_on_commit_callbacks):
    order = paid_orders[0]
    keeper = _keeper(order)
    with django_capture_on_commit_callbacks(execute=True):
        order_accept(order=order, by=keeper)
        order_hand_over(order=order, by=keeper)
    intent = _intent(order)
    assert intent.status == "succeeded" and intent.amount_received == int(order.total_incl_tax * 100)
    source = order.sources.get()
    assert source.amount_debited == order.total_incl_tax
    assert order_payment_label(order=order) == "payée (débitée)"
    assert order_payment_settle(order_id=order.pk) == ""
    assert order.payment_events.filter(event_type__code="debit").count() == 1
    # The other shop's order is untouched.
    assert _intent(paid_orders[1]).status == "requires_capture"


def test_less_handed_over_captures_less(paid_orders, django_capture_on_commit_callbacks):
    order = paid_orders[0]
    keeper = _keeper(order)
    order_accept(order=order, by=keeper)
    order_mark_ready(order=order, by=keeper)
    # The shop hands over less than ordered (a line it could not supply): the total it charges drops.
    handed = order.total_incl_tax / 2
    Order.objects.filter(pk=order.pk).update(total_incl_tax=handed)
    with django_capture_on_commit_callbacks(execute=True):
        order_hand_over(order=order, by=keeper)
    assert _intent(order).amount_received == int(handed * 100)


@pytest.mark.parametrize("end", ["refused", "not_collected"])
def test_ended_order_releases_the_authorisation(paid_orders, django_capture_on_commit_callbacks, end):
    order = paid_orders[0]
    keeper = _keeper(order)
    with django_capture_on_commit_callbacks(execute=True):
        if end == "refused":
            order_refuse(order=order, by=keeper, reason="Rupture de stock")
        else:
            order_accept(order=order, by=keeper)
            order_mark_ready(order=order, by=keeper)
            order_mark_not_collected(order=order)
    assert _intent(order).status == "canceled"
    assert order.sources.get().amount_debited == 0
    assert order_payment_label(order=order) == "autorisation libérée : rien n'a été débité"
    assert order_payment_settle(order_id=order.pk) == ""


def test_stripe_down_at_handover_is_settled_by_the_jobs(paid_orders, stripe_on, django_capture_on_commit_callbacks):
    order = paid_orders[0]
    keeper = _keeper(order)
    order_accept(order=order, by=keeper)
    stripe_on.fail_next("/v1/payment_intents/", times=2)
    with django_capture_on_commit_callbacks(execute=True):
        order_hand_over(order=order, by=keeper)
    order.refresh_from_db()
    assert order.status == "collected"  # the handover never waits on Stripe
    assert _intent(order).status == "requires_capture"
    assert orders_jobs_run().payments_settled == 1
    assert _intent(order).status == "succeeded"
    assert orders_jobs_run().payments_settled == 0
