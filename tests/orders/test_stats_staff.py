"""The CCI staff's statistics (orders.selectors.staff_stats, /dashboard/statistiques/): revenue per shop,
shops with no order in 30 days, the sign-up funnel; staff only; CSV exports guarded."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from orders.selectors.staff_stats import FunnelRow, shops_dormant, shops_revenue, signup_funnel
from shops.models import Shop

from .builders import NOW, product_for_sale, shop_open
from .stats_builders import PERIOD, orders_counted

pytestmark = pytest.mark.django_db

StockRecord = get_model("partner", "StockRecord")
TOWN = "Saint-Compté"
QUERY = {"du": "2030-05-27", "au": "2030-06-09", "commune": TOWN}


@pytest.fixture
def counted():
    counted = orders_counted()
    Shop.objects.filter(pk__in=[counted.bakery.pk, counted.cheese_shop.pk]).update(town=TOWN)
    return counted


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_revenue_per_shop_matches_the_hand_count(counted):
    shops = list(shops_revenue(period=PERIOD, town=TOWN))

    assert [(shop.name, shop.orders, shop.collected, shop.not_collected, shop.revenue) for shop in shops] == [
        ("Boulangerie comptée", 5, 2, 1, Decimal("27.30")),
        ("Fromagerie comptée", 1, 1, 0, Decimal("8.40")),
    ]


def test_a_shop_whose_orders_are_all_older_is_dormant(counted):
    quiet = shop_open(name="Primeur silencieux")
    Shop.objects.filter(pk=quiet.pk).update(town=TOWN, phone="04 74 11 22 33")

    # 40 days after NOW, the bakery's last order (NOW) is older than 30 days; the primeur never sold.
    dormant = {shop.name: shop for shop in shops_dormant(now=NOW + timedelta(days=40), town=TOWN)}
    assert set(dormant) == {"Boulangerie comptée", "Fromagerie comptée", "Primeur silencieux"}
    assert dormant["Primeur silencieux"].last_order_at is None
    assert dormant["Boulangerie comptée"].last_order_at == NOW
    # 10 days after NOW both shops sold within 30 days.
    assert [shop.name for shop in shops_dormant(now=NOW + timedelta(days=10), town=TOWN)] == ["Primeur silencieux"]


def test_the_funnel_counts_each_step_per_town(counted):
    starts, _ends = PERIOD.bounds
    draft = shop_open(name="Brouillon", status=Shop.Status.DRAFT)
    submitted = shop_open(name="Soumise", status=Shop.Status.PENDING)
    approved_empty = shop_open(name="Validée sans produit")
    Shop.objects.filter(
        pk__in=[draft.pk, submitted.pk, approved_empty.pk, counted.bakery.pk, counted.cheese_shop.pk]
    ).update(created_at=starts + timedelta(days=1), town=TOWN)
    Shop.objects.filter(pk=submitted.pk).update(submitted_at=starts + timedelta(days=2))
    Shop.objects.filter(pk__in=[approved_empty.pk, counted.bakery.pk, counted.cheese_shop.pk]).update(
        submitted_at=starts + timedelta(days=2), approved_at=starts + timedelta(days=3)
    )
    # A product of the approved-but-empty shop's, then removed: no product on sale.
    StockRecord.objects.filter(partner=approved_empty.partner).delete()
    # A shop in another town, started in the period, with a product and no order.
    other = shop_open(name="Ailleurs")
    product_for_sale(shop=other)
    Shop.objects.filter(pk=other.pk).update(created_at=starts + timedelta(days=4), town="Zzz-Ailleurs")

    groups, total = signup_funnel(period=PERIOD, by="town")

    by_town = {row.label: row for row in groups}
    assert by_town[TOWN] == FunnelRow(label=TOWN, started=5, submitted=4, approved=3, with_product=2, with_order=2)
    assert by_town["Zzz-Ailleurs"] == FunnelRow(
        label="Zzz-Ailleurs", started=1, submitted=0, approved=0, with_product=1, with_order=0
    )
    assert total.started == sum(row.started for row in groups)
    assert by_town[TOWN].percent(by_town[TOWN].approved) == 60


def test_staff_pages_and_exports(client, demo_users, counted, django_assert_max_num_queries):
    client.force_login(demo_users["staff"])

    with django_assert_max_num_queries(20):
        page = client.get(reverse("staff-stats:revenue"), QUERY)
    assert page.status_code == 200 and "27,30 €" in page.content.decode()

    rows = _csv(client.get(reverse("staff-stats:revenue-csv"), QUERY))
    assert rows[1] == ["Boulangerie comptée", TOWN, counted.bakery.category.name, "5", "2", "1", "27,30"]

    with django_assert_max_num_queries(20):
        assert client.get(reverse("staff-stats:dormant"), {"commune": TOWN}).status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(reverse("staff-stats:funnel"), {**QUERY, "par": "category"}).status_code == 200
    assert _csv(client.get(reverse("staff-stats:funnel-csv"), QUERY))[0][0] == "Commune"
    with django_assert_max_num_queries(20):
        shop_page = client.get(reverse("staff-stats:shop", kwargs={"pk": counted.cheese_shop.pk}), QUERY)
    assert 'id="figure-orders">1<' in shop_page.content.decode()


def test_the_dormant_export_guards_formula_cells(client, demo_users):
    quiet = shop_open(name="Silencieuse")
    Shop.objects.filter(pk=quiet.pk).update(name="=cmd|' /C calc'!A0", phone="+33 4 74 00 00 00", town=TOWN)
    client.force_login(demo_users["staff"])

    rows = _csv(client.get(reverse("staff-stats:dormant-csv"), {"commune": TOWN}))

    names = [row[0] for row in rows[1:]]
    assert "'=cmd|' /C calc'!A0" in names
    assert "'+33 4 74 00 00 00" in [row[3] for row in rows[1:]]


def test_shopkeepers_and_editors_cannot_open_the_staff_statistics(client, demo_users, counted):
    for role in ("shopkeeper_a", "editor", "shopper"):
        client.force_login(demo_users[role])
        assert client.get(reverse("staff-stats:revenue")).status_code == 403
        assert client.get(reverse("staff-stats:dormant-csv")).status_code == 403
        assert client.get(reverse("staff-stats:shop", kwargs={"pk": counted.bakery.pk})).status_code == 404
    client.logout()
    assert client.get(reverse("staff-stats:revenue")).status_code == 302


def test_the_menu_shows_each_audience_its_statistics(client, demo_users):
    client.force_login(demo_users["staff"])
    staff_page = client.get(reverse("dashboard:index")).content.decode()
    client.force_login(demo_users["shopkeeper_a"])
    shop_page = client.get(reverse("dashboard:index")).content.decode()

    assert reverse("staff-stats:revenue") in staff_page
    assert reverse("staff-stats:revenue") not in shop_page
    assert reverse("shop-stats:index") in shop_page
