"""The CCI staff's figures of the whole marketplace: revenue per shop, shops with no recent order (to call
them), the sign-up funnel per town and per category.

Each read is one aggregate query (plus the paginator's count), computed by the database: the queries do
not grow with the number of shops or orders, and a page reads only its own rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from shops.models import Shop

from ..models import ORDER_STATUSES_NOT_PAID, OrderStatus, Pickup
from .stats import MONEY, ZERO, Period

StockRecord = get_model("partner", "StockRecord")

# "No order lately": the shops the CCI calls to help.
DORMANT_DAYS = 30
FUNNEL_GROUPS = {"town": "town", "category": "category__name"}
FUNNEL_STEPS = (_("Soumises"), _("Validées"), _("Premier produit"), _("Première commande"))


def shops_revenue(*, period: Period, town: str = "", category_id: int | None = None) -> QuerySet:
    """The shops that received orders in the period, with their orders placed, collected and revenue
    (collected orders, TTC), best revenue first."""
    starts, ends = period.bounds
    shops = Shop.objects.filter(pickups__order__date_placed__gte=starts, pickups__order__date_placed__lt=ends)
    if town:
        shops = shops.filter(town=town)
    if category_id:
        shops = shops.filter(category_id=category_id)
    collected = Q(pickups__order__status=OrderStatus.COLLECTED)
    return (
        shops.select_related("category")
        .annotate(
            orders=Count("pickups", filter=~Q(pickups__order__status__in=ORDER_STATUSES_NOT_PAID)),
            collected=Count("pickups", filter=collected),
            not_collected=Count("pickups", filter=Q(pickups__order__status=OrderStatus.NOT_COLLECTED)),
            revenue=Coalesce(Sum("pickups__order__total_incl_tax", filter=collected), Value(ZERO), output_field=MONEY),
        )
        .order_by("-revenue", "-orders", "name", "pk")
    )


def shops_dormant(*, now: datetime, days: int = DORMANT_DAYS, town: str = "", category_id: int | None = None):
    """Approved shops that received no order in the last `days` days, with their contact and their last
    order's date (None: never), the longest-silent first among those that sold, then those that never did."""
    since = now - timedelta(days=days)
    recent = Pickup.objects.filter(shop=OuterRef("pk"), created_at__gte=since)
    last = Pickup.objects.filter(shop=OuterRef("pk")).order_by("-created_at").values("created_at")[:1]
    shops = Shop.objects.filter(status=Shop.Status.APPROVED).exclude(Exists(recent))
    if town:
        shops = shops.filter(town=town)
    if category_id:
        shops = shops.filter(category_id=category_id)
    return (
        shops.select_related("category", "owner").annotate(last_order_at=Subquery(last)).order_by("town", "name", "pk")
    )


@dataclass(frozen=True)
class FunnelRow:
    """How far the shops whose sign-up started in the period went, for one town or one category."""

    label: str
    started: int
    submitted: int
    approved: int
    with_product: int
    with_order: int

    def percent(self, value: int) -> int:
        return round(100 * value / self.started) if self.started else 0

    @property
    def steps(self) -> tuple[tuple[str, int, int], ...]:
        """(step, count, % of those started) for each step after the first."""
        values = (self.submitted, self.approved, self.with_product, self.with_order)
        return tuple((label, value, self.percent(value)) for label, value in zip(FUNNEL_STEPS, values, strict=True))


def signup_funnel(*, period: Period, by: str = "town") -> tuple[tuple[FunnelRow, ...], FunnelRow]:
    """The sign-ups started in the period (a shop created by the wizard), grouped by town or category, and how
    many were then submitted, approved, put a product on sale, received an order; with the total row."""
    field = FUNNEL_GROUPS[by]
    starts, ends = period.bounds
    rows = (
        Shop.objects.filter(created_at__gte=starts, created_at__lt=ends)
        .annotate(
            has_product=Exists(StockRecord.objects.filter(partner_id=OuterRef("partner_id"))),
            has_order=Exists(Pickup.objects.filter(shop=OuterRef("pk"))),
        )
        .values(field)
        .annotate(
            started=Count("pk"),
            submitted=Count("pk", filter=Q(submitted_at__isnull=False)),
            approved=Count("pk", filter=Q(approved_at__isnull=False)),
            with_product=Count("pk", filter=Q(has_product=True)),
            with_order=Count("pk", filter=Q(has_order=True)),
        )
        .order_by(field)
    )
    groups = tuple(
        FunnelRow(
            label=row[field],
            started=row["started"],
            submitted=row["submitted"],
            approved=row["approved"],
            with_product=row["with_product"],
            with_order=row["with_order"],
        )
        for row in rows
    )
    total = FunnelRow(
        label="",
        started=sum(row.started for row in groups),
        submitted=sum(row.submitted for row in groups),
        approved=sum(row.approved for row in groups),
        with_product=sum(row.with_product for row in groups),
        with_order=sum(row.with_order for row in groups),
    )
    return groups, total


def stats_towns() -> list[str]:
    """The towns that have a shop, for the filters (one query on the indexed column)."""
    return list(Shop.objects.order_by("town").values_list("town", flat=True).distinct())


__all__ = ["DORMANT_DAYS", "FunnelRow", "shops_dormant", "shops_revenue", "signup_funnel", "stats_towns"]
