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
