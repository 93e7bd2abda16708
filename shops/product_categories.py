"""Which catalogue categories belong to a shop: the one named after its kind (Boulangerie…) and the ones below it.

A product filed under another kind's category shows under that kind's heading on the shop's storefront
(an épicerie's rice under "Boulangerie"): the product form starts from the shop's own category and asks
before saving a foreign one.
"""

from oscar.core.loading import get_model

from shops.models import Shop


def shop_catalogue_category(*, shop: Shop):
    """The catalogue category named like the shop's kind, or None when the catalogue has none yet."""
    Category = get_model("catalogue", "Category")
    return Category.objects.filter(name=shop.category.name).order_by("depth", "path").first()


def categories_foreign_to_shop(*, shop: Shop, categories) -> list:
    """The categories outside the shop's own one and its subcategories; none when the shop's has no counterpart."""
    own = shop_catalogue_category(shop=shop)
    if own is None:
        return []
    # Treebeard's materialised paths: a subcategory's path starts with its parent's.
    return [category for category in categories if not category.path.startswith(own.path)]
