from itertools import groupby

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from . import selectors
from .models import Shop


def directory(request):
    shops = Paginator(selectors.shop_list_public().order_by("name"), 24).get_page(request.GET.get("page"))
    return render(request, "shops/shop_list.html", {"shops": shops})


def storefront(request, slug):
    try:
        shop = selectors.shop_get_public(slug=slug)
    except Shop.DoesNotExist as error:
        raise Http404 from error
    products = list(selectors.product_list_for_shop(shop=shop))
    sections = [
        (category, list(items))
        for category, items in groupby(
            sorted(products, key=lambda p: (_category_name(p), p.title)), key=_category_name
        )
    ]
    context = {"shop": shop, "sections": sections, "today": selectors.shop_today(shop=shop)}
    return render(request, "shops/shop.html", context)


def _category_name(product) -> str:
    categories = product.categories.all()
    return categories[0].name if categories else ""
