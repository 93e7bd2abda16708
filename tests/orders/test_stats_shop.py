"""A shop's own statistics (orders.selectors.stats, /dashboard/ma-boutique/statistiques/): figures checked
against the hand-counted orders of stats_builders, never another shop's, CSV of its orders."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from orders.selectors.stats import BusySlot, TopProduct, Week, shop_stats

from .builders import shop_user
from .stats_builders import PERIOD, orders_counted

pytestmark = pytest.mark.django_db

QUERY = {"du": "2030-05-27", "au": "2030-06-09"}


@pytest.fixture
def counted():
    return orders_counted()


def test_figures_match_the_hand_count(counted):
    stats = shop_stats(shop=counted.bakery, period=PERIOD)

    assert (stats.summary.orders, stats.summary.collected, stats.summary.not_collected) == (5, 2, 1)
    assert stats.summary.revenue == Decimal("27.30")
    # One no-show out of the three orders that were there to collect and ended.
    assert stats.summary.no_show_rate == 33.3
    assert stats.weeks == (
        Week(monday=date(2030, 5, 27), orders=1, collected=0, revenue=Decimal("0.00")),
        Week(monday=date(2030, 6, 3), orders=4, collected=2, revenue=Decimal("27.30")),
    )
    # The cancelled and the uncollected orders sold nothing.
    assert stats.top_products == (
        TopProduct(title="Baguette", quantity=3, orders=2, revenue=Decimal("3.60")),
        TopProduct(title="Fraisier", quantity=1, orders=1, revenue=Decimal("24.90")),
    )
    # Wednesday 10:00 twice; the cancelled order freed its 10:30 place.
    assert stats.busiest_slots == (
        BusySlot(weekday=3, hour=10, minute=0, orders=2),
        BusySlot(weekday=3, hour=11, minute=0, orders=1),
        BusySlot(weekday=4, hour=11, minute=0, orders=1),
    )


def test_the_other_shop_sees_only_its_own_order(counted):
    stats = shop_stats(shop=counted.cheese_shop, period=PERIOD)

    assert (stats.summary.orders, stats.summary.revenue) == (1, Decimal("8.40"))
    assert [product.title for product in stats.top_products] == ["Comté"]


def test_the_page_shows_the_shops_own_figures_in_bounded_queries(client, counted, django_assert_max_num_queries):
    client.force_login(shop_user(shop=counted.bakery))

    with django_assert_max_num_queries(20):
        response = client.get(reverse("shop-stats:index"), QUERY)

    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="figure-orders">5<' in page
    assert "27,30 €" in page
    assert "Comté" not in page


def test_the_csv_lists_the_shops_orders_only(client, counted, django_assert_max_num_queries):
    client.force_login(shop_user(shop=counted.bakery))

    with django_assert_max_num_queries(12):
        response = client.get(reverse("shop-stats:orders-csv"), QUERY)

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert response["Content-Type"].startswith("text/csv")
    assert rows[0][0] == "Numéro"
    numbers = [row[0] for row in rows[1:]]
    assert sorted(numbers) == sorted(order.number for order in counted.bakery_orders)
    assert counted.cheese_order.number not in numbers
    by_number = {row[0]: row for row in rows[1:]}
    first = by_number[counted.bakery_orders[0].number]
    assert first[2] == "Retirée" and first[6] == "2 × Baguette" and first[8] == "2,40"


def test_a_customer_name_that_looks_like_a_formula_is_not_run(client, counted):
    pickup = counted.bakery_orders[0].pickup
    pickup.customer_name = '=HYPERLINK("http://evil.example","x")'
    pickup.save(update_fields=["customer_name"])
    client.force_login(shop_user(shop=counted.bakery))

    response = client.get(reverse("shop-stats:orders-csv"), QUERY)

    assert "\n" + counted.bakery_orders[0].number in response.content.decode("utf-8-sig")
    assert ";'=HYPERLINK(" in response.content.decode("utf-8-sig").replace('"', "")


def test_another_shops_number_in_the_staff_address_is_not_found(client, counted):
    client.force_login(shop_user(shop=counted.bakery))

    assert client.get(reverse("staff-stats:shop", kwargs={"pk": counted.cheese_shop.pk})).status_code == 404
    assert client.get(reverse("staff-stats:shop-orders-csv", kwargs={"pk": counted.cheese_shop.pk})).status_code == 404
    assert client.get(reverse("staff-stats:revenue")).status_code == 403


def test_a_bad_period_is_explained_in_french(client, counted):
    client.force_login(shop_user(shop=counted.bakery))

    response = client.get(reverse("shop-stats:index"), {"du": "2030-06-09", "au": "2029-01-01"})

    assert response.status_code == 200
    assert "La date de début doit précéder la date de fin." in response.content.decode()
    response = client.get(reverse("shop-stats:index"), {"du": "pas une date"})
    assert response.status_code == 200


def test_a_shopper_has_no_statistics(client, demo_users):
    client.force_login(demo_users["shopper"])

    assert client.get(reverse("shop-stats:index")).status_code == 404
