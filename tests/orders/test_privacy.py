"""Shoppers' data (RGPD): "Mes données" downloads everything about the account (JSON, CSV), deletes the account
while keeping the orders for the shops without the shopper's name, email or phone (refused while a pickup is
pending), and the clock erases guests' data after GUEST_DATA_RETENTION_DAYS, safely twice."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from orders.models import Notice, OrderChange, OrderStatus, Pickup
from orders.selectors.stats import shop_summary
from orders.services import Customer
from orders.services.jobs import orders_jobs_run
from orders.services.privacy import guest_orders_depersonalise_due

from .builders import guest, order_placed, product_for_sale, shop_open, shop_user, slot_key
from .stats_builders import PERIOD

pytestmark = pytest.mark.django_db

Order = get_model("order", "Order")
Line = get_model("order", "Line")
UserAddress = get_model("address", "UserAddress")
Country = get_model("address", "Country")
User = get_user_model()
PASSWORD = "mot-de-passe-solide-42"


@pytest.fixture
def shop(db):
    return shop_open(name="Épicerie des données")


@pytest.fixture
def jam(shop):
    return product_for_sale(shop=shop, title="Confiture", price="4.50", stock=100)


@pytest.fixture
def camille(db):
    user = User.objects.create_user(
        email="camille@example.com", password=PASSWORD, first_name="Camille", last_name="Roux"
    )
    user.phone = "06 12 34 56 78"
    user.save(update_fields=["phone"])
    return user


def _order(shop, jam, user, *, status, quantity=2):
    order = order_placed(
        shop=shop,
        items=[(jam, quantity)],
        key=slot_key(1, 10),
        owner=user,
        customer=Customer(user=user, phone="0612345678"),
    )
    Order.objects.filter(pk=order.pk).update(status=status)
    order.refresh_from_db()
    return order


def _rows(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_the_download_holds_profile_addresses_orders_slots_and_emails(
    client, camille, shop, jam, django_assert_max_num_queries
):
    UserAddress.objects.create(
        user=camille,
        first_name="Camille",
        last_name="Roux",
        line1="3 rue des Tilleuls",
        line4="Vienne",
        postcode="38200",
        country=Country.objects.get_or_create(
            iso_3166_1_a2="FR", defaults={"name": "France", "printable_name": "France"}
        )[0],
    )
    orders = [_order(shop, jam, camille, status=OrderStatus.COLLECTED) for _i in range(3)]
    Notice.objects.filter(order=orders[0], kind=Notice.Kind.PLACED).update(sent_at=timezone.now())
    client.force_login(camille)

    with django_assert_max_num_queries(14):
        response = client.get(reverse("my-data:json"))

    data = json.loads(response.content)
    assert response["Content-Disposition"].startswith("attachment;")
    assert data["profile"]["email"] == "camille@example.com" and data["profile"]["phone"] == "06 12 34 56 78"
    assert data["addresses"][0]["line1"] == "3 rue des Tilleuls"
    assert [order["number"] for order in data["orders"]] == [order.number for order in orders]
    first = data["orders"][0]
    assert first["shop"] == "Épicerie des données" and first["total_incl_tax"] == "9.00"
    assert first["lines"] == [
        {"product": "Confiture", "quantity": 2, "unit_price_incl_tax": "4.50", "line_price_incl_tax": "9.00"}
    ]
    assert first["pickup"]["code"] == orders[0].pickup.code and first["pickup"]["slot_starts_at"]
    assert [(email["order"], email["to"]) for email in data["emails"]] == [(orders[0].number, ["camille@example.com"])]


def test_the_csv_download_guards_formula_cells(client, camille, shop, jam):
    order = _order(shop, jam, camille, status=OrderStatus.COLLECTED)
    Pickup.objects.filter(order=order).update(customer_name="=1+1")
    client.force_login(camille)

    rows = _rows(client.get(reverse("my-data:csv")))

    assert rows[0] == ["Rubrique", "Référence", "Donnée", "Valeur"]
    assert ["retrait", order.number, "name", "'=1+1"] in rows
    assert ["ligne de commande", f"{order.number}-1", "product", "Confiture"] in rows


def test_deletion_is_refused_while_a_pickup_is_pending(client, camille, shop, jam):
    order = _order(shop, jam, camille, status=OrderStatus.READY)
    client.force_login(camille)

    response = client.post(reverse("my-data:index"), {"password": PASSWORD, "confirm": "on"}, follow=True)

    assert (
        f"Votre commande n° {order.number} chez Épicerie des données est encore à retirer" in response.content.decode()
    )
    assert User.objects.filter(pk=camille.pk).exists()
    order.pickup.refresh_from_db()
    assert order.pickup.customer_name == "Camille Roux" and order.pickup.depersonalised_at is None


def test_deletion_keeps_the_shops_records_without_the_shopper(client, camille, shop, jam):
    collected = _order(shop, jam, camille, status=OrderStatus.COLLECTED, quantity=3)
    cancelled = _order(shop, jam, camille, status=OrderStatus.CANCELLED)
    OrderChange.objects.create(
        order=collected, kind="status", status_from="ready", status_to="collected", actor_kind="shop"
    )
    before = shop_summary(shop=shop, period=PERIOD.__class__(start=timezone.localdate(), end=timezone.localdate()))
    client.force_login(camille)

    response = client.post(reverse("my-data:index"), {"password": PASSWORD, "confirm": "on"})

    assert response.status_code == 302
    assert not User.objects.filter(pk=camille.pk).exists()
    for order, total, units in ((collected, Decimal("13.50"), 3), (cancelled, Decimal("9.00"), 2)):
        order.refresh_from_db()
        order.pickup.refresh_from_db()
        assert (order.user_id, order.guest_email, order.total_incl_tax, order.status != "") == (None, "", total, True)
        assert sum(line.quantity for line in Line.objects.filter(order=order)) == units
        assert (order.pickup.customer_name, order.pickup.customer_phone) == ("", "")
        assert order.pickup.depersonalised_at is not None
    assert OrderChange.objects.filter(order=collected).count() == 1
    assert all(notice.to == [] for notice in Notice.objects.filter(order=collected, kind=Notice.Kind.PLACED))
    after = shop_summary(shop=shop, period=PERIOD.__class__(start=timezone.localdate(), end=timezone.localdate()))
    assert after == before
    # Signed out, and the account is gone for good.
    assert not User.objects.filter(email="camille@example.com").exists()


def test_a_wrong_password_deletes_nothing(client, camille):
    client.force_login(camille)

    response = client.post(reverse("my-data:index"), {"password": "pas le bon", "confirm": "on"})

    assert response.status_code == 200
    assert "Ce mot de passe n&#x27;est pas le bon." in response.content.decode()
    assert User.objects.filter(pk=camille.pk).exists()


def test_a_shopkeepers_account_is_closed_by_the_cci(client, shop):
    keeper = shop_user(shop=shop)
    client.force_login(keeper)

    response = client.post(reverse("my-data:index"), {"password": "vendeur-test", "confirm": "on"}, follow=True)

    assert "contactez la CCI pour le fermer" in response.content.decode()
    assert User.objects.filter(pk=keeper.pk).exists()


def test_oscars_delete_address_leads_to_ours(client, camille):
    client.force_login(camille)

    assert client.get("/accounts/profile/delete/")["Location"] == reverse("my-data:index")


def test_guests_data_is_erased_after_the_retention_period_once(settings, shop, jam, camille):
    settings.GUEST_DATA_RETENTION_DAYS = 30
    old_collected = order_placed(shop=shop, items=[(jam, 1)], key=slot_key(1, 10), customer=guest(1))
    old_pending = order_placed(shop=shop, items=[(jam, 1)], key=slot_key(1, 10), customer=guest(2))
    recent = order_placed(shop=shop, items=[(jam, 1)], key=slot_key(1, 11), customer=guest(3))
    registered = _order(shop, jam, camille, status=OrderStatus.COLLECTED)
    Order.objects.filter(pk__in=[old_collected.pk, recent.pk]).update(status=OrderStatus.COLLECTED)
    long_ago = timezone.now() - timedelta(days=31)
    Pickup.objects.filter(order__in=[old_collected, old_pending, registered]).update(created_at=long_ago)

    first = orders_jobs_run()
    second = guest_orders_depersonalise_due()
    call_command("orders_jobs", stdout=io.StringIO())

    assert (first.guests_erased, second) == (1, 0)
    old_collected.refresh_from_db()
    old_collected.pickup.refresh_from_db()
    assert (old_collected.guest_email, old_collected.pickup.customer_name, old_collected.pickup.customer_phone) == (
        "",
        "",
        "",
    )
    assert old_collected.total_incl_tax == Decimal("4.50") and old_collected.lines.count() == 1
    assert Pickup.objects.get(order=old_pending).customer_name == "Client 2"
    assert Order.objects.get(pk=old_pending.pk).guest_email == "client-2@example.com"
    assert Pickup.objects.get(order=recent).customer_name == "Client 3"
    assert Pickup.objects.get(order=registered).customer_name == "Camille Roux"
    assert Pickup.objects.filter(depersonalised_at__isnull=False).count() == 1
