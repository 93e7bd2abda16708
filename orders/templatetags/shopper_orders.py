"""Template helpers of the shopper's order pages (orders/shopper): a status in words, the link to an order."""

from django import template

from orders.models import OrderStatus
from orders.shopper.selectors import order_page_path

register = template.Library()


@register.filter
def order_status_label(status: str) -> str:
    """The French label of an order status code (OrderStatus), the code itself if it is not one of ours."""
    return OrderStatus(status).label if status in OrderStatus.values else status


@register.simple_tag(takes_context=True)
def order_page_url(context, order) -> str:
    """The order's page for the visitor: in "Mes commandes" if it is theirs, else through its signed link."""
    request = context.get("request")
    return order_page_path(order=order, user=getattr(request, "user", None))
