"""The marketplace's own figures for the barometer, rebuilt by the clock (`manage.py barometer_refresh`):
shops listed, shops with an order in the last 30 days, orders per week over six months, pickups honoured
and not collected, the median time from order to "ready" — per town and shop category."""

from __future__ import annotations

import statistics
from collections import defaultdict
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.db.models import Count, F
from django.db.models.functions import TruncWeek
from django.utils import timezone

from orders.models import OrderChange, OrderStatus, Pickup
from shops.models import Shop

from .models import MarketCell
from .rollup import levels, rollup

WEEKS = 26
# The advisory lock that serialises rebuilds of the marketplace figures (any constant of our own).
MARKET_LOCK = 18_001
NO_CATEGORY = "—"
Metric = MarketCell.Metric


def _shop_counts(*, since_30: datetime):
    listed = (
        Shop.objects.filter(status=Shop.Status.APPROVED)
        .values("town", category_name=F("category__name"))
        .annotate(n=Count("pk"))
    )
    active = (
        Pickup.objects.filter(order__date_placed__gte=since_30)
        .values(town=F("shop__town"), category_name=F("shop__category__name"))
        .annotate(n=Count("shop", distinct=True))
    )
    return listed, active


def _medians(*, since: datetime) -> dict[tuple[str, str], float]:
    """Median minutes from placing an order to its being marked ready, at each level."""
    rows = OrderChange.objects.filter(
        kind=OrderChange.Kind.STATUS, status_to=OrderStatus.READY, order__date_placed__gte=since
    ).values_list(
        "created_at", "order__date_placed", "order__pickup__shop__town", "order__pickup__shop__category__name"
    )
    minutes: dict[tuple[str, str], list[float]] = defaultdict(list)
    for ready_at, placed_at, town, category in rows:
        for level in levels(town, category or NO_CATEGORY):
            minutes[level].append((ready_at - placed_at).total_seconds() / 60)
    return {level: statistics.median(values) for level, values in minutes.items()}


def _place(row) -> tuple[str, str]:
    return row["town"], row["category_name"] or NO_CATEGORY


@transaction.atomic
def market_summary_refresh(*, now: datetime | None = None) -> int:
    """Replace every marketplace summary row by figures computed now; the number of rows written."""
    now = now or timezone.now()
    if connection.vendor == "postgresql":
        # Two rebuilds (two clocks) take turns, or the second would add its rows beside the first's.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [MARKET_LOCK])
    since = now - timedelta(weeks=WEEKS)
    listed, active = _shop_counts(since_30=now - timedelta(days=30))
    pickups = Pickup.objects.filter(order__date_placed__gte=since).values(
        town=F("shop__town"), category_name=F("shop__category__name")
    )
    weekly = pickups.annotate(week=TruncWeek("order__date_placed")).values("town", "category_name", "week")
    weekly = weekly.annotate(n=Count("pk"))
    ends = pickups.filter(order__status__in=[OrderStatus.COLLECTED, OrderStatus.NOT_COLLECTED]).values(
        "town", "category_name", status=F("order__status")
    )
    ends = ends.annotate(n=Count("pk"))
    cells = {}
    cells.update(rollup(listed, key=lambda r: (*_place(r), (Metric.LISTED, None), (r["n"],)), values=1))
    cells.update(rollup(active, key=lambda r: (*_place(r), (Metric.ACTIVE, None), (r["n"],)), values=1))
    cells.update(rollup(weekly, key=lambda r: (*_place(r), (Metric.ORDERS, _monday(r["week"])), (r["n"],)), values=1))
    cells.update(rollup(ends, key=lambda r: (*_place(r), (r["status"], None), (r["n"],)), values=1))
    for (town, category), median in _medians(since=since).items():
        cells[(Metric.READY_MEDIAN, None, town, category)] = [median]
    MarketCell.objects.all().delete()
    MarketCell.objects.bulk_create(
        [
            MarketCell(town=town, category=category, metric=metric, week=week, value=value, computed_at=now)
            for (metric, week, town, category), (value,) in cells.items()
        ],
        batch_size=2000,
    )
    return len(cells)


def _monday(value):
    return value.date() if hasattr(value, "date") else value
