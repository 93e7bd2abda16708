from django import template

from orders.selectors.board import orders_new_count

register = template.Library()


@register.simple_tag(takes_context=True)
def pickup_board_new_count(context) -> int:
    """The dashboard menu's counter of new orders; the menu calls it only for shop users (one query)."""
    request = context.get("request")
    return orders_new_count(user=request.user) if request is not None else 0
