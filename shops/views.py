from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from . import selectors


def directory(request):
    shops = Paginator(selectors.shop_list_public().order_by("name"), 24).get_page(request.GET.get("page"))
    return render(request, "shops/shop_list.html", {"shops": shops})


def storefront(request, slug):
    shop = get_object_or_404(selectors.shop_list_public(), slug=slug)
    products = selectors.product_list_for_shop(shop=shop)
    return render(request, "shops/shop.html", {"shop": shop, "products": products})
