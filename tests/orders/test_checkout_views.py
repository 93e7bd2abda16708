import re

import pytest
from django.core import mail
from oscar.core.loading import get_model

from orders.models import PickupSlot
from orders.services import slot_start_parse
from orders.slots.availability import slot_first_free, slots_available
from shops.models import Shop

Order = get_model("order", "Order")
StockRecord = get_model("partner", "StockRecord")

DEMO_OWNERS = ("boulangerie@demo.enbasdemarue.fr", "fromagerie@demo.enbasdemarue.fr")
GUEST = {"email": "invite@example.fr", "phone": "06 12 34 56 78", "name": "Camille Martin"}


def _product_of(shop):
    stockrecord = (
        StockRecord.objects.filter(partner=shop.partner, product__is_public=True, price__isnull=False)
        .exclude(product__structure="parent")
        .order_by("pk")
        .first()
    )
    # Plenty of stock: these tests are about the checkout, not about running out.
    stockrecord.num_in_stock, stockrecord.num_allocated = 50, 0
    stockrecord.save()
    return stockrecord.product


@pytest.fixture
def shops(db):
    return [Shop.objects.get(partner__users__email=email) for email in DEMO_OWNERS]


@pytest.fixture
def two_shop_basket(client, shops):
    """A basket with one product from each of two demo shops, made through Oscar's own basket view."""
    for shop in shops:
        response = client.post(f"/basket/add/{_product_of(shop).pk}/", {"quantity": 1})
        assert response.status_code == 302
    return shops


def _slot_keys(shops):
    return {f"slot-{shop.pk}": slot_first_free(slots_available(shop=shop)).key for shop in shops}


def _place(client, shops, **extra):
    data = {**_slot_keys(shops), "payment": "pickup", **extra}
    return client.post("/commande/", data)


def test_checkout_page_groups_the_basket_by_shop_with_the_earliest_slot_checked(client, two_shop_basket):
    response = client.get("/commande/")
    html = response.content.decode()
    assert response.status_code == 200
    for shop, (name, key) in zip(two_shop_basket, _slot_keys(two_shop_basket).items(), strict=True):
        assert shop.name in html
        assert re.search(rf'name="{name}" value="{key}"\s+checked', html)
    assert "Payer au retrait" in html
    assert "Confirmer la commande" in html


