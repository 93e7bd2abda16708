from dataclasses import dataclass, field
from decimal import Decimal

from django import template
from django.db.models import prefetch_related_objects

from orders.selectors.basket import basket_lines_by_shop
from orders.slots.availability import SlotAvailability, slots_first_free_soon
from shops.models import Shop

register = template.Library()


@dataclass
class BasketShopGroup:
    """One shop's lines on the basket page: their forms (with the formset index Oscar's JS needs), subtotal,
    and the first pickup time still free."""

    shop: Shop
    forms: list = field(default_factory=list)
    first_free: SlotAvailability | None = None

    @property
    def subtotal(self) -> Decimal:
        return sum((form.instance.line_price_incl_tax or Decimal(0) for _index, form in self.forms), Decimal(0))


@register.simple_tag
def basket_by_shop(formset) -> list[BasketShopGroup]:
    """The basket formset's forms grouped by shop, in basket order (two queries plus the slot counters)."""
    # Oscar reads each line's product class again (shipping, stock): one query for all of them.
    prefetch_related_objects([form.instance.product for form in formset], "product_class", "parent__product_class")
    index_of = {form.instance.pk: index for index, form in enumerate(formset)}
    form_of = {form.instance.pk: form for form in formset}
    groups = [
        BasketShopGroup(shop=shop, forms=[(index_of[line.pk], form_of[line.pk]) for line in lines])
        for shop, lines in basket_lines_by_shop(lines=[form.instance for form in formset])
    ]
    first_free, _days = slots_first_free_soon(shops=[group.shop for group in groups])
    for group in groups:
        group.first_free = first_free[group.shop.pk]
    return groups
