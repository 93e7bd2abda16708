"""Sitemap sections of the storefronts and of the products shoppers can reach (approved shops only)."""

from django.db.models import Exists, OuterRef, Q
from oscar.core.loading import get_model

from kernel.sitemaps import RequestSitemap

from .models import Shop
from .selectors.visibility import shop_public_q


class ShopSitemap(RequestSitemap):
    changefreq = "daily"

    def items(self):
        return Shop.objects.filter(shop_public_q()).only("slug", "updated_at").order_by("pk")

    def lastmod(self, shop):
        return shop.updated_at


class ProductSitemap(RequestSitemap):
    changefreq = "daily"

    def items(self):
        Product = get_model("catalogue", "Product")
        StockRecord = get_model("partner", "StockRecord")
        sold = StockRecord.objects.filter(shop_public_q("partner__shop__"))
        # A parent product is sold through its children's stock records.
        return (
            Product.objects.browsable()
            .filter(is_public=True)
            .filter(
                Q(Exists(sold.filter(product=OuterRef("pk")))) | Q(Exists(sold.filter(product__parent=OuterRef("pk"))))
            )
            .only("pk", "slug", "date_updated", "structure", "parent_id")
            .order_by("pk")
        )

    def lastmod(self, product):
        return product.date_updated
