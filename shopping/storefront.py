"""A shop's storefront: its hours, open or not, its first free pickup slot, its map and its products."""

from itertools import groupby

from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from kernel.cached_html import CSRF_PLACEHOLDER, cached_html, shared_page
from kernel.context_processors import map_tiles
from orders.slots.availability import pickup_note_today, slot_first_free_soon
from payments.selectors.accounts import shop_accepts_online_payment
from shops.models import Shop
from shops.selectors import products as product_selectors
from shops.selectors import public as selectors

# The key holds the catalogue version, so a change shows at once; the timeout only bounds what the
# version does not see (a category renamed, a product class given options).
PRODUCT_GRID_TIMEOUT = 60 * 60


def storefront(request, slug):
    # The same for every visitor (signed in or not): built once a minute per address and language, under
    # the public pages' version, as the whole-page cache keeps it for visitors who are not signed in.
    page = shared_page(
        request,
        name="storefront",
        vary=[slug],
        build=lambda: _storefront_page(request, slug),
    )
    return render(request, "shops/shop.html", {"page": page})


def _storefront_page(request, slug) -> dict:
    """The storefront's parts: its head's and content's HTML (with the CSRF placeholder), name and town."""
    try:
        shop = selectors.shop_get_public(slug=slug)
    except Shop.DoesNotExist as error:
        raise Http404 from error
    now = timezone.now()
    # The first slot with a place left, not merely the first the rules allow; the days looked at hold today's.
    first_free, days = slot_first_free_soon(shop=shop, now=now)
    context = {
        "shop": shop,
        "product_grid": _product_grid(request, shop=shop),
        "today": selectors.shop_today(shop=shop, now=now),
        "next_slot": first_free.slot if first_free else None,
        "pickup_note": pickup_note_today(shop=shop, days=days, now=now),
        "map_markers": selectors.shop_map_markers(shops=[shop]),
        "online_payment": shop_accepts_online_payment(shop=shop),
        # No context processors: nothing of the visitor goes in; the map's tiles are the site's.
        **map_tiles(request),
        "request": request,
        "csrf_token": CSRF_PLACEHOLDER,
    }
    return {
        "name": shop.name,
        "town": shop.town,
        "category": shop.category.name,
        "has_map": bool(shop.latitude and shop.longitude),
        "head": mark_safe(render_to_string("shops/includes/storefront_head.html", context)),  # noqa: S308
        "content": mark_safe(render_to_string("shops/includes/storefront.html", context)),  # noqa: S308
    }


def _product_grid(request, *, shop) -> str:
    """The shop's product cards grouped by category: rendered once per catalogue version and language,
    with the CSRF placeholder (the storefront's content puts the visitor's token in)."""
    # The version is read before the products: a change landing in between is cached under the older
    # version, which the next request no longer asks for, so it costs a render, never a stale grid.
    key = f"shops:product-grid:{shop.pk}:{get_language()}:{product_selectors.shop_catalogue_version(shop=shop)}"

    def sections() -> dict:
        named = sorted(
            ((product.category_name or "", product) for product in product_selectors.product_list_for_shop(shop=shop)),
            key=lambda pair: (pair[0], pair[1].title),
        )
        return {
            "sections": [
                (category, [product for _name, product in pairs])
                for category, pairs in groupby(named, key=lambda p: p[0])
            ]
        }

    return cached_html(
        request, key=key, template="shops/includes/product_grid.html", context=sections, timeout=PRODUCT_GRID_TIMEOUT
    )
