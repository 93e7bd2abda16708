from django.db.models import QuerySet

from .models import Shop


def shop_list_public() -> QuerySet[Shop]:
    """Shops shoppers may see: approved ones only."""
    return Shop.objects.filter(status=Shop.Status.APPROVED).select_related("category")


def shop_list_newest(*, limit: int) -> list[Shop]:
    """The most recently approved public shops, newest first."""
    return list(shop_list_public().order_by("-approved_at", "-pk")[:limit])


def product_list_for_shop(*, shop: Shop):
    """A public shop's public products, with what a product card needs, in one query each."""
    from oscar.core.loading import get_model

    Product = get_model("catalogue", "Product")
    return (
        # base_queryset annotates has_options; without it each card costs a query.
        Product.objects.browsable()
        .base_queryset()
        .filter(is_public=True, stockrecords__partner_id=shop.partner_id)
        .prefetch_related("categories")
        .order_by("title")
    )


def product_list_public():
    """Products of approved shops only, as shown in the catalogue."""
    from oscar.core.loading import get_model

    Product = get_model("catalogue", "Product")
    return (
        Product.objects.browsable()
        .base_queryset()
        .filter(is_public=True, stockrecords__partner__shop__status=Shop.Status.APPROVED)
    )
