"""One shop's figures for its statistics page: orders and revenue per week, top products, busiest slots,
no-show rate, and its orders for the CSV export.

Every read takes the shop and filters on it, so a shop never reads another's figures. Every figure is an
aggregate computed by the database over the chosen period (a fixed number of queries, whatever the number
of orders). Weeks, weekdays and hours are those of Paris.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Count, DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, ExtractHour, ExtractIsoWeekDay, ExtractMinute, TruncWeek
from oscar.core.loading import get_model

from shops.models import Shop, Weekday
from shops.schedule import PARIS, day_bounds

from ..models import ORDER_STATUSES_NOT_PAID, OrderStatus

Order = get_model("order", "Order")
Line = get_model("order", "Line")

# Orders that ended without a sale: their totals are nobody's revenue, their products nobody's best-seller.
NO_SALE_STATUSES = (OrderStatus.REFUSED, OrderStatus.CANCELLED, OrderStatus.NOT_COLLECTED)
# A period longer than this is refused (the weekly table stays a page long, the queries bounded).
PERIOD_MAX_DAYS = 366
TOP_PRODUCTS = 10
BUSIEST_SLOTS = 10
ZERO = Decimal("0.00")
MONEY = DecimalField(max_digits=12, decimal_places=2)


@dataclass(frozen=True)
class Period:
    """Whole Paris days, both ends included."""

    start: date
    end: date

    @property
    def bounds(self) -> tuple[datetime, datetime]:
        return day_bounds(self.start)[0], day_bounds(self.end)[1]

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def period_default(*, today: date, weeks: int = 12) -> Period:
    """The last `weeks` whole weeks up to today (Monday to today)."""
    monday = today - timedelta(days=today.weekday())
    return Period(start=monday - timedelta(weeks=weeks - 1), end=today)


@dataclass(frozen=True)
class Week:
    monday: date
    orders: int
    collected: int
    revenue: Decimal


@dataclass(frozen=True)
class TopProduct:
    title: str
    quantity: int
    orders: int
    revenue: Decimal


@dataclass(frozen=True)
class BusySlot:
    weekday: int
    hour: int
    minute: int
    orders: int

    @property
    def weekday_label(self) -> str:
        return str(Weekday(self.weekday).label)

    @property
    def at(self) -> time:
        return time(self.hour, self.minute)


@dataclass(frozen=True)
class ShopSummary:
    orders: int
    collected: int
    not_collected: int
    revenue: Decimal

    @property
    def no_show_rate(self) -> float | None:
        """Not collected out of the orders that were ready to collect and ended (None: none yet)."""
        ended = self.collected + self.not_collected
        return round(100 * self.not_collected / ended, 1) if ended else None


@dataclass(frozen=True)
class ShopStats:
    period: Period
    summary: ShopSummary
    weeks: tuple[Week, ...]
    top_products: tuple[TopProduct, ...]
    busiest_slots: tuple[BusySlot, ...]

    @property
    def max_week_orders(self) -> int:
        return max((week.orders for week in self.weeks), default=0)


def shop_orders(*, shop: Shop, period: Period) -> QuerySet:
    """The shop's orders placed in the period (only this shop's: the pickup names it), paid online or not
    (a basket still awaiting 3-D Secure, or whose payment failed, was never an order for the shop)."""
    starts, ends = period.bounds
    return Order.objects.filter(pickup__shop=shop, date_placed__gte=starts, date_placed__lt=ends).exclude(
        status__in=ORDER_STATUSES_NOT_PAID
    )


def _sum_collected():
    return Coalesce(Sum("total_incl_tax", filter=Q(status=OrderStatus.COLLECTED)), Value(ZERO), output_field=MONEY)


def shop_summary(*, shop: Shop, period: Period) -> ShopSummary:
    """Orders placed in the period, how many collected or not, revenue (collected orders, TTC): one query."""
    row = shop_orders(shop=shop, period=period).aggregate(
        orders=Count("pk"),
        collected=Count("pk", filter=Q(status=OrderStatus.COLLECTED)),
        not_collected=Count("pk", filter=Q(status=OrderStatus.NOT_COLLECTED)),
        revenue=_sum_collected(),
    )
    return ShopSummary(**row)


def shop_weeks(*, shop: Shop, period: Period) -> tuple[Week, ...]:
    """Every week of the period (Monday, Paris), with its orders placed, collected and revenue; empty weeks too."""
    rows = (
        shop_orders(shop=shop, period=period)
        .annotate(week=TruncWeek("date_placed", tzinfo=PARIS))
        .values("week")
        .annotate(orders=Count("pk"), collected=Count("pk", filter=Q(status=OrderStatus.COLLECTED)))
        .annotate(revenue=_sum_collected())
        .order_by("week")
    )
    by_monday = {_as_date(row["week"]): row for row in rows}
    weeks = []
    monday = period.start - timedelta(days=period.start.weekday())
    while monday <= period.end:
        row = by_monday.get(monday, {})
        weeks.append(
            Week(
                monday=monday,
                orders=row.get("orders", 0),
                collected=row.get("collected", 0),
                revenue=row.get("revenue", ZERO),
            )
        )
        monday += timedelta(weeks=1)
    return tuple(weeks)


def _as_date(value) -> date:
    # TruncWeek gives an aware datetime on PostgreSQL and SQLite alike; a date on some backends.
    return value.astimezone(PARIS).date() if isinstance(value, datetime) else value


def shop_top_products(*, shop: Shop, period: Period, limit: int = TOP_PRODUCTS) -> tuple[TopProduct, ...]:
    """The products most ordered (units) in the period's orders that were not refused, cancelled or left."""
    starts, ends = period.bounds
    rows = (
        Line.objects.filter(order__pickup__shop=shop, order__date_placed__gte=starts, order__date_placed__lt=ends)
        .exclude(order__status__in=NO_SALE_STATUSES)
        .values("product_id", "title")
        .annotate(
            quantity=Sum("quantity"),
            orders=Count("order_id", distinct=True),
            revenue=Coalesce(Sum("line_price_incl_tax"), Value(ZERO), output_field=MONEY),
        )
        .order_by("-quantity", "-revenue", "title")[:limit]
    )
    return tuple(
        TopProduct(title=row["title"], quantity=row["quantity"], orders=row["orders"], revenue=row["revenue"])
        for row in rows
    )