def test_a_guest_places_a_two_shop_basket_and_sees_two_orders_and_gets_two_emails(
    client, two_shop_basket, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _place(client, two_shop_basket, **GUEST)
    assert response.status_code == 302
    assert response["Location"] == "/commande/confirmation/"
    orders = list(Order.objects.filter(guest_email=GUEST["email"]).select_related("pickup"))
    assert len(orders) == 2
    page = client.get("/commande/confirmation/").content.decode()
    for order in orders:
        assert order.number in page
        assert order.pickup.code in page
    to_shopper = [message for message in mail.outbox if message.to == [GUEST["email"]]]
    assert len(to_shopper) == 2
    assert {order.pickup.code for order in orders} == {
        code for order in orders for message in to_shopper if (code := order.pickup.code) in message.body
    }
    assert all(message.alternatives[0][1] == "text/html" for message in to_shopper)
    # And each shop hears of its own order, and only of it.
    to_shops = [message for message in mail.outbox if message.to != [GUEST["email"]]]
    assert len(to_shops) == 2
    for order in orders:
        (message,) = [m for m in to_shops if order.number in m.body]
        assert order.pickup.code not in message.body


def test_a_signed_in_shopper_places_without_giving_contact_details(
    client, shops, demo_users, django_capture_on_commit_callbacks
):
    client.force_login(demo_users["shopper"])
    for shop in shops:
        client.post(f"/basket/add/{_product_of(shop).pk}/", {"quantity": 1})
    with django_capture_on_commit_callbacks(execute=True):
        response = _place(client, shops)
    assert response.status_code == 302
    assert Order.objects.filter(user=demo_users["shopper"]).count() == 2
    assert [message.to for message in mail.outbox].count([demo_users["shopper"].email]) == 2
    page = client.get(response["Location"]).content.decode()
    assert page.count('class="pickup-code ') == 2


def test_a_double_submit_still_makes_two_orders(client, two_shop_basket, django_capture_on_commit_callbacks):
    keys = _slot_keys(two_shop_basket)
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post("/commande/", {**keys, **GUEST})
        second = client.post("/commande/", {**keys, **GUEST})
    assert first.status_code == second.status_code == 302
    assert second["Location"] == "/commande/confirmation/"
    assert Order.objects.filter(guest_email=GUEST["email"]).count() == 2
    # One confirmation per order for the shopper, one alert per order for its shop: the second submit adds none.
    assert sorted(message.to == [GUEST["email"]] for message in mail.outbox) == [False, False, True, True]


def test_a_full_slot_is_refused_and_nothing_is_placed(client, two_shop_basket):
    bakery = two_shop_basket[0]
    keys = _slot_keys(two_shop_basket)
    starts_at = slot_start_parse(keys[f"slot-{bakery.pk}"])
    PickupSlot.objects.create(
        shop=bakery, starts_at=starts_at, ends_at=starts_at.replace(hour=23), capacity=1, booked=1
    )
    response = client.post("/commande/", {**keys, **GUEST})
    assert response.status_code == 400
    assert "Créneau complet" in response.content.decode()
    assert not Order.objects.filter(guest_email=GUEST["email"]).exists()
    # The basket is intact: the page still lists both shops.
    assert all(shop.name in client.get("/commande/").content.decode() for shop in two_shop_basket)


@pytest.mark.parametrize("key", ["2099-01-01T09:00Z", "2020-01-01T09:00Z", "pas-un-creneau", "x" * 5000])
def test_a_tampered_slot_key_is_refused_next_to_its_shop(client, two_shop_basket, key):
    bakery = two_shop_basket[0]
    response = client.post("/commande/", {**_slot_keys(two_shop_basket), f"slot-{bakery.pk}": key, **GUEST})
    assert response.status_code == 400
    section = response.content.decode().split(f'id="boutique-{bakery.pk}"')[1].split("</section>")[0]
    assert "alert-danger" in section
    assert not Order.objects.filter(guest_email=GUEST["email"]).exists()


def test_a_slot_only_another_shop_offers_is_refused(client, two_shop_basket):
    bakery, cheese_shop = two_shop_basket
    bakery_starts = {slot.key for day in slots_available(shop=bakery) for slot in day.slots}
    other = [
        slot.key for day in slots_available(shop=cheese_shop) for slot in day.slots if slot.key not in bakery_starts
    ]
    if not other:
        pytest.skip("the two demo shops offer the same slots today")
    response = client.post("/commande/", {**_slot_keys(two_shop_basket), f"slot-{bakery.pk}": other[0], **GUEST})
    assert response.status_code == 400
    assert not Order.objects.filter(guest_email=GUEST["email"]).exists()


def test_a_missing_slot_is_asked_for_next_to_its_shop(client, two_shop_basket):
    keys = _slot_keys(two_shop_basket)
    del keys[f"slot-{two_shop_basket[1].pk}"]
    response = client.post("/commande/", {**keys, **GUEST})
    assert response.status_code == 400
    assert "Choisissez un créneau de retrait." in response.content.decode()
    assert not Order.objects.filter(guest_email=GUEST["email"]).exists()


@pytest.mark.parametrize(
    ("field", "value"), [("email", "pas-un-email"), ("phone", "12"), ("name", "")], ids=["email", "phone", "name"]
)
def test_a_guest_with_bad_contact_details_gets_form_errors(client, two_shop_basket, field, value):
    response = client.post("/commande/", {**_slot_keys(two_shop_basket), **GUEST, field: value})
    assert response.status_code == 400
    assert "invalid-feedback" in response.content.decode()
    assert not Order.objects.exists() or not Order.objects.filter(guest_email=GUEST["email"]).exists()


def test_an_empty_basket_goes_back_to_the_basket(client, db):
    assert client.get("/commande/")["Location"] == "/basket/"
    assert client.post("/commande/", GUEST)["Location"] == "/basket/"


def test_the_confirmation_is_only_shown_to_the_session_that_placed(client, two_shop_basket):
    _place(client, two_shop_basket, **GUEST)
    client.cookies.clear()
    assert client.get("/commande/confirmation/")["Location"] == "/basket/"


def test_oscars_checkout_redirects_to_the_pickup_checkout(client, db):
    assert client.get("/checkout/")["Location"] == "/commande/"
    assert client.get("/checkout/preview/")["Location"] == "/commande/"


def test_the_basket_button_leads_to_the_pickup_checkout(client, two_shop_basket):
    assert 'href="/commande/"' in client.get("/basket/").content.decode()


def test_a_missing_csrf_token_is_refused(two_shop_basket, shops):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/commande/", {**_slot_keys(shops), **GUEST}).status_code == 403


def test_the_checkout_page_runs_a_bounded_number_of_queries(client, two_shop_basket):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as two_lines:
        assert client.get("/commande/").status_code == 200
    for shop in two_shop_basket:
        other = (
            StockRecord.objects.filter(partner=shop.partner, product__is_public=True, price__isnull=False)
            .exclude(product__structure="parent")
            .order_by("-pk")
            .first()
        )
        other.num_in_stock, other.num_allocated = 50, 0
        other.save()
        client.post(f"/basket/add/{other.product_id}/", {"quantity": 1})
    with CaptureQueriesContext(connection) as four_lines:
        assert client.get("/commande/").status_code == 200
    # Slots cost the same whatever the basket; each line costs only the pricing strategy's few reads.
    assert len(two_lines) <= 25
    assert len(four_lines) - len(two_lines) <= 2 * 4


def test_the_order_email_carries_a_qr_code_and_a_calendar_event_for_the_slot(
    client, two_shop_basket, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _place(client, two_shop_basket, **GUEST)
    order = Order.objects.filter(guest_email=GUEST["email"]).select_related("pickup__slot").order_by("pk").first()
    message = next(m for m in mail.outbox if order.number in m.subject)
    html = message.alternatives[0][0]
    assert order.pickup.code in html
    assert "cid:code-retrait-qr" in html
    raw = message.message().as_bytes()
    assert b"Content-ID: <code-retrait-qr>" in raw
    ics = next(a[1] for a in message.attachments if isinstance(a, tuple) and a[0] == "retrait.ics")
    starts = order.pickup.slot.starts_at.strftime("%Y%m%dT%H%M%SZ")
    assert f"DTSTART:{starts}\r\n" in ics
    assert order.pickup.code in ics
    assert all(len(line.encode()) <= 75 for line in ics.split("\r\n"))


def test_ics_text_cannot_inject_properties():
    from orders.notifications import ics_event

    ics = ics_event(
        uid="u",
        starts="20300101T090000Z",
        ends="20300101T093000Z",
        summary="A\r\nATTENDEE:x",
        location="a;b,c",
        description="d",
    )
    assert "\r\nATTENDEE" not in ics
    assert "LOCATION:a\\;b\\,c\r\n" in ics
