"""The counter: the pickup code finds the shop's own open order, hands it over, and is rate-limited per user."""

from datetime import timedelta
from html import unescape

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from orders.board.throttle import CODE_TRIES_PER_MINUTE
from orders.codes import PICKUP_CODE_ALPHABET
from orders.models import OrderChange, OrderStatus, Pickup
from orders.services import Customer, order_accept, order_mark_collected, order_mark_ready, order_refuse

from .builders import NOW, order_placed, product_for_sale, shop_open, shop_user, slot_key

pytestmark = pytest.mark.django_db

Order = get_model("order", "Order")
StockRecord = get_model("partner", "StockRecord")

HANDOVER = "/dashboard/ma-boutique/commandes/remise/"


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    # Tuesday 4 June 2030, 9 o'clock in Paris.
    moment = NOW + timedelta(hours=2)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    return moment


@pytest.fixture
def bakery(db):
    return shop_open(name="Boulangerie du Marché", capacity=10)


@pytest.fixture
def other_shop(db):
    return shop_open(name="Fromagerie des Halles", capacity=10)


@pytest.fixture
def keeper(client, bakery):
    user = shop_user(shop=bakery)
    client.force_login(user)
    return user


@pytest.fixture
def bread(bakery):
    return product_for_sale(shop=bakery, title="Baguette tradition", price="1.20", stock=20)


@pytest.fixture
def comte(other_shop):
    return product_for_sale(shop=other_shop, title="Comté 18 mois", price="8.40", stock=20)


def _place(shop, *items, hour=10, name="Camille Martin"):
    customer = Customer(email="camille@example.fr", phone="06 12 34 56 78", name=name)
    return order_placed(shop=shop, items=items, key=slot_key(0, hour), customer=customer, now=NOW)


def _ready(order, user):
    order_accept(order=order, by=user)
    order_mark_ready(order=order, by=user)
    return order


def _with_code(order, code):
    # Codes are random: the tests that need two orders to share one, or a given spelling, set it.
    Pickup.objects.filter(order=order).update(code=code)
    order.pickup.code = code
    return order


def _lookup(client, code):
    return client.post(HANDOVER, {"code": code})


def _html(response) -> str:
    return unescape(response.content.decode())


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def _status(order) -> str:
    return Order.objects.get(pk=order.pk).status


def _wrong_code(code: str) -> str:
    # Same shape, another code: the last character moved along the alphabet.
    index = PICKUP_CODE_ALPHABET.index(code[-1])
    return code[:-1] + PICKUP_CODE_ALPHABET[(index + 1) % len(PICKUP_CODE_ALPHABET)]


def test_the_page_offers_typing_and_scanning(client, keeper):
    html = _html(client.get(HANDOVER))
    assert 'name="code"' in html
    assert "Scanner le QR code" in html
    assert "js/pickup-scan.js" in html
    assert "vendor/jsqr/jsQR.js" in html


def test_a_code_finds_the_shops_order(client, keeper, bakery, bread):
    order = _ready(_place(bakery, (bread, 3)), keeper)

    response = _lookup(client, order.pickup.code)
    html = _html(response)

    assert response.status_code == 200
    assert "Camille Martin" in html
    assert order.number in html
    assert "3\xa0×</strong> Baguette tradition" in html
    assert "3,60\xa0€" in html
    assert "10h00–10h30" in html
    assert f'action="{HANDOVER}{order.number}/"' in html
    assert "Remise au client" in html


@pytest.mark.parametrize("typed", ["k7rt4m", " K7 RT 4M ", "k7r-t4m", "K7RT4M\n"])
def test_the_code_ignores_case_spaces_and_dashes(client, keeper, bakery, bread, typed):
    order = _with_code(_ready(_place(bakery, (bread, 1)), keeper), "K7RT4M")
    response = _lookup(client, typed)
    assert response.status_code == 200
    assert order.number in _html(response)


