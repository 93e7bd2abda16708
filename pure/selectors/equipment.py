"""What a verified business sees of the protective equipment: each product with its prices HT and TTC,
its cap, and the invoices of its orders."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from oscar.core.loading import get_model

from shops.models import BusinessPurchase
from shops.selectors.business import business_product_list

Order = get_model("order", "Order")


@dataclass(frozen=True)
class EquipmentRow:
    product: object
    shop: object
    price_excl_tax: Decimal
    price_incl_tax: Decimal
    tva_rate: Decimal
    available: bool
    availability: str
    cap: object | None


def equipment_rows(*, user, strategy) -> list[EquipmentRow]:
    """The business-only products this user may order, priced by the request's strategy (empty unless verified)."""
    rows = []
    for product in business_product_list(user=user):
        info = strategy.fetch_for_product(product)
        if info.stockrecord is None or not info.price.exists:
            continue
        rows.append(
            EquipmentRow(
                product=product,
                shop=info.stockrecord.partner.shop,
                price_excl_tax=info.price.excl_tax,
                price_incl_tax=info.price.incl_tax,
                tva_rate=info.stockrecord.tva_rate,
                available=info.availability.is_available_to_buy,
                availability=str(info.availability.short_message),
                cap=getattr(product, "business_cap", None),
            )
        )
    return rows


def business_orders_of(*, user) -> list:
    """The user's orders from business-only channels, newest first (each has an invoice)."""
    if not user.is_authenticated:
        return []
    return list(
        Order.objects.filter(user=user, business_purchases__isnull=False)
        .distinct()
        .order_by("-date_placed", "-pk")[:50]
    )


def invoice_order_get(*, user, number: str):
    """The order of this number, with what its invoice prints, if this user may download it (else None).

    The buyer downloads their own orders' invoices; nobody else learns that the number exists.
    """
    if not user.is_authenticated:
        return None
    order = (
        Order.objects.filter(number=number, user=user, business_purchases__isnull=False)
        .select_related("user")
        .prefetch_related("lines__stockrecord", "lines__partner__shop")
        .first()
    )
    if order is None:
        return None
    order.business_buyer = BusinessPurchase.objects.filter(order=order).order_by("pk").first()
    return order
