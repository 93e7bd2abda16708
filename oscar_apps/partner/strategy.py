"""Pricing for a French marketplace: prices are entered and shown with tax (TTC)."""

from oscar.apps.partner import availability, prices, strategy

from shops.models import StockMode, stockrecord_mode
from shops.selectors.visibility import shop_sells_to

from .availability import AlwaysAvailable, OnRequest, ShopStock
from .tva import split_ttc


class TTCPricing:
    """Reads the stock record's price as TTC and splits it with the record's own TVA rate."""

    def pricing_policy(self, product, stockrecord):
        if not stockrecord or stockrecord.price is None:
            return prices.Unavailable()
        net, tax = split_ttc(price_ttc=stockrecord.price, rate_percent=stockrecord.tva_rate)
        return prices.FixedPrice(currency=stockrecord.price_currency, excl_tax=net, tax=tax)

    def parent_pricing_policy(self, product, children_stock):
        stockrecords = [sr for _child, sr in children_stock if sr is not None]
        if not stockrecords:
            return prices.Unavailable()
        return self.pricing_policy(product, stockrecords[0])


class ShopStockRequired(strategy.StockRequired):
    """Stock is required; shoppers see "en stock", "plus que N" or "épuisé"."""

    def availability_policy(self, product, stockrecord):
        if not stockrecord:
            return availability.Unavailable()
        mode = stockrecord_mode(stockrecord)
        if mode == StockMode.Mode.ALWAYS:
            return AlwaysAvailable()
        if mode == StockMode.Mode.ON_REQUEST:
            return OnRequest()
        if not self._track_stock(product):
            return availability.Available()
        return ShopStock(stockrecord.net_stock_level)

    def _track_stock(self, product) -> bool:
        if product.is_child:
            product = product.parent
        if "product_class" in product._state.fields_cache or product.product_class_id is None:
            return product.get_product_class().track_stock
        # A basket's lines share a few product classes: one query each per request, not one per line.
        known = self.__dict__.setdefault("_track_stock_by_class", {})
        if product.product_class_id not in known:
            known[product.product_class_id] = product.get_product_class().track_stock
        return known[product.product_class_id]


class ApprovedShopStockRecord(strategy.UseFirstStockRecord):
    """The product's one stock record, if its shop is approved: a suspended shop sells nothing, and a
    business-only channel sells to verified businesses only (shops.selectors.visibility)."""

    def __init__(self, request=None, user=None):
        super().__init__(request)
        self.buyer = user if user is not None else getattr(request, "user", None)

    def select_stockrecord(self, product):
        stockrecord = super().select_stockrecord(product)
        if stockrecord is None or not self._shop_approved(stockrecord):
            return None
        return stockrecord

    def fetch_for_line(self, line, stockrecord=None):
        # The line's stock record comes loaded with the line (Oscar's all_lines): checked like
        # select_stockrecord would, without reading the product's stock records again.
        stockrecord = stockrecord or (line.stockrecord if line.stockrecord_id else None)
        if stockrecord is not None and stockrecord.product_id == line.product_id and self._shop_approved(stockrecord):
            return self.fetch_for_product(line.product, stockrecord=stockrecord)
        return self.fetch_for_product(line.product)

    def _shop_approved(self, stockrecord) -> bool:
        if "partner" in stockrecord._state.fields_cache:
            return shop_sells_to(shop=getattr(stockrecord.partner, "shop", None), user=self.buyer)
        # One query per shop per request (this strategy lives as long as the request).
        known = self.__dict__.setdefault("_approved_by_partner", {})
        if stockrecord.partner_id not in known:
            from shops.models import Shop

            shop = Shop.objects.filter(partner_id=stockrecord.partner_id).first()
            known[stockrecord.partner_id] = shop_sells_to(shop=shop, user=self.buyer)
        return known[stockrecord.partner_id]


class FrenchRetail(ApprovedShopStockRecord, ShopStockRequired, TTCPricing, strategy.Structured):
    """One stock record per product (one shop, approved), stock required, prices TTC."""

    def fetch_for_product(self, product, stockrecord=None):
        """Oscar's purchase info, worked out once per product object: a product card asks for it
        twice (its price and stock, then its add-to-basket form). Keyed on the object itself, not its
        id, so a product read again (after a write, by a placement) is worked out again."""
        kept = self.__dict__.setdefault("_purchase_info", {})
        key = (id(product), stockrecord.pk if stockrecord is not None else None)
        found = kept.get(key)
        if found is not None and found[0] is product:
            return found[1]
        info = super().fetch_for_product(product, stockrecord=stockrecord)
        kept[key] = (product, info)
        return info


class Selector:
    def strategy(self, request=None, user=None, **kwargs):
        return FrenchRetail(request, user=user)
