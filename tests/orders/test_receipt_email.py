"""The receipt: handing an order over at the counter emails the shopper what they collected, when and where."""

import html
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from orders.models import Notice
from orders.services import Customer, order_accept, order_mark_ready

from .builders import NOW, order_placed, product_for_sale, shop_open, shop_user, slot_key

pytestmark = pytest.mark.django_db

HANDOVER = "/dashboard/ma-boutique/commandes/remise/"
CAMILLE = Customer(email="camille@example.fr", phone="06 12 34 56 78", name="Camille Martin")


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    # Tuesday 4 June 2030, 9:00 in Paris.
    moment = NOW + timedelta(hours=2)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    return moment


@pytest.fixture
def bakery(db):
    shop = shop_open(name="Boulangerie du Marché", capacity=10)
    shop.phone = "04 74 11 22 33"
    shop.save()
    return shop


@pytest.fixture
def keeper(client, bakery):
    user = shop_user(shop=bakery)
    client.force_login(user)
    return user


@pytest.fixture
def order(bakery, mailoutbox, django_capture_on_commit_callbacks):
    bread = product_for_sale(shop=bakery, title="Baguette tradition", price="1.20", stock=20)
    cake = product_for_sale(shop=bakery, title="Fraisier", price="24.90", stock=5)
    with django_capture_on_commit_callbacks(execute=True):
        order = order_placed(shop=bakery, items=[(bread, 3), (cake, 1)], key=slot_key(0, 10), customer=CAMILLE, now=NOW)
    return order


def flat(text: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]*>", " ", text)).split())


def hand_over(client, order, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{HANDOVER}{order.number}/", {"code": order.pickup.code})
    assert response.status_code == 302
    return response


def test_the_handover_emails_the_shopper_a_receipt_of_what_when_and_where(
    client, keeper, order, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        order_accept(order=order, by=keeper)
        order_mark_ready(order=order, by=keeper)
    mailoutbox.clear()

    hand_over(client, order, django_capture_on_commit_callbacks)

    (receipt,) = mailoutbox
    assert receipt.to == [CAMILLE.email]
    assert receipt.subject == f"Reçu : commande {order.number} retirée chez Boulangerie du Marché"
    text, page = flat(receipt.body), flat(receipt.alternatives[0][0])
    for body in (text, page):
        assert f"Vous avez retiré votre commande {order.number} chez Boulangerie du Marché le mardi 4 juin à 09:00" in (
            body
        )
        assert "3 × Baguette tradition" in body
        assert "3,60 €" in body
        assert "1 × Fraisier" in body
        assert "24,90 €" in body
        assert "28,50 €" in body
        assert "1 place du Marché" in body
        assert "38300 Bourgoin-Jallieu" in body
        assert "04 74 11 22 33" in body
        # Collected: nothing left to pay, no code to show.
        assert "à payer" not in body
        assert order.pickup.code not in body
    assert "cid:" not in receipt.alternatives[0][0]


def test_an_accepted_order_handed_over_at_once_gets_the_receipt_and_not_the_ready_email(
    client, keeper, order, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        order_accept(order=order, by=keeper)
    mailoutbox.clear()

    hand_over(client, order, django_capture_on_commit_callbacks)

    assert [message.subject.split(" ")[0] for message in mailoutbox] == ["Reçu"]
    ready = order.notices.get(kind=Notice.Kind.READY)
    assert ready.sent_at is None and ready.dropped_at is not None


def test_a_receipt_is_sent_once(client, keeper, order, mailoutbox, django_capture_on_commit_callbacks):
    from orders.notifications import notice_deliver

    with django_capture_on_commit_callbacks(execute=True):
        order_accept(order=order, by=keeper)
    hand_over(client, order, django_capture_on_commit_callbacks)
    mailoutbox.clear()

    receipt = order.notices.get(kind=Notice.Kind.COLLECTED)
    assert notice_deliver(notice_id=receipt.pk) is False
    assert mailoutbox == []


def test_a_partial_handovers_receipt_lists_only_what_was_handed_over(
    client, keeper, order, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        order_accept(order=order, by=keeper)
        order_mark_ready(order=order, by=keeper)
    mailoutbox.clear()
    lines = {line.title: line for line in order.lines.all()}
    data = {
        "code": order.pickup.code,
        f"qty-{lines['Baguette tradition'].pk}": "2",
        f"qty-{lines['Fraisier'].pk}": "0",
    }

    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"{HANDOVER}{order.number}/", data).status_code == 302

    (receipt,) = mailoutbox
    for body in (flat(receipt.body), flat(receipt.alternatives[0][0])):
        assert "2 × Baguette tradition" in body and "2,40 €" in body
        assert "Fraisier" not in body
        assert "28,50 €" not in body
