"""Oscar's basket middleware, loading the basket's lines with their shop, stock mode and product class."""

from oscar.apps.basket.middleware import Applicator
from oscar.apps.basket.middleware import BasketMiddleware as OscarBasketMiddleware

from orders.selectors.basket import basket_lines_query


class BasketMiddleware(OscarBasketMiddleware):
    """Oscar's middleware, whose full basket load (the basket page, the checkout) reads its lines in one query.

    Oscar's Basket.all_lines keeps whatever query is set on `_lines`: set here, before offers are applied,
    it is the only read of the lines for the whole request (Oscar's offers, the basket formset, the
    grouping by shop and the pricing strategy all reuse its rows).
    """

    def apply_offers_to_basket(self, request, basket):
        if basket.id is not None and basket._lines is None:
            lines = basket_lines_query(basket=basket)
            # Evaluated now: Oscar's emptiness test would otherwise COUNT the lines before reading them.
            len(lines)
            basket._lines = lines
        if not basket.is_empty:
            # Oscar's Applicator.apply, keeping the offers it read: the basket page's upsell messages are
            # about the same offers (oscar_apps/basket/views.py), which Oscar would read a second time.
            applicator = Applicator()
            basket.offers_read = applicator.get_offers(basket, request.user, request)
            applicator.apply_offers(basket, basket.offers_read)