def shop_busiest_slots(*, shop: Shop, period: Period, limit: int = BUSIEST_SLOTS) -> tuple[BusySlot, ...]:
    """The weekday and time (Paris) of the slots most booked by the period's orders, refused and cancelled
    ones left out (they freed their place)."""
    slot_start = "pickup__slot__starts_at"
    rows = (
        shop_orders(shop=shop, period=period)
        .exclude(status__in=(OrderStatus.REFUSED, OrderStatus.CANCELLED))
        .annotate(
            weekday=ExtractIsoWeekDay(slot_start, tzinfo=PARIS),
            hour=ExtractHour(slot_start, tzinfo=PARIS),
            minute=ExtractMinute(slot_start, tzinfo=PARIS),
        )
        .values("weekday", "hour", "minute")
        .annotate(orders=Count("pk"))
        .order_by("-orders", "weekday", "hour", "minute")[:limit]
    )
    return tuple(BusySlot(**row) for row in rows)


def shop_stats(*, shop: Shop, period: Period) -> ShopStats:
    """Everything the shop's statistics page shows, for the period (four queries)."""
    return ShopStats(
        period=period,
        summary=shop_summary(shop=shop, period=period),
        weeks=shop_weeks(shop=shop, period=period),
        top_products=shop_top_products(shop=shop, period=period),
        busiest_slots=shop_busiest_slots(shop=shop, period=period),
    )


def shop_orders_for_export(*, shop: Shop, period: Period) -> QuerySet:
    """The shop's orders of the period with what a row of its CSV needs, oldest first (lines prefetched)."""
    return (
        shop_orders(shop=shop, period=period)
        .select_related("pickup", "pickup__slot")
        .prefetch_related("lines")
        .order_by("date_placed", "pk")
    )


__all__ = [
    "NO_SALE_STATUSES",
    "PERIOD_MAX_DAYS",
    "BusySlot",
    "Period",
    "ShopStats",
    "ShopSummary",
    "TopProduct",
    "Week",
    "period_default",
    "shop_busiest_slots",
    "shop_orders",
    "shop_orders_for_export",
    "shop_stats",
    "shop_summary",
    "shop_top_products",
    "shop_weeks",
]
