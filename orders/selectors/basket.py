"""Reads of a basket on its way to orders: its lines by shop, the checkout's sections, the orders it became."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from oscar.core.loading import get_model

from shops.models import Shop

from ..exceptions import PlacementProblem
from ..models import Placement
from ..slots.availability import SlotDay, slot_first_free, slots_available_for_shops

Order = get_model("order", "Order")


@dataclass
class ShopSection:
    """One shop of the basket on the checkout page: its lines, subtotal, slots and problems."""

    shop: Shop
    lines: list = field(default_factory=list)
    days: list[SlotDay] = field(default_factory=list)
    selected: str = ""
    problems: list[PlacementProblem] = field(default_factory=list)

    @property
    def subtotal(self) -> Decimal:
        return sum((line.line_price_incl_tax or Decimal(0) for line in self.lines), Decimal(0))

    @property
    def first_free(self):
        return slot_first_free(self.days)


def basket_sections(*, basket) -> list[ShopSection]:
    """The basket's lines grouped by shop, in basket order, with each shop's slots (bounded queries)."""
    sections = {
        shop.pk: ShopSection(shop=shop, lines=lines) for shop, lines in basket_lines_by_shop(lines=basket.all_lines())
    }
    days = slots_available_for_shops(shops=[section.shop for section in sections.values()])
    for section in sections.values():
        section.days = days[section.shop.pk]
        first = section.first_free
        section.selected = first.key if first else ""
    return list(sections.values())


def basket_lines_query(*, basket):
    """The basket's lines as Oscar's Basket.all_lines reads them, with what the basket page, the checkout
    and the pricing strategy read of each line joined in: its shop, its stock mode and its product class.

    Oscar's own query joins the product and the stock record only, and every line then costs a query
    for its shop, one for its stock mode and one for its product class.
    """
    return (
        basket.lines.select_related(
            "product__product_class",
            "product__parent__product_class",
            "stockrecord__partner__shop",
            "stockrecord__stock_mode",
        )
        .prefetch_related("attributes", "product__images")
        .order_by("pk")
    )


def basket_lines_by_shop(*, lines: Iterable) -> list[tuple[Shop, list]]:
    """Basket lines grouped by their stock record's shop, shops and lines in basket order (at most one query:
    none when the lines come from basket_lines_query)."""
    lines = list(lines)
    shops: dict[int, Shop | None] = {}
    for line in lines:
        if line.stockrecord_id and "partner" in line.stockrecord._state.fields_cache:
            partner = line.stockrecord.partner
            if "shop" in partner._state.fields_cache:
                shops[partner.pk] = getattr(partner, "shop", None)
    partner_ids = {line.stockrecord.partner_id for line in lines if line.stockrecord_id} - shops.keys()
    if partner_ids:
        shops.update({shop.partner_id: shop for shop in Shop.objects.filter(partner_id__in=partner_ids)})
    groups: dict[int, tuple[Shop, list]] = {}
    for line in lines:
        shop = shops.get(line.stockrecord.partner_id) if line.stockrecord_id else None
        if shop is not None:
            groups.setdefault(shop.pk, (shop, []))[1].append(line)
    return list(groups.values())


def order_list_for_basket(*, basket_id: int) -> list | None:
    """The orders placed from a basket, in placement order, with their pickup; None if it was never placed."""
    if not Placement.objects.filter(basket_id=basket_id).exists():
        return None
    return list(
        Order.objects.filter(pickup__placement__basket_id=basket_id)
        .select_related("pickup__slot", "pickup__shop")
        .order_by("pk")
    )


def placed_basket_id_of(*, basket_id: int | None = None, owner=None, since=None) -> int | None:
    """A basket that was placed: `basket_id` if it was (a guest's, named by the basket cookie), else the owner's
    latest placed since `since`; None when there is none."""
    placements = Placement.objects.all()
    if basket_id is not None:
        placements = placements.filter(basket_id=basket_id, basket__owner__isnull=True)
    elif owner is not None and since is not None:
        placements = placements.filter(basket__owner=owner, created_at__gte=since)
    else:
        return None
    return placements.order_by("-created_at", "-pk").values_list("basket_id", flat=True).first()
