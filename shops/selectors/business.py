"""Reads of the business-only channels: the equipment verified businesses may order, the caps per business,
and the staff's queue of business accounts to verify."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Prefetch, Q, QuerySet, Sum
from oscar.core.loading import get_model

from ..models import BusinessAccount, BusinessCap, BusinessPurchase, Shop
from .visibility import business_identity

Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")


def business_product_list(*, user) -> QuerySet:
    """The business-only channels' products this user may order: none unless they are a verified business."""
    if business_identity(user=user) is None:
        return Product.objects.none()
    return (
        Product.objects.browsable()
        .base_queryset()
        .filter(
            is_public=True,
            stockrecords__partner__shop__status=Shop.Status.APPROVED,
            stockrecords__partner__shop__business_only=True,
        )
        .select_related("business_cap")
        .prefetch_related(None)
        .prefetch_related(
            "images",
            Prefetch("stockrecords", queryset=StockRecord.objects.select_related("partner__shop")),
        )
        .order_by("title", "pk")
    )


def business_account_for(*, user) -> BusinessAccount | None:
    """The user's own application to be a verified business, whatever its state (None if they never applied)."""
    if not user.is_authenticated:
        return None
    return BusinessAccount.objects.filter(user=user).first()


def business_account_queue() -> QuerySet[BusinessAccount]:
    """Applications waiting for the CCI's decision, oldest first."""
    return BusinessAccount.objects.filter(status=BusinessAccount.Status.PENDING).select_related("user")


def business_account_siret_known(*, siret: str) -> list[str]:
    """Where this SIRET is already known (an approved shop, an approved account): the reviewer's warnings."""
    known = []
    if Shop.objects.filter(siret=siret).exists():
        known.append("shop")
    if BusinessAccount.objects.filter(siret=siret, status=BusinessAccount.Status.APPROVED).exists():
        known.append("account")
    return known


@dataclass(frozen=True)
class CapExceeded:
    product_id: int
    cap: int
    period_days: int
    used: int
    wanted: int

    @property
    def left(self) -> int:
        return max(self.cap - self.used, 0)


def business_caps_exceeded(
    *, caps: list[BusinessCap], siret: str, wanted: dict[int, int], now: datetime, not_counted_statuses=()
) -> list[CapExceeded]:
    """The caps that these quantities (product id → units) would pass for this SIRET over each cap's period.

    Counts the SIRET's purchases placed in the period, less those of orders in `not_counted_statuses`
    (refused, cancelled: units that were never handed over). The caller holds the caps' row locks
    (orders.locks), so no purchase of this SIRET can be committed between this count and its own.
    """
    caps = [cap for cap in caps if cap.product_id in wanted]
    if not caps:
        return []
    # One query for every capped product: each counts over its own period.
    since = Q()
    for cap in caps:
        since |= Q(product_id=cap.product_id, placed_at__gt=now - timedelta(days=cap.period_days))
    used = dict(
        BusinessPurchase.objects.filter(since, siret=siret)
        .exclude(order__status__in=list(not_counted_statuses))
        .order_by()
        .values("product_id")
        .annotate(total=Sum("quantity"))
        .values_list("product_id", "total")
    )
    exceeded = []
    for cap in caps:
        units = used.get(cap.product_id, 0)
        if units + wanted[cap.product_id] > cap.quantity:
            exceeded.append(
                CapExceeded(
                    product_id=cap.product_id,
                    cap=cap.quantity,
                    period_days=cap.period_days,
                    used=units,
                    wanted=wanted[cap.product_id],
                )
            )
    return exceeded
