"""Pricing for a French marketplace: prices are entered and shown with tax (TTC)."""

from oscar.apps.partner import prices, strategy

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


class FrenchRetail(strategy.UseFirstStockRecord, strategy.StockRequired, TTCPricing, strategy.Structured):
    """One stock record per product (one shop), stock required, prices TTC."""


class Selector:
    def strategy(self, request=None, user=None, **kwargs):
        return FrenchRetail(request)