def test_another_shops_code_is_unknown_and_changes_nothing(client, keeper, other_shop, comte):
    theirs = _ready(_place(other_shop, (comte, 1), name="Autre Client"), shop_user(shop=other_shop))

    response = _lookup(client, theirs.pickup.code)
    html = _html(response)

    assert response.status_code == 400
    assert "Code inconnu." in html
    assert theirs.number not in html and "Autre Client" not in html

    # Handing it over by its number and code does not work either.
    response = client.post(f"{HANDOVER}{theirs.number}/", {"code": theirs.pickup.code})
    assert response.status_code == 302
    assert _messages(response) == ["Code inconnu."]
    assert _status(theirs) == OrderStatus.READY


def test_unknown_and_malformed_codes_get_the_same_answer(client, keeper, bakery, bread):
    order = _ready(_place(bakery, (bread, 1)), keeper)
    answers = set()
    for typed in (_wrong_code(order.pickup.code), "000000", "ABC", "x" * 80):
        response = _lookup(client, typed)
        answers.add((response.status_code, "Code inconnu." in _html(response), order.number in _html(response)))
    assert answers == {(400, True, False)}


@pytest.mark.parametrize("end", ["collected", "refused"])
def test_a_closed_orders_code_is_unknown(client, keeper, bakery, bread, end):
    order = _place(bakery, (bread, 1))
    if end == "collected":
        order_mark_collected(order=_ready(order, keeper), by=keeper)
    else:
        order_refuse(order=order, by=keeper, reason="Fermé")

    response = _lookup(client, order.pickup.code)
    assert response.status_code == 400
    assert "Code inconnu." in _html(response)
    assert order.number not in _html(response)


def test_handing_over_marks_the_order_collected_and_consumes_the_stock(client, keeper, bakery, bread):
    order = _ready(_place(bakery, (bread, 3)), keeper)
    before = StockRecord.objects.get(pk=bread.pk)

    response = client.post(f"{HANDOVER}{order.number}/", {"code": order.pickup.code.lower()})

    assert response.status_code == 302
    assert response["Location"] == HANDOVER
    assert any("remise à Camille Martin" in message for message in _messages(response))
    assert _status(order) == OrderStatus.COLLECTED
    after = StockRecord.objects.get(pk=bread.pk)
    assert (after.num_in_stock, after.num_allocated) == (before.num_in_stock - 3, before.num_allocated - 3)
    change = OrderChange.objects.filter(order=order).last()
    assert (change.status_from, change.status_to, change.actor_id) == ("ready", "collected", keeper.pk)


def test_an_accepted_order_is_marked_ready_then_collected(client, keeper, bakery, bread):
    order = _place(bakery, (bread, 1))
    order_accept(order=order, by=keeper)

    client.post(f"{HANDOVER}{order.number}/", {"code": order.pickup.code})

    assert _status(order) == OrderStatus.COLLECTED
    moves = list(OrderChange.objects.filter(order=order).values_list("status_from", "status_to"))
    assert moves == [("placed", "accepted"), ("accepted", "ready"), ("ready", "collected")]


def test_a_new_order_is_found_but_must_be_accepted_first(client, keeper, bakery, bread):
    order = _place(bakery, (bread, 1))

    html = _html(_lookup(client, order.pickup.code))
    assert order.number in html
    assert "pas encore été acceptée" in html
    assert f'action="{HANDOVER}{order.number}/"' not in html

    response = client.post(f"{HANDOVER}{order.number}/", {"code": order.pickup.code})
    assert any("acceptez-la d'abord" in message for message in _messages(response))
    assert _status(order) == OrderStatus.PLACED


def test_handing_over_with_a_wrong_code_changes_nothing(client, keeper, bakery, bread):
    order = _ready(_place(bakery, (bread, 1)), keeper)
    response = client.post(f"{HANDOVER}{order.number}/", {"code": _wrong_code(order.pickup.code)})
    assert _messages(response) == ["Code inconnu."]
    assert _status(order) == OrderStatus.READY


def test_two_open_orders_sharing_a_code_are_both_found(client, keeper, bakery, bread):
    first = _with_code(_ready(_place(bakery, (bread, 1), hour=10, name="Camille Martin"), keeper), "K7RT4M")
    second = _with_code(_ready(_place(bakery, (bread, 1), hour=15, name="Louis Bernard"), keeper), "K7RT4M")
    html = _html(_lookup(client, "K7RT4M"))
    assert first.number in html and second.number in html


