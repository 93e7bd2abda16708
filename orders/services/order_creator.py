"""Oscar's order writer, fed one shop's share of a basket at a time."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.utils import translation
from oscar.apps.order.utils import OrderCreator
from oscar.core.loading import get_class
from oscar.core.utils import round_half_up_two_dec

from ..shipping import PickupInStore

OrderTotalCalculator = get_class("checkout.calculators", "OrderTotalCalculator")


@dataclass
class ShopBasketPart:
    """The lines of one shop in a basket, with what Oscar's OrderTotalCalculator reads from a basket."""

    shop: object
    lines: list = field(default_factory=list)
    currency: str = settings.OSCAR_DEFAULT_CURRENCY
    is_tax_known: bool = True

    @property
    def total_excl_tax(self) -> Decimal:
        return round_half_up_two_dec(sum((line.line_price_excl_tax_incl_discounts for line in self.lines), Decimal(0)))

    @property
    def total_incl_tax(self) -> Decimal:
        return round_half_up_two_dec(sum((line.line_price_incl_tax_incl_discounts for line in self.lines), Decimal(0)))


class ShopOrderCreator(OrderCreator):
    """Writes an order from one shop's lines with Oscar's own building blocks (order, lines, line prices).

    Oscar's place_order() takes a whole basket, numbers it 100000 + basket id and allocates stock
    without checking what is left; placement checks and allocates stock itself, under lock.
    """

    def update_stock_records(self, line):
        # Stock was checked and allocated under lock by orders.locks.stock_allocate: allocating here
        # would count every unit twice.
        return

    def place_shop_order(self, *, basket, part: ShopBasketPart, number: str, user, guest_email: str, status=None):
        """Create the Oscar order of one shop's lines (no shipping address: the order is collected), in
        `status` (the pipeline's first one by default), its lines too."""
        method = PickupInStore()
        charge = method.calculate(part)
        total = OrderTotalCalculator().calculate(part, charge)
        status = status or getattr(settings, "OSCAR_INITIAL_ORDER_STATUS", "")
        # Labels stored on the order are read later by the shop, in the site's language.
        with translation.override(settings.LANGUAGE_CODE):
            order = self.create_order_model(
                user,
                basket,
                None,
                method,
                charge,
                None,
                total,
                number,
                status,
                **({"guest_email": guest_email} if guest_email else {}),
            )
        for line in part.lines:
            self.create_line_models(order, line)
        if status != getattr(settings, "OSCAR_INITIAL_LINE_STATUS", ""):
            order.lines.update(status=status)
        return order
