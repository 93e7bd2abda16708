"""The shop directory: approved shops filtered from the URL, nearest first, as a list or a map."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from orders.slots.availability import shops_with_free_slot_today
from shops.models import ShopCategory
from shops.nearby import nearby_remember
from shops.selectors import public as selectors
from shops.selectors.directory import DirectoryQuery, NearestFirst, directory_shops

from .forms import DirectoryForm

SHOPS_PER_PAGE = 24


def directory(request):
    def filters() -> DirectoryForm:
        return DirectoryForm(
            request.GET or None,
            towns=selectors.shop_towns_public(),
            categories=list(ShopCategory.objects.all()),
        )

    # Filters asked for decide the list, the title and the place remembered: read now. Without any, the
    # form is read only when rendered, not when it comes from the cache with the list.
    form = filters() if request.GET else SimpleLazyObject(filters)
    query = DirectoryQuery()
    remembered = {}
    if request.GET and form.is_valid():
        data = form.cleaned_data
        query = DirectoryQuery(
            q=data["q"].strip(),
            town=data["town"],
            category=data["category"],
            open_now=data["open_now"],
            pickup_today=data["pickup_today"],
            origin=form.origin(),
        )
        remembered = {"town": data["near"], "lat": data["lat"], "lng": data["lng"]}

    def listing():
        now = timezone.now()
        shops = directory_shops(query=query, now=now)
        if query.pickup_today:
            shops = shops_with_free_slot_today(shops=shops, now=now)
        elif query.origin:
            shops = NearestFirst(shops, origin=query.origin)
        return Paginator(shops, SHOPS_PER_PAGE).get_page(request.GET.get("page"))

    # Read only when the list is rendered, not when it comes from the cache (templates/shops/shop_list.html).
    page = SimpleLazyObject(listing)
    params = request.GET.copy()
    params.pop("page", None)
    show_map = params.pop("view", [""])[-1] == "map"
    context = {
        "form": form,
        "shops": page,
        "query": query,
        "show_map": show_map,
        "querystring_without_view": params.urlencode(),
        # The map view reads the list on every request: its markers go to the browser as JSON.
        "map_markers": selectors.shop_map_markers(shops=page) if show_map else [],
        # What the kept list varies on besides the language, the public pages' version and the minute.
        "listing_key": request.GET.urlencode(),
    }
    if show_map:
        params["view"] = "map"
    context["querystring"] = params.urlencode()
    response = render(request, "shops/shop_list.html", context)
    nearby_remember(response, **remembered)
    return response
