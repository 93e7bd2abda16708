"""Partial capture: an order paid online and handed over only in part at the counter is charged for what the
shopper took — on the shop's own Stripe account, recorded on Oscar's Source and PaymentEvent — and the rest
goes back to stock. Handed over whole, it is charged its whole total as before."""

import re
from decimal import Decimal
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse
from oscar.core.loading import get_model

from orders.notifications import order_track_token
from orders.services import order_accept, order_mark_ready
from orders.services.payment_settle import order_payment_settle
from tests.orders.test_checkout_views import _product_of
from tests.payments.test_capture_and_release import _intent, _keeper
from tests.payments.test_checkout_online import GUEST, _place, _setup_from_page
from tests.payments.test_checkout_online import connected as connected
from tests.payments.test_checkout_online import shops as shops

pytestmark = pytest.mark.django_db

Order = get_model("order", "Order")
StockRecord = get_model("partner", "StockRecord")
HANDOVER = "/dashboard/ma-boutique/commandes/remise/"


@pytest.fixture
def paid_order(client, stripe_on, shops, connected):
    """One shop's order of three units of one product, authorised online, ready at the counter."""
    shop = shops[0]
    assert client.post(f"/basket/add/{_product_of(shop).pk}/", {"quantity": 3}).status_code == 302
    _setup_from_page(client, stripe_on)
    assert _place(client, [shop]).status_code == 302
    order = Order.objects.get(guest_email=GUEST["email"])
    keeper = _keeper(order)
    order_accept(order=order, by=keeper)
    order_mark_ready(order=order, by=keeper)
    return order


@pytest.fixture
def counter(paid_order):
    keeper_client = Client()
    keeper_client.force_login(_keeper(paid_order))
    return keeper_client


def _stock(order):
    row = StockRecord.objects.get(pk=order.lines.get().stockrecord_id)
    return row.num_in_stock, row.num_allocated or 0


def _hand_over(counter, order, quantity):
    line = order.lines.get()
    # The first free slot may be a later day: the shop confirms the customer came early.
    data = {"code": order.pickup.code, f"qty-{line.pk}": str(quantity), "early": "yes"}
    return counter.post(f"{HANDOVER}{order.number}/", data)


def _text(response) -> str:
    assert response.status_code == 200
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def test_a_partial_handover_captures_only_what_was_handed_over(
    client, counter, paid_order, django_capture_on_commit_callbacks
):
    order = paid_order
    line = order.lines.get()
    assert line.quantity == 3
    authorised = order.sources.get().amount_allocated
    assert authorised == order.total_incl_tax
    one_unit = line.line_price_incl_tax / 3
    before = _stock(order)

    with django_capture_on_commit_callbacks(execute=True):
        response = _hand_over(counter, order, 1)

    assert response.status_code == 302
    intent = _intent(order)
    assert intent.status == "succeeded"
    assert intent.amount_received == int(one_unit * 100) < int(authorised * 100)
    source = order.sources.get()
    assert (source.amount_allocated, source.amount_debited) == (authorised, one_unit)
    (event,) = order.payment_events.filter(event_type__code="debit")
    assert event.amount == one_unit
    # One unit left the shop, two are back on sale.
    assert _stock(order) == (before[0] - 1, before[1] - 3)
    # Settling again (the jobs' retry) charges nothing more.
    assert order_payment_settle(order_id=order.pk) == ""
    assert _intent(order).amount_received == int(one_unit * 100)

    amount = f"{one_unit:.2f}".replace(".", ",")
    shopper = _text(client.get(f"/commandes/suivi/{order_track_token(order=order)}/"))
    assert f"payée {amount} € (remise partielle)" in shopper
    assert "(remis : 1 sur 3)" in shopper


def test_the_shop_dashboard_shows_the_partial_capture(counter, paid_order, django_capture_on_commit_callbacks):
    from django.contrib.auth.models import Group

    _keeper(paid_order).groups.add(Group.objects.get(name="Commerçants"))
    with django_capture_on_commit_callbacks(execute=True):
        _hand_over(counter, paid_order, 2)
    two_units = (paid_order.lines.get().line_price_incl_tax * 2 / 3).quantize(Decimal("0.01"))
    amount = f"{two_units:.2f}".replace(".", ",")

    page = _text(counter.get(reverse("dashboard:order-detail", kwargs={"number": paid_order.number})))

    assert "Remise partielle" in page and "2 remis sur 3 commandés" in page
    assert f"Paiement en ligne : payée {amount} € (remise partielle)" in page


def test_a_full_handover_through_the_quantities_captures_the_whole_total(
    counter, paid_order, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _hand_over(counter, paid_order, 3)

    assert _intent(paid_order).amount_received == int(paid_order.total_incl_tax * 100)
    assert paid_order.sources.get().amount_debited == paid_order.total_incl_tax
    assert not paid_order.lines.filter(handover__isnull=False).exists()


def test_a_refused_quantity_captures_nothing(counter, paid_order, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = _hand_over(counter, paid_order, 0)

    assert response.status_code == 400
    assert _intent(paid_order).status == "requires_capture"
    assert paid_order.sources.get().amount_debited == 0
