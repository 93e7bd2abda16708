"""Refunds from the shop's order page after the payment was captured at pickup: full or partial, in euros,
never more than captured minus refunded; bad input and Stripe failures give a message and write nothing."""

from decimal import Decimal
from html import unescape

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from orders.selectors.shopper import order_page_path
from orders.services import order_accept, order_hand_over
from orders.services.payment_records import order_payment_label
from tests.payments.test_capture_and_release import _keeper
from tests.payments.test_capture_and_release import paid_orders as paid_orders
from tests.payments.test_checkout_online import connected as connected
from tests.payments.test_checkout_online import shops as shops

pytestmark = pytest.mark.django_db

Order = get_model("order", "Order")
Transaction = get_model("payment", "Transaction")


@pytest.fixture
def captured(paid_orders, django_capture_on_commit_callbacks):
    """The first shop's order, handed over: its payment captured (the whole total)."""
    order = paid_orders[0]
    keeper = _keeper(order)
    with django_capture_on_commit_callbacks(execute=True):
        order_accept(order=order, by=keeper)
        order_hand_over(order=order, by=keeper)
    order.refresh_from_db()
    assert order.sources.get().amount_debited == order.total_incl_tax
    return order


@pytest.fixture
def keeper_client(client, captured):
    client.force_login(_keeper(captured))
    return client


def _page(order):
    return reverse("dashboard:order-detail", kwargs={"number": order.number})


def _get(client, url):
    response = client.get(url)
    response.text = unescape(response.content.decode())
    return response


def _refund(client, order, amount, sequence=None):
    if sequence is None:
        sequence = Transaction.objects.filter(source__order=order, txn_type="Refund").count()
    response = client.post(
        _page(order),
        {"order_action": "refund_payment", "refund_amount": amount, "refund_sequence": sequence},
        follow=True,
    )
    response.text = unescape(response.content.decode())
    return response


def _stripe_refunds(fake, order):
    account, payment_intent = order.sources.get().reference.split("/")
    return [refund["amount"] for refund in fake.refunds(account, payment_intent)]


def _recorded(order):
    source = order.sources.get()
    return (
        source.amount_refunded,
        order.payment_events.filter(event_type__code="remboursement").count(),
        Transaction.objects.filter(source=source, txn_type="Refund").count(),
    )


NOTHING = (Decimal("0.00"), 0, 0)


def _euros(amount: Decimal) -> str:
    return f"{amount:.2f}".replace(".", ",")


def test_full_refund_from_the_shops_order_page(keeper_client, captured, stripe_on):
    html = _get(keeper_client, _page(captured)).text
    total = _euros(captured.total_incl_tax)
    assert "Remboursement du paiement en ligne" in html and f'value="{total}"' in html
    response = _refund(keeper_client, captured, total)
    assert response.status_code == 200
    page = response.text
    assert f"{total} € remboursés au client" in page
    assert "Cette commande est entièrement remboursée." in page
    assert _stripe_refunds(stripe_on, captured) == [int(captured.total_incl_tax * 100)]
    assert _recorded(captured) == (captured.total_incl_tax, 1, 1)
    assert order_payment_label(order=captured) == f"payée, remboursée de {total} €"
    # The shopper's own order page says it.
    shopper_page = _get(keeper_client, order_page_path(order=captured, user=None)).text
    assert f"payée, remboursée de {total} €" in shopper_page


def test_partial_refunds_never_exceed_what_was_captured(keeper_client, captured, stripe_on):
    total = captured.total_incl_tax
    part = (total / 3).quantize(Decimal("0.01"))
    left = total - part
    assert f"reste {_euros(left)} €" in _refund(keeper_client, captured, _euros(part)).text
    too_much = _refund(keeper_client, captured, _euros(left + Decimal("0.01"))).text
    assert f"Vous ne pouvez pas rembourser plus de {_euros(left)} €" in too_much
    assert _recorded(captured) == (part, 1, 1)
    _refund(keeper_client, captured, f"{left:.2f}")  # a point works as well as a comma
    assert _recorded(captured) == (total, 2, 2)
    assert sum(_stripe_refunds(stripe_on, captured)) == int(total * 100)
    again = _refund(keeper_client, captured, "1").text
    assert "déjà entièrement remboursée" in again
    assert len(_stripe_refunds(stripe_on, captured)) == 2


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Indiquez le montant à rembourser"),
        ("-5", "doit être supérieur à zéro"),
        ("0", "doit être supérieur à zéro"),
        ("0,00", "doit être supérieur à zéro"),
        ("douze", "Montant non reconnu"),
        ("12,345", "Montant non reconnu"),
        ("1e3", "Montant non reconnu"),
        ("NaN", "Montant non reconnu"),
        ("Infinity", "Montant non reconnu"),
        ("9" * 400, "Montant non reconnu"),
        ("99999", "Vous ne pouvez pas rembourser plus de"),
    ],
)
def test_bad_amounts_get_a_message_and_change_nothing(keeper_client, captured, stripe_on, typed, message):
    response = _refund(keeper_client, captured, typed)
    assert response.status_code == 200
    assert message in response.text
    assert _recorded(captured) == NOTHING
    assert _stripe_refunds(stripe_on, captured) == []


@pytest.mark.parametrize("sequence", ["", "abc", "²", "-1"])
def test_a_missing_or_forged_page_marker_changes_nothing(keeper_client, captured, stripe_on, sequence):
    response = _refund(keeper_client, captured, "1", sequence=sequence)
    assert response.status_code == 200
    assert "rechargez-la" in response.text
    assert _recorded(captured) == NOTHING


