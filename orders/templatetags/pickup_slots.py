from django import template

from orders.slots.availability import slot_first_free_soon

register = template.Library()


@register.simple_tag
def shop_next_free_slot(shop):
    """The shop's first pickup slot that still takes an order, or None (3 queries at most).

    For templates of other apps (the editorial site's shop blocks), which may not import orders:
    "free" counts the bookings, which only orders knows.
    """
    first, _days = slot_first_free_soon(shop=shop)
    return first.slot if first else None
