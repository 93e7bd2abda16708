"""Pricing for a French marketplace: prices are entered and shown with tax (TTC)."""

from oscar.apps.partner import availability, prices, strategy

from .availability import ShopStock
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
        if not product.get_product_class().track_stock:
            return availability.Available()
        return ShopStock(stockrecord.net_stock_level)


class ApprovedShopStockRecord(strategy.UseFirstStockRecord):
    """The product's one stock record, if its shop is approved: a suspended shop sells nothing."""

    def select_stockrecord(self, product):
        stockrecord = super().select_stockrecord(product)
        if stockrecord is None:
            return None
        shop = getattr(stockrecord.partner, "shop", None)
        if shop is None or shop.status != "approved":
            return None
        return stockrecord


class FrenchRetail(ApprovedShopStockRecord, ShopStockRequired, TTCPricing, strategy.Structured):
    """One stock record per product (one shop, approved), stock required, prices TTC."""


class Selector:
    def strategy(self, request=None, user=None, **kwargs):
        return FrenchRetail(request)
