"""Template helpers of the shopper's order pages (orders/shopper): a status in words, the link to an order."""

from django import template

from orders.models import order_status_label as _order_status_label
from orders.selectors.shopper import order_page_path

register = template.Library()


@register.filter
def order_status_label(status: str) -> str:
    """The label of an order status code (orders.models.order_status_label)."""
    return _order_status_label(status)


@register.simple_tag(takes_context=True)
def order_page_url(context, order) -> str:
    """The order's page for the visitor: in "Mes commandes" if it is theirs, else through its signed link."""
    request = context.get("request")
    return order_page_path(order=order, user=getattr(request, "user", None))


@register.filter
def order_payment_label(order) -> str:
    """What became of an order paid online ("" when it is paid at pickup)."""
    from orders.services.payment_records import order_payment_label as label

    return label(order=order)


@register.filter
def line_handed_quantity(line) -> int:
    """The units of a collected order's line the shopper took (all of them unless handed over partially)."""
    from orders.services.handover import line_handed_quantity as handed

    return handed(line)


@register.filter
def order_handover(order) -> dict | None:
    """A partial handover's summary ({"total": amount for what was handed over}), None for a whole one."""
    from orders.services.handover import order_handed_over_total, order_is_partially_handed_over

    if not order_is_partially_handed_over(order=order):
        return None
    return {"total": order_handed_over_total(order=order)}
