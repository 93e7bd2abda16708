"""The dashboard home's revenue counts sales only: refused, cancelled and uncollected orders add nothing."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group

from orders.services import Customer, order_accept, order_cancel_by_shopper, order_refuse
from tests.orders.builders import NOW, order_placed, product_for_sale, shop_open, shop_user, slot_key

pytestmark = pytest.mark.django_db


@pytest.fixture
def bakery(db):
    return shop_open(name="Boulangerie du Marché", capacity=10)


@pytest.fixture
def orders(bakery):
    """Three orders of the bakery: 2,40 € still open, 24,90 € cancelled, 12,00 € refused."""
    bread = product_for_sale(shop=bakery, title="Baguette", price="1.20", stock=50)
    cake = product_for_sale(shop=bakery, title="Fraisier", price="24.90", stock=5)
    keeper = shop_user(shop=bakery)
    customer = Customer(email="camille@example.fr", phone="06 12 34 56 78", name="Camille")
    kept = order_placed(shop=bakery, items=[(bread, 2)], key=slot_key(1, 10), customer=customer)
    cancelled = order_placed(shop=bakery, items=[(cake, 1)], key=slot_key(1, 11), customer=customer)
    refused = order_placed(shop=bakery, items=[(bread, 10)], key=slot_key(1, 12), customer=customer)
    order_accept(order=kept, by=keeper)
    order_cancel_by_shopper(order=cancelled)
    order_refuse(order=refused, by=keeper, reason="Plus de farine.")
    return kept, cancelled, refused


def _stats(client, user):
    client.force_login(user)
    response = client.get("/dashboard/")
    assert response.status_code == 200
    return response.context


def test_the_staff_dashboard_revenue_leaves_out_cancelled_and_refused_orders(client, demo_users, orders):
    context = _stats(client, demo_users["staff"])

    assert context["total_revenue"] == Decimal("2.40")
    assert context["total_revenue_last_day"] == Decimal("2.40")
    assert context["average_order_costs"] == Decimal("2.40")
    assert sum(item["total_incl_tax"] for item in context["hourly_report_dict"]["order_total_hourly"]) == Decimal(
        "2.40"
    )
    # The orders themselves are still counted as orders.
    assert context["total_orders"] == 3


def test_a_shopkeepers_dashboard_revenue_counts_only_their_shops_sales(client, bakery, orders):
    other = shop_open(name="Fromagerie", capacity=10)
    cheese = product_for_sale(shop=other, title="Comté", price="8.40", stock=5)
    order_placed(shop=other, items=[(cheese, 1)], key=slot_key(1, 10), now=NOW)
    keeper = shop_user(shop=bakery)
    keeper.groups.add(Group.objects.get(name="Commerçants"))

    context = _stats(client, keeper)

    assert context["total_revenue"] == Decimal("2.40")