def test_the_21st_try_in_a_minute_is_refused_even_with_the_right_code(client, keeper, bakery, bread):
    order = _ready(_place(bakery, (bread, 1)), keeper)
    wrong = _wrong_code(order.pickup.code)
    for _ in range(CODE_TRIES_PER_MINUTE):
        assert _lookup(client, wrong).status_code == 400

    response = _lookup(client, order.pickup.code)

    assert response.status_code == 429
    html = _html(response)
    assert "Trop d'essais de code en une minute" in html
    assert order.number not in html and "Camille Martin" not in html
    # Handing over is refused too, and changes nothing.
    response = client.post(f"{HANDOVER}{order.number}/", {"code": order.pickup.code})
    assert response.status_code == 429
    assert _status(order) == OrderStatus.READY


def test_another_user_is_not_limited(client, keeper, bakery, bread):
    order = _ready(_place(bakery, (bread, 1)), keeper)
    for _ in range(CODE_TRIES_PER_MINUTE + 1):
        _lookup(client, "AAAAAA")
    assert _lookup(client, order.pickup.code).status_code == 429

    colleague = Client()
    colleague.force_login(shop_user(shop=bakery))
    response = _lookup(colleague, order.pickup.code)
    assert response.status_code == 200
    assert order.number in _html(response)


def test_twenty_lookups_then_the_handover_still_goes_through(client, keeper, bakery, bread):
    order = _ready(_place(bakery, (bread, 1)), keeper)
    for _ in range(CODE_TRIES_PER_MINUTE - 1):
        _lookup(client, "AAAAAA")
    assert _lookup(client, order.pickup.code).status_code == 200
    client.post(f"{HANDOVER}{order.number}/", {"code": order.pickup.code})
    assert _status(order) == OrderStatus.COLLECTED


def test_anonymous_and_shoppers_cannot_look_codes_up(client, bakery, bread, demo_users):
    order = _place(bakery, (bread, 1))
    response = _lookup(client, order.pickup.code)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("dashboard:login"))

    client.force_login(demo_users["shopper"])
    assert _lookup(client, order.pickup.code).status_code == 404
    assert client.post(f"{HANDOVER}{order.number}/", {"code": order.pickup.code}).status_code == 404


# --- An order handed over before its pickup day ---------------------------------------------------


def _place_tomorrow(shop, *items):
    customer = Customer(email="camille@example.fr", phone="06 12 34 56 78", name="Camille Martin")
    return order_placed(shop=shop, items=items, key=slot_key(1, 10), customer=customer, now=NOW)


def test_an_order_for_a_later_day_is_found_with_a_warning_naming_its_slot(client, keeper, bakery, bread):
    order = _ready(_place_tomorrow(bakery, (bread, 1)), keeper)

    html = _html(_lookup(client, order.pickup.code))

    assert order.number in html
    assert "Cette commande est prévue pour mercredi 5 juin, 10h00–10h30, pas pour aujourd'hui." in html
    assert 'name="early"' in html and "je confirme la remise aujourd'hui" in html


def test_an_early_handover_is_refused_until_the_shop_confirms(client, keeper, bakery, bread):
    order = _ready(_place_tomorrow(bakery, (bread, 1)), keeper)

    response = client.post(f"{HANDOVER}{order.number}/", {"code": order.pickup.code})

    assert response.status_code == 400
    assert "Rien n'a été remis" in _html(response)
    assert "prévue pour mercredi 5 juin" in _html(response)
    assert _status(order) == OrderStatus.READY

    response = client.post(f"{HANDOVER}{order.number}/", {"code": order.pickup.code, "early": "yes"})

    assert response.status_code == 302
    assert any("remise à Camille Martin" in message for message in _messages(response))
    assert _status(order) == OrderStatus.COLLECTED


def test_todays_order_is_handed_over_without_a_warning(client, keeper, bakery, bread):
    order = _ready(_place(bakery, (bread, 1)), keeper)

    html = _html(_lookup(client, order.pickup.code))

    assert "data-early" not in html
    assert "prévue pour" not in html
