"""The marketplace's figures on the barometer match hand-computed ones, per town, with fewer than five shops
never shown on their own."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from barometer.market import market_summary_refresh
from barometer.models import ALL, MarketCell
from orders.models import OrderChange, OrderStatus
from shops.models import Shop
from tests.orders.builders import NOW, order_placed, product_for_sale, shop_open, slots_of

Order = get_model("order", "Order")
Metric = MarketCell.Metric
TOWN = "Saint-Chef"

pytestmark = pytest.mark.django_db


def _order(shop, stock, *, days_ago: float, status: str, ready_after: int | None = None):
    now = timezone.now()
    order = order_placed(shop=shop, items=[(stock, 1)], key=slots_of(shop, now=NOW)[0].key)
    placed = now - timedelta(days=days_ago)
    Order.objects.filter(pk=order.pk).update(date_placed=placed, status=status)
    if ready_after is not None:
        OrderChange.objects.create(
            order=order,
            kind=OrderChange.Kind.STATUS,
            status_from=OrderStatus.ACCEPTED,
            status_to=OrderStatus.READY,
            actor_kind=OrderChange.Actor.SHOP,
            created_at=placed + timedelta(minutes=ready_after),
        )
    return order


@pytest.fixture
def town_of_five():
    shops = [shop_open(name=f"Boutique {n}") for n in range(5)]
    Shop.objects.filter(pk__in=[s.pk for s in shops]).update(town=TOWN)
    busy, quiet = shops[0], shops[1]
    stock_busy = product_for_sale(shop=busy, title="Pain", stock=100)
    stock_quiet = product_for_sale(shop=quiet, title="Fleurs", stock=100)
    _order(busy, stock_busy, days_ago=1, status=OrderStatus.COLLECTED, ready_after=30)
    _order(busy, stock_busy, days_ago=2, status=OrderStatus.COLLECTED, ready_after=90)
    _order(busy, stock_busy, days_ago=3, status=OrderStatus.NOT_COLLECTED, ready_after=60)
    # More than 30 days ago: counts in the weeks, not among the shops active this month.
    _order(quiet, stock_quiet, days_ago=40, status=OrderStatus.REFUSED)
    market_summary_refresh()
    return shops


def _value(metric, town=TOWN, category=ALL):
    return MarketCell.objects.get(metric=metric, town=town, category=category, week=None).value


def test_figures_per_town_are_the_hand_computed_ones(town_of_five):
    assert _value(Metric.LISTED) == 5
    assert _value(Metric.ACTIVE) == 1
    assert _value(Metric.COLLECTED) == 2
    assert _value(Metric.NOT_COLLECTED) == 1
    assert _value(Metric.READY_MEDIAN) == 60  # 30, 60 and 90 minutes
    weekly = MarketCell.objects.filter(metric=Metric.ORDERS, town=TOWN, category=ALL)
    assert sum(cell.value for cell in weekly) == 4
    # A second run replaces the rows: the same figures, not twice as many.
    market_summary_refresh()
    assert _value(Metric.LISTED) == 5


def test_the_page_shows_the_town_and_hides_a_town_of_fewer_than_five_shops(client, town_of_five, page_cache_off):
    page = client.get(reverse("barometer:index"), {"commune": TOWN}).content.decode()
    assert "data-listed>5<" in page and "data-active>1<" in page
    Shop.objects.filter(pk=town_of_five[0].pk).update(status=Shop.Status.SUSPENDED)
    market_summary_refresh()
    page = client.get(reverse("barometer:index"), {"commune": TOWN}).content.decode()
    assert "data-market-hidden" in page and "data-listed" not in page


def test_the_page_headings_never_skip_a_level(client, town_of_five, page_cache_off):
    """Screen readers list the page by its headings: the market's table titles sit right under its h2."""
    import re

    page = client.get(reverse("barometer:index"), {"commune": TOWN}).content.decode()
    main = page[page.index('id="main"') :]
    levels = [int(level) for level in re.findall(r"<h([1-6])[\s>]", main)]
    assert 'data-table="' in main and len(levels) > 3
    assert all(after - before <= 1 for before, after in zip(levels, levels[1:], strict=False)), levels