def test_the_same_page_submitted_twice_refunds_once(keeper_client, captured, stripe_on):
    _refund(keeper_client, captured, "1", sequence=0)
    second = _refund(keeper_client, captured, "1", sequence=0).text
    assert "Un autre remboursement de cette commande vient d'être enregistré" in second
    assert _recorded(captured) == (Decimal("1.00"), 1, 1)
    assert _stripe_refunds(stripe_on, captured) == [100]


def test_an_order_not_yet_captured_cannot_be_refunded(client, paid_orders, stripe_on):
    order = paid_orders[0]
    keeper = _keeper(order)
    order_accept(order=order, by=keeper)
    client.force_login(keeper)
    assert "Remboursement du paiement en ligne" not in _get(client, _page(order)).text
    response = _refund(client, order, "1")
    assert "pas encore débité" in response.text
    assert _recorded(order) == NOTHING


def test_another_shops_keeper_cannot_refund(client, captured, paid_orders, stripe_on):
    other_keeper = _keeper(paid_orders[1])
    client.force_login(other_keeper)
    response = client.post(
        _page(captured), {"order_action": "refund_payment", "refund_amount": "1", "refund_sequence": 0}
    )
    assert response.status_code == 404
    assert _recorded(captured) == NOTHING
    assert _stripe_refunds(stripe_on, captured) == []


def test_cci_staff_see_the_refund_state_but_only_the_shop_refunds(client, captured, demo_users, stripe_on):
    client.force_login(demo_users["staff"])
    html = _get(client, _page(captured)).text
    assert "Remboursement du paiement en ligne" in html and 'name="refund_amount"' not in html
    response = _refund(client, captured, "1")
    assert "Seule la boutique de cette commande peut la rembourser" in response.text
    assert _recorded(captured) == NOTHING


def test_a_pay_at_pickup_order_has_nothing_to_refund(client, shops, stripe_on, connected):
    from tests.payments.test_checkout_online import GUEST, _basket, _place

    _basket(client, shops)
    assert _place(client, shops, payment="pickup").status_code == 302
    order = Order.objects.filter(guest_email=GUEST["email"]).order_by("number").first()
    keeper = _keeper(order)
    order_accept(order=order, by=keeper)
    order_hand_over(order=order, by=keeper)
    client.force_login(keeper)
    assert "Remboursement du paiement en ligne" not in _get(client, _page(order)).text
    response = _refund(client, order, "1", sequence=0)
    assert "payée au retrait" in response.text
    assert not order.payment_events.exists()


# Stripe failing: a clear message, nothing recorded; a retry refunds once (the same idempotency key).


def test_stripe_answering_500_records_nothing_and_a_retry_refunds_once(keeper_client, captured, stripe_on):
    # Twice: the client retries a 500 once, with the same idempotency key.
    stripe_on.fail_next("/v1/refunds", times=2)
    response = _refund(keeper_client, captured, "0,20")
    assert "Stripe ne répond pas pour le moment : rien n'a été enregistré" in response.text
    assert _recorded(captured) == NOTHING
    assert _stripe_refunds(stripe_on, captured) == []
    _refund(keeper_client, captured, "0,20")
    assert _recorded(captured) == (Decimal("0.20"), 1, 1)
    assert _stripe_refunds(stripe_on, captured) == [20]


def test_a_lost_answer_then_a_retry_refunds_once(keeper_client, captured, stripe_on):
    # Stripe refunds, but neither the answer nor the client's own retry's answer arrives.
    stripe_on.fail_next("/v1/refunds", mode="drop", times=2)
    response = _refund(keeper_client, captured, "0,20")
    assert "Stripe ne répond pas" in response.text
    assert _recorded(captured) == NOTHING
    assert _stripe_refunds(stripe_on, captured) == [20]
    # Another amount on the same page: the first one may have been done, say so rather than guess.
    other = _refund(keeper_client, captured, "0,30").text
    assert "Un remboursement précédent de cette commande n'a pas été confirmé" in other
    _refund(keeper_client, captured, "0,20")
    assert _recorded(captured) == (Decimal("0.20"), 1, 1)
    assert _stripe_refunds(stripe_on, captured) == [20]


def test_stripe_unreachable_records_nothing(keeper_client, captured, stripe_on, settings):
    from tests.fake_stripe import free_port

    settings.STRIPE_API_BASE = f"http://127.0.0.1:{free_port()}"
    response = _refund(keeper_client, captured, "1")
    assert "Stripe ne répond pas" in response.text
    assert _recorded(captured) == NOTHING
    settings.STRIPE_API_BASE = stripe_on.url
    assert _stripe_refunds(stripe_on, captured) == []


@pytest.mark.parametrize("code", ["liberation", "remboursement", "debit"])
def test_oscars_payment_event_form_cannot_fake_the_online_payments_events(client, paid_orders, stripe_on, code):
    order = paid_orders[0]
    # The event types exist once the online payment has written one of each.
    get_model("order", "PaymentEventType").objects.get_or_create(code=code, defaults={"name": code})
    client.force_login(_keeper(order))
    line = order.lines.get()
    response = client.post(
        _page(order),
        {
            "line_action": "create_payment_event",
            "selected_line": [line.pk],
            f"selected_line_qty_{line.pk}": line.quantity,
            "payment_event_type": code,
            "amount": "1",
        },
        follow=True,
    )
    assert "enregistré par le paiement en ligne lui-même" in unescape(response.content.decode())
    assert not order.payment_events.filter(event_type__code=code).exists()
    assert order_payment_label(order=order) == "payée (autorisée)"
