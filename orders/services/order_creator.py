"""Oscar's order writer, fed the shares of a basket's shops (one order per shop)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.contrib.sites.models import Site
from django.utils import translation
from oscar.apps.order.utils import OrderCreator
from oscar.core.loading import get_class, get_model
from oscar.core.utils import round_half_up_two_dec

from ..shipping import PickupInStore

OrderTotalCalculator = get_class("checkout.calculators", "OrderTotalCalculator")
Order = get_model("order", "Order")
Line = get_model("order", "Line")
LinePrice = get_model("order", "LinePrice")
LineAttribute = get_model("order", "LineAttribute")


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
    """Writes the orders of a basket's shops, as Oscar's OrderCreator writes one: order, lines, line prices and
    line attributes, with the same fields, but one INSERT per table for all the shops and lines.

    Oscar's place_order() takes a whole basket, numbers it 100000 + basket id, allocates stock without
    checking what is left and writes row by row (three INSERTs per line); placement checks and allocates
    stock itself, under lock, and refuses vouchers and offers, so no line carries a discount to record.
    """

    def update_stock_records(self, line):
        # Stock was checked and allocated under lock by orders.locks.stocks_allocate: allocating here
        # would count every unit twice.
        return

    def place_shop_orders(
        self, *, basket, parts: list[ShopBasketPart], numbers: dict, user, guest_email: str, status=None
    ) -> list:
        """Create the Oscar order of each shop's lines (numbered by `numbers`, by shop id), in `parts` order, in
        `status` (the pipeline's first one by default), their lines too."""
        site = Site._default_manager.get_current()
        orders = [
            self._order_unsaved(
                basket=basket,
                part=part,
                number=numbers[part.shop.pk],
                user=user,
                guest_email=guest_email,
                site=site,
                status=status,
            )
            for part in parts
        ]
        Order.objects.bulk_create(orders)
        pairs = [
            (self._line_unsaved(order, basket_line, status=status), basket_line)
            for order, part in zip(orders, parts, strict=True)
            for basket_line in part.lines
        ]
        Line.objects.bulk_create([line for line, _basket_line in pairs])
        LinePrice.objects.bulk_create(
            [
                LinePrice(
                    order=line.order,
                    line=line,
                    quantity=quantity,
                    price_incl_tax=price_incl_tax,
                    price_excl_tax=price_excl_tax,
                    tax_code=basket_line.tax_code,
                )
                for line, basket_line in pairs
                for price_incl_tax, price_excl_tax, quantity in basket_line.get_price_breakdown()
            ]
        )
        attributes = [
            LineAttribute(line=line, option=attribute.option, type=attribute.option.code, value=attribute.value)
            for line, basket_line in pairs
            # Placement reads the attributes of the lines that have some (has_attributes) and only those.
            for attribute in (basket_line.attributes.all() if getattr(basket_line, "has_attributes", True) else ())
        ]
        if attributes:
            LineAttribute.objects.bulk_create(attributes)
        return orders

    def _order_unsaved(self, *, basket, part: ShopBasketPart, number: str, user, guest_email: str, site, status=None):
        """Oscar's create_order_model, without its save (no shipping address: the order is collected)."""
        method = PickupInStore()
        charge = method.calculate(part)
        total = OrderTotalCalculator().calculate(part, charge)
        # Labels stored on the order are read later by the shop, in the site's language.
        with translation.override(settings.LANGUAGE_CODE):
            method_name = str(method.name)
        order = Order(
            basket=basket,
            number=number,
            currency=total.currency,
            total_incl_tax=total.incl_tax,
            total_excl_tax=total.excl_tax,
            shipping_incl_tax=charge.incl_tax,
            shipping_excl_tax=charge.excl_tax,
            shipping_tax_code=charge.tax_code,
            shipping_method=method_name,
            shipping_code=method.code,
            site=site,
            # The instance, not its id: the emails read order.user (Oscar's order.email) for each order.
            user=user if user is not None and user.is_authenticated else None,
            **({"status": status} if (status := status or getattr(settings, "OSCAR_INITIAL_ORDER_STATUS", "")) else {}),
            **({"guest_email": guest_email} if guest_email else {}),
        )
        order.set_date_placed_default()
        return order

    def _line_unsaved(self, order, basket_line, status=None):
        """Oscar's create_line_models' line, without its save."""
        stockrecord = basket_line.stockrecord
        partner = stockrecord.partner
        product = basket_line.product
        return Line(
            order=order,
            partner=partner,
            partner_name=partner.name,
            partner_sku=stockrecord.partner_sku,
            stockrecord=stockrecord,
            product=product,
            title=product.get_title(),
            upc=product.upc,
            quantity=basket_line.quantity,
            line_price_excl_tax=basket_line.line_price_excl_tax_incl_discounts,
            line_price_incl_tax=basket_line.line_price_incl_tax_incl_discounts,
            line_price_before_discounts_excl_tax=basket_line.line_price_excl_tax,
            line_price_before_discounts_incl_tax=basket_line.line_price_incl_tax,
            unit_price_incl_tax=basket_line.unit_price_incl_tax,
            unit_price_excl_tax=basket_line.unit_price_excl_tax,
            tax_code=basket_line.tax_code,
            num_allocated=basket_line.quantity,
            **({"status": status} if (status := status or getattr(settings, "OSCAR_INITIAL_LINE_STATUS", "")) else {}),
        )
