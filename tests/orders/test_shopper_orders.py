"""The shopper's order pages: "Mes commandes", the order page (account or signed link), cancel, slot change.

The pages run on the real clock, so orders are placed for slots the shop offers now (from the
second offered day on, clear of the preparation lead time while a test runs).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta
from html import unescape

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone
from oscar.core.loading import get_model

from orders.models import Notice, OrderChange, OrderStatus, PickupSlot
from orders.notifications import order_track_token
from orders.services import (
    Customer,
    order_accept,
    order_cancel_by_shopper,
    order_mark_ready,
    order_place_for_basket,
    order_refuse,
)
from orders.slots.availability import slots_available
from shops.schedule import PARIS, Slot

from .builders import basket_with, guest, product_for_sale, shop_open

pytestmark = pytest.mark.django_db

Order = get_model("order", "Order")
StockRecord = get_model("partner", "StockRecord")
User = get_user_model()

REFUSAL = "Plus de farine de seigle, désolés."


@pytest.fixture
def shop(db):
    # One order per slot: a second order makes a slot full.
    shop = shop_open(name="Boulangerie Test", capacity=1)
    shop.phone = "04 74 00 00 01"
    shop.pickup_instructions = "Sonnez à la porte de derrière."
    shop.latitude, shop.longitude = 45.586, 5.274
    shop.save()
    return shop


@pytest.fixture
def bread(shop):
    return product_for_sale(shop=shop, title="Pain de seigle", price="3.40", stock=10)


@pytest.fixture
def keeper(shop):
    user = User.objects.create_user(email="vendeur-shopper@example.com", password="x")
    shop.partner.users.add(user)
    return user


def _user(name: str):
    return User.objects.create_user(email=f"{name}@example.com", password="mot-de-passe-test")


def _keys(shop, count: int = 3) -> list[str]:
    """Free slots of the shop from its second offered day on."""
    days = slots_available(shop=shop)
    return [slot.key for day in days[1:] for slot in day.slots if not slot.is_full][:count]


def _place(shop, stockrecord, *, key: str, user=None, quantity: int = 2):
    basket = basket_with((stockrecord, quantity), owner=user)
    customer = guest() if user is None else Customer(user=user)
    (order,) = order_place_for_basket(basket=basket, customer=customer, choices={shop.pk: key})
    return Order.objects.select_related("pickup__slot").get(pk=order.pk)


def _slot_booked(shop, key: str) -> int:
    starts_at = datetime.strptime(key, "%Y-%m-%dT%H:%MZ").replace(tzinfo=UTC)
    row = PickupSlot.objects.filter(shop=shop, starts_at=starts_at).first()
    return row.booked if row else 0


def _allocated(stockrecord) -> int:
    return StockRecord.objects.get(pk=stockrecord.pk).num_allocated or 0


def _messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]] if response.context else []


def _text(response) -> str:
    # Whitespace of the templates folded, so assertions read like the page.
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


# --- Mes commandes ----------------------------------------------------------------------------------


def test_the_list_needs_an_account(client):
    response = client.get("/commandes/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/commandes/")


def test_the_list_shows_only_the_shoppers_own_orders_open_ones_first(client, shop, bread):
    me, someone = _user("moi"), _user("quelquun")
    first, second, third = _keys(shop)
    mine_open = _place(shop, bread, key=first, user=me)
    mine_past = _place(shop, bread, key=second, user=me)
    order_cancel_by_shopper(order=mine_past, by=me)
    theirs = _place(shop, bread, key=third, user=someone)
    guests = _place(shop, bread, key=_keys(shop)[0])
    client.force_login(me)

    response = client.get("/commandes/")
    text = _text(response)

    assert response.status_code == 200
    assert mine_open.number in text and mine_past.number in text
    assert theirs.number not in text and guests.number not in text
    assert text.index("En cours") < text.index(mine_open.number) < text.index("Passées") < text.index(mine_past.number)
    assert "Nouvelle" in text and "Annulée" in text
    assert "Boulangerie Test" in text
    assert "6,80 €" in text
    # The slot in French, Paris time.
    starts_at = mine_open.pickup.slot.starts_at.astimezone(PARIS)
    assert f"de {starts_at:%H:%M} à" in text
    assert f'href="/commandes/{mine_open.number}/"' in response.content.decode()
    # The header links to the list for a signed-in shopper.
    assert 'href="/commandes/">Mes commandes</a>' in response.content.decode()


def test_the_list_reads_a_bounded_number_of_queries(client, shop, bread, django_assert_max_num_queries):
    me = _user("beaucoup")
    StockRecord.objects.filter(pk=bread.pk).update(num_in_stock=100)
    keys = [slot.key for day in slots_available(shop=shop)[1:] for slot in day.slots if not slot.is_full]
    client.force_login(me)
    client.get("/commandes/")  # the session's basket is created on the first page
    for key in keys[:2]:
        _place(shop, bread, key=key, user=me, quantity=1)
    # The page's own reads are a count and one page of orders with their shop and slot; the rest is
    # the site's (session, user, basket, permissions, Wagtail site and menu).
    with django_assert_max_num_queries(14) as with_two:
        assert client.get("/commandes/").status_code == 200
    for key in keys[2:20]:
        _place(shop, bread, key=key, user=me, quantity=1)
    assert Order.objects.filter(user=me).count() == 20
    with django_assert_max_num_queries(len(with_two)):
        response = client.get("/commandes/")
    assert response.content.decode().count('class="order-row"') == 20


# --- The order page -----------------------------------------------------------------------------------


def test_the_order_page_shows_slot_shop_code_and_qr(client, shop, bread):
    me = _user("page")
    order = _place(shop, bread, key=_keys(shop)[0], user=me)
    client.force_login(me)

    response = client.get(f"/commandes/{order.number}/")
    html, text = response.content.decode(), _text(response)

    assert response.status_code == 200
    assert order.pickup.code in text
    assert re.search(r'<svg viewBox="[^"]+" class="pickup-qr"><title>' + order.pickup.code, html)
    assert "data:image" not in html
    assert "1 place du Marché" in text and "04 74 00 00 01" in text
    assert "Sonnez à la porte de derrière." in text
    assert "data-shops-map" in html and "45.586" in html
    assert "2 × Pain de seigle" in text and "6,80 €" in text
    assert "À payer au retrait" in text
    starts_at = order.pickup.slot.starts_at.astimezone(PARIS)
    ends_at = order.pickup.slot.ends_at.astimezone(PARIS)
    assert f"de {starts_at:%H:%M} à {ends_at:%H:%M}" in text
    assert "Annuler la commande" in text and "Changer de créneau" in text


def test_another_users_order_is_a_404(client, shop, bread):
    owner, other = _user("proprio"), _user("curieux")
    order = _place(shop, bread, key=_keys(shop)[0], user=owner)
    client.force_login(other)

    for path in ("", "annuler/", "creneau/"):
        assert client.get(f"/commandes/{order.number}/{path}").status_code == 404
    assert client.post(f"/commandes/{order.number}/annuler/", {"confirm": "1"}).status_code == 404
    assert Order.objects.get(pk=order.pk).status == OrderStatus.PLACED


def test_a_guest_order_by_its_number_is_a_404_even_signed_in(client, shop, bread):
    order = _place(shop, bread, key=_keys(shop)[0])
    assert client.get(f"/commandes/{order.number}/").status_code == 302  # to the login page
    client.force_login(_user("devine"))
    assert client.get(f"/commandes/{order.number}/").status_code == 404


def test_the_signed_link_opens_a_guest_order_and_a_tampered_one_is_a_404(client, shop, bread):
    order = _place(shop, bread, key=_keys(shop)[0])
    token = order_track_token(order=order)

    response = client.get(f"/commandes/suivi/{token}/")
    assert response.status_code == 200
    assert order.pickup.code in _text(response)
    assert f'href="/commandes/suivi/{token}/annuler/"' in response.content.decode()

    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    for bad in (tampered, "garbage", order.number):
        assert client.get(f"/commandes/suivi/{bad}/").status_code == 404
        assert client.post(f"/commandes/suivi/{bad}/annuler/", {"confirm": "1"}).status_code == 404
    assert Order.objects.get(pk=order.pk).status == OrderStatus.PLACED


def test_the_timeline_shows_the_steps_reached_and_those_to_come(client, shop, bread, keeper):
    order = _place(shop, bread, key=_keys(shop)[0])
    order_accept(order=order, by=keeper)

    response = client.get(f"/commandes/suivi/{order_track_token(order=order)}/")
    text = _text(response)

    steps = re.findall(r'<li class="order-timeline__step([^"]*)"', response.content.decode())
    assert steps == [" is-done", " is-done is-current", "", ""]
    assert text.index("Commande envoyée") < text.index("Acceptée par la boutique") < text.index("Prête à retirer")
    assert text.index("Prête à retirer") < text.index("Retirée")
    assert "Annuler la commande" not in text
    assert "Changer de créneau" in text


def test_the_timeline_of_a_refused_order_gives_the_reason_and_hides_the_code(client, shop, bread, keeper):
    order = _place(shop, bread, key=_keys(shop)[0])
    change = order_refuse(order=order, by=keeper, reason=REFUSAL)

    response = client.get(f"/commandes/suivi/{order_track_token(order=order)}/")
    text = _text(response)

    assert "Refusée" in text and f"Motif : {REFUSAL}" in text
    refused_at = change.created_at.astimezone(PARIS)
    assert f"à {refused_at:%H:%M}" in text
    assert "Acceptée par la boutique" not in text and "Prête à retirer" not in text
    assert order.pickup.code not in text and "pickup-qr" not in response.content.decode()
    assert "Annuler la commande" not in text and "Changer de créneau" not in text


# --- Cancel -------------------------------------------------------------------------------------------


def test_cancelling_asks_for_confirmation_then_gives_back_slot_and_stock_and_owes_an_email(
    client, shop, bread, django_capture_on_commit_callbacks
):
    me = _user("annule")
    key = _keys(shop)[0]
    order = _place(shop, bread, key=key, user=me)
    assert (_slot_booked(shop, key), _allocated(bread)) == (1, 2)
    client.force_login(me)

    page = client.get(f"/commandes/{order.number}/annuler/")
    assert page.status_code == 200
    assert "Oui, annuler la commande" in _text(page)
    assert 'name="confirm"' in page.content.decode()

    unconfirmed = client.post(f"/commandes/{order.number}/annuler/", {})
    assert unconfirmed.status_code == 400
    assert Order.objects.get(pk=order.pk).status == OrderStatus.PLACED

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/commandes/{order.number}/annuler/", {"confirm": "1", "reason": "Je ne serai pas là."}, follow=True
        )

    assert response.redirect_chain == [(f"/commandes/{order.number}/", 302)]
    assert Order.objects.get(pk=order.pk).status == OrderStatus.CANCELLED
    assert (_slot_booked(shop, key), _allocated(bread)) == (0, 0)
    change = OrderChange.objects.get(order=order, status_to=OrderStatus.CANCELLED)
    assert (change.actor_kind, change.actor, change.reason) == ("shopper", me, "Je ne serai pas là.")
    notice = Notice.objects.get(order=order, kind=Notice.Kind.CANCELLED)
    assert notice.to == [me.email]
    assert any("est annulée" in message for message in _messages(response))
    assert "Annulée par vous" in _text(response)


def test_a_guest_cancels_through_the_signed_link(client, shop, bread):
    key = _keys(shop)[0]
    order = _place(shop, bread, key=key)
    token = order_track_token(order=order)

    response = client.post(f"/commandes/suivi/{token}/annuler/", {"confirm": "1"})

    assert response.status_code == 302 and response["Location"] == f"/commandes/suivi/{token}/"
    assert Order.objects.get(pk=order.pk).status == OrderStatus.CANCELLED
    assert (_slot_booked(shop, key), _allocated(bread)) == (0, 0)


def test_cancelling_after_the_shop_accepted_is_refused_and_changes_nothing(client, shop, bread, keeper):
    key = _keys(shop)[0]
    order = _place(shop, bread, key=key)
    order_accept(order=order, by=keeper)
    token = order_track_token(order=order)

    # The page offers no cancel button, and the cancel page sends back to the order.
    assert client.get(f"/commandes/suivi/{token}/annuler/")["Location"] == f"/commandes/suivi/{token}/"
    response = client.post(f"/commandes/suivi/{token}/annuler/", {"confirm": "1"})

    assert response.status_code == 400
    assert "La boutique a déjà accepté cette commande" in _text(response)
    assert Order.objects.get(pk=order.pk).status == OrderStatus.ACCEPTED
    assert (_slot_booked(shop, key), _allocated(bread)) == (1, 2)
    assert not OrderChange.objects.filter(order=order, status_to=OrderStatus.CANCELLED).exists()
    assert not Notice.objects.filter(order=order, kind=Notice.Kind.CANCELLED).exists()


def test_the_views_check_the_csrf_token(shop, bread):
    me = _user("csrf")
    order = _place(shop, bread, key=_keys(shop)[0], user=me)
    client = Client(enforce_csrf_checks=True)
    client.force_login(me)

    forged = client.post(f"/commandes/{order.number}/annuler/", {"confirm": "1"})
    assert forged.status_code == 403
    assert Order.objects.get(pk=order.pk).status == OrderStatus.PLACED

    page = client.get(f"/commandes/{order.number}/annuler/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    response = client.post(f"/commandes/{order.number}/annuler/", {"confirm": "1", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert Order.objects.get(pk=order.pk).status == OrderStatus.CANCELLED


# --- Change slot --------------------------------------------------------------------------------------


def test_the_slot_picker_marks_the_current_slot_and_full_ones(client, shop, bread):
    me = _user("picker")
    current, taken = _keys(shop, 2)
    order = _place(shop, bread, key=current, user=me)
    _place(shop, bread, key=taken)  # capacity 1: now full
    client.force_login(me)

    html = client.get(f"/commandes/{order.number}/creneau/").content.decode()

    assert re.search(rf'<label class="is-current">\s*<input type="radio" name="slot" value="{current}" disabled>', html)
    assert re.search(rf'<label class="is-full">\s*<input type="radio" name="slot" value="{taken}"\s+disabled>', html)
    assert "(actuel)" in html and "(complet)" in html


def test_moving_to_a_free_slot_frees_the_old_place_and_takes_the_new_one(client, shop, bread):
    me = _user("deplace")
    old, new = _keys(shop, 2)
    order = _place(shop, bread, key=old, user=me)
    client.force_login(me)

    response = client.post(f"/commandes/{order.number}/creneau/", {"slot": new}, follow=True)

    assert response.redirect_chain == [(f"/commandes/{order.number}/", 302)]
    assert (_slot_booked(shop, old), _slot_booked(shop, new)) == (0, 1)
    order.pickup.refresh_from_db()
    assert Slot(starts_at=order.pickup.slot.starts_at, ends_at=order.pickup.slot.ends_at).key == new
    assert any(message.startswith("Nouveau créneau") for message in _messages(response))
    assert "Changements de créneau" in _text(response)
    assert OrderChange.objects.filter(order=order, kind="slot", actor=me).count() == 1


def test_a_guest_moves_the_slot_through_the_signed_link(client, shop, bread):
    old, new = _keys(shop, 2)
    order = _place(shop, bread, key=old)
    token = order_track_token(order=order)

    assert client.get(f"/commandes/suivi/{token}/creneau/").status_code == 200
    response = client.post(f"/commandes/suivi/{token}/creneau/", {"slot": new})

    assert response.status_code == 302 and response["Location"] == f"/commandes/suivi/{token}/"
    assert (_slot_booked(shop, old), _slot_booked(shop, new)) == (0, 1)


def _yesterday_key() -> str:
    moment = datetime.combine(timezone.now().astimezone(PARIS).date() - timedelta(days=1), time(10), tzinfo=PARIS)
    return Slot(starts_at=moment, ends_at=moment).key


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("full", "Créneau complet : choisissez-en un autre."),
        ("past", "Ce créneau est déjà passé : choisissez-en un autre."),
        ("garbage", "Ce créneau n'existe pas."),
        ("empty", "Choisissez un créneau de retrait."),
        ("other_shop", "La boutique ne propose pas ce créneau."),
        ("same", "C'est déjà le créneau de cette commande."),
    ],
)
def test_a_slot_that_cannot_be_taken_is_a_400_with_the_reason_and_nothing_changes(client, shop, bread, case, message):
    me = _user(f"refus-{case}")
    old, full = _keys(shop, 2)
    order = _place(shop, bread, key=old, user=me)
    _place(shop, bread, key=full)
    # Another shop's evening slot, when this one is closed.
    night_shop = shop_open(name="Épicerie de nuit", opens=time(21), closes=time(23))
    night = [slot.key for day in slots_available(shop=night_shop)[1:] for slot in day.slots][0]
    choice = {
        "full": full,
        "past": _yesterday_key(),
        "garbage": "demain-midi'; DROP TABLE",
        "empty": "",
        "other_shop": night,
        "same": old,
    }[case]
    client.force_login(me)

    response = client.post(f"/commandes/{order.number}/creneau/", {"slot": choice})

    assert response.status_code == 400
    assert message in _text(response)
    assert (_slot_booked(shop, old), _slot_booked(shop, full)) == (1, 1)
    assert not OrderChange.objects.filter(order=order).exists()
    assert Order.objects.get(pk=order.pk).pickup.slot_id == order.pickup.slot_id


def test_the_slot_cannot_change_once_the_order_is_ready(client, shop, bread, keeper):
    old, new = _keys(shop, 2)
    order = _place(shop, bread, key=old)
    order_accept(order=order, by=keeper)
    order_mark_ready(order=order, by=keeper)
    token = order_track_token(order=order)

    assert client.get(f"/commandes/suivi/{token}/creneau/")["Location"] == f"/commandes/suivi/{token}/"
    response = client.post(f"/commandes/suivi/{token}/creneau/", {"slot": new})

    assert response.status_code == 400
    assert "Le créneau ne peut plus être changé" in _text(response)
    assert (_slot_booked(shop, old), _slot_booked(shop, new)) == (1, 0)


def test_the_confirmation_page_links_to_each_orders_page(client, shop, bread):
    response = client.post(f"/basket/add/{bread.product_id}/", {"quantity": 1})
    assert response.status_code == 302
    data = {f"slot-{shop.pk}": _keys(shop)[0], "email": "suivi@example.fr", "phone": "06 12 34 56 78", "name": "Lou"}
    assert client.post("/commande/", data).status_code == 302
    order = Order.objects.get(guest_email="suivi@example.fr")

    page = client.get("/commande/confirmation/").content.decode()

    link = re.search(r'href="(/commandes/suivi/[^"]+/)"', page).group(1)
    assert order.pickup.code in _text(client.get(link))
