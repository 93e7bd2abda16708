"""Blocks that show the marketplace as it is when the page is served: shops, products, categories.

Each reads its objects at render time (the page cache renews cached pages on any change to shops,
products or stock). A block whose shop is no longer approved, or whose product was deleted or can no
longer be bought, renders nothing for shoppers and a warning in the editor's preview; the page still
publishes.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from shops.territory import TOWN_CHOICES

from .. import selectors
from ..choosers import category_chooser, product_chooser, shop_category_chooser, shop_chooser

ShopChooserBlock = shop_chooser.get_block_class(name="ShopChooserBlock", module_path="editorial.blocks.live")
ShopCategoryChooserBlock = shop_category_chooser.get_block_class(
    name="ShopCategoryChooserBlock", module_path="editorial.blocks.live"
)
ProductChooserBlock = product_chooser.get_block_class(name="ProductChooserBlock", module_path="editorial.blocks.live")
CategoryChooserBlock = category_chooser.get_block_class(
    name="CategoryChooserBlock", module_path="editorial.blocks.live"
)

MAX_ITEMS = 24


def _is_preview(parent_context) -> bool:
    request = (parent_context or {}).get("request")
    return bool(getattr(request, "is_preview", False))


class ShopCardBlock(blocks.StructBlock):
    """One shop: open now or not, its next free pickup slot, a link to its storefront."""

    shop = ShopChooserBlock(label=_("Boutique"))

    class Meta:
        label = _("Boutique")
        icon = "home"
        template = "blocks/shop.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["card"] = selectors.shop_card(shop=value.get("shop"))
        context["is_preview"] = _is_preview(parent_context)
        return context


class ProductCardBlock(blocks.StructBlock):
    """One product: its picture, price TTC, stock and the add-to-basket button."""

    product = ProductChooserBlock(label=_("Produit"))

    class Meta:
        label = _("Produit")
        icon = "pick"
        template = "blocks/product.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        chosen = value.get("product")
        request = (parent_context or {}).get("request")
        context["products"] = selectors.products_for_sale(ids=[chosen.pk] if chosen else [], request=request)
        context["chosen"] = chosen
        context["is_preview"] = _is_preview(parent_context)
        return context


class ShopListBlock(blocks.StructBlock):
    """Shops of a town and/or a category: nearest to the visitor's town first, or newest first."""

    title = blocks.CharBlock(label=_("Titre"), required=False)
    town = blocks.ChoiceBlock(choices=[(town, town) for town in TOWN_CHOICES], label=_("Commune"), required=False)
    category = ShopCategoryChooserBlock(label=_("Catégorie"), required=False)
    count = blocks.IntegerBlock(label=_("Nombre au plus"), default=6, min_value=1, max_value=MAX_ITEMS)
    order = blocks.ChoiceBlock(
        choices=[("near", _("Les plus proches du visiteur")), ("newest", _("Les plus récentes"))],
        default="near",
        label=_("Ordre"),
    )

    class Meta:
        label = _("Liste de boutiques")
        icon = "list-ul"
        template = "blocks/shop_list.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["shops"] = selectors.shop_list_for_block(
            town=value.get("town") or "",
            category=value.get("category"),
            limit=value.get("count") or 6,
            nearest=value.get("order") != "newest",
            request=(parent_context or {}).get("request"),
        )
        context["is_preview"] = _is_preview(parent_context)
        return context


class ProductListBlock(blocks.StructBlock):
    """Products chosen one by one, then, up to the count, the newest of a category."""

    title = blocks.CharBlock(label=_("Titre"), required=False)
    products = blocks.ListBlock(ProductChooserBlock(label=_("Produit")), label=_("Produits choisis"), min_num=0)
    category = CategoryChooserBlock(label=_("Catégorie de produits"), required=False)
    count = blocks.IntegerBlock(label=_("Nombre au plus"), default=8, min_value=1, max_value=MAX_ITEMS)

    class Meta:
        label = _("Liste de produits")
        icon = "list-ul"
        template = "blocks/product_list.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        chosen = [product for product in value.get("products") or [] if product is not None]
        context["products"] = selectors.product_list_for_block(
            ids=[product.pk for product in chosen],
            category=value.get("category"),
            limit=value.get("count") or 8,
            request=(parent_context or {}).get("request"),
        )
        context["missing"] = len(value.get("products") or []) - len(
            [p for p in context["products"] if p.pk in {c.pk for c in chosen}]
        )
        context["is_preview"] = _is_preview(parent_context)
        return context


class CategoryLinkBlock(blocks.StructBlock):
    """A link to a category of the catalogue, with its name or the editor's words."""

    category = CategoryChooserBlock(label=_("Catégorie de produits"))
    text = blocks.CharBlock(label=_("Texte du lien"), required=False)

    class Meta:
        label = _("Lien vers une catégorie")
        icon = "link"
        template = "blocks/category_link.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["is_preview"] = _is_preview(parent_context)
        return context
