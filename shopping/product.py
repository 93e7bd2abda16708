"""The product page: Oscar's view, limited to approved shops, its content built once for every visitor.

Oscar's view costs a query per thing the template asks for (product class, categories, images, the
stock record three times, attributes, reviews twice, wish lists twice, the stock alert,
recommendations, recently viewed products: 17 for a signed-in shopper) and shows a product of a
suspended shop as long as the product is public. Here the product row carries counts and flags as
annotations; what it has (images, stock record with its shop) comes in one query each; reviews and
attributes are fetched only when there is something to show.

The content is the same for every visitor who may see the product: it is rendered without the visitor
(templates/oscar/catalogue/partials/product_page.html) and, for a product everybody may see, kept once a
minute per address and language under the public pages' version (kernel.cached_html.shared_page), as
the whole-page cache keeps the page for visitors who are not signed in. The visitor's own parts (the
staff's edit link, the review button, the stock alert, the wish lists) are put in on each request
(templates/oscar/catalogue/personal/), from one query for a signed-in visitor.
"""

from functools import cache

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from oscar.apps.catalogue.views import ProductDetailView as OscarProductDetailView
from oscar.core.loading import get_class

from kernel.cached_html import CSRF_PLACEHOLDER, PageAnswered, personal_put, shared_page
from shops.selectors.products import (
    product_list_for_page,
    product_page_visible,
    product_visitor_facts,
    product_wishlists,
)

ProductAlertForm = get_class("customer.forms", "ProductAlertForm")

# The page lists this many reviews and links to the full list beyond.
REVIEWS_SHOWN = 3


class ProductDetailView(OscarProductDetailView):
    """Oscar's product page for products of approved shops only (404 otherwise, staff included).

    Oscar's product_viewed signal is not sent: its receivers would count the view (analytics receivers
    are off, see oscar_apps.analytics) and set a "recently viewed" cookie no page shows, which would
    also make every product page personal and never cached (kernel.page_cache)."""

    def get_queryset(self):
        return product_list_for_page()

    def get_object(self, queryset=None):
        if not hasattr(self, "object"):
            product = super().get_object(queryset)
            if not product_page_visible(product=product, user=self.request.user):
                raise Http404
            self.object = product
        return self.object

    def get(self, request, *args, **kwargs):
        try:
            page = shared_page(request, name="product", vary=[request.path], build=self._page)
        except PageAnswered as answered:
            return answered.response
        context = {"page": page, "content": personal_put(page["content"], self._personal_parts(page))}
        return render(request, "oscar/catalogue/detail.html", context)

    def _page(self) -> dict:
        """The page's parts for every visitor, read and rendered (a miss of shared_page)."""
        request = self.request
        product = self.get_object()
        if redirect := self.redirect_if_necessary(request.path, product):
            raise PageAnswered(redirect)
        if not self.is_viewable(product, request):
            raise Http404
        records = list(product.stockrecords.all())
        shop = records[0].partner.shop if records else None
        context = {
            "product": product,
            "shop": shop,
            "attribute_values": (
                list(product.get_attribute_values().select_related("attribute", "value_option"))
                if product.has_attribute_values
                else []
            ),
            "reviews": (
                list(product.reviews.approved().select_related("user").order_by("-date_created", "-pk")[:REVIEWS_SHOWN])
                if product.num_reviews
                else []
            ),
            # No context processors: nothing of the visitor goes in. The request is there for the pricing
            # strategy (Oscar's purchase_info_for_product), the same for every visitor of a public shop.
            "request": request,
            "csrf_token": CSRF_PLACEHOLDER,
        }
        anonymous = AnonymousUser()
        category = None if shop else product.get_categories().first()
        return {
            # Kept for everybody only if everybody may see it: not a hidden product staff look at, nor one
            # of a business-only channel (shops.selectors.visibility).
            "private": not (
                self.is_viewable(product, _AnonymousRequest) and product_page_visible(product=product, user=anonymous)
            ),
            "pk": product.pk,
            "slug": product.slug,
            "name": product.get_title(),
            "title": product.get_meta_title(),
            "shop_name": shop.name if shop else "",
            "shop_town": shop.town if shop else "",
            "shop_url": shop.get_absolute_url() if shop and not shop.business_only else "",
            "business_only": bool(shop and shop.business_only),
            "categories": (
                [(ancestor.get_absolute_url(), ancestor.name) for ancestor in category.get_ancestors_and_self()]
                if category
                else []
            ),
            "content": mark_safe(render_to_string("oscar/catalogue/partials/product_page.html", context)),  # noqa: S308
        }

    def _personal_parts(self, page: dict) -> dict:
        """The visitor's own parts of the page, each rendered only where the content has its mark."""
        request, user = self.request, self.request.user
        product = {"pk": page["pk"], "slug": page["slug"]}

        @cache
        def facts() -> dict:
            if not user.is_authenticated:
                return {"has_review": not settings.OSCAR_ALLOW_ANON_REVIEWS, "has_alert": False, "wishlist_count": 0}
            return product_visitor_facts(product_id=page["pk"], user=user)

        @cache
        def token() -> str:
            # One masking of the visitor's secret for all their parts (each costs two random strings).
            return get_token(request)

        def wishlists() -> list:
            return product_wishlists(product_id=page["pk"], user=user)

        def part(name: str, values=dict, shown=True):
            def rendered() -> str:
                if not shown:
                    # Nothing to show this visitor: no template to render.
                    return ""
                context = {"product": product, "user": user, "csrf_token": token(), **values()}
                return render_to_string(f"oscar/catalogue/personal/{name}.html", context)

            return rendered

        return {
            "staff": part("staff", shown=user.is_staff),
            # Oscar's rule (Product.is_review_permitted): one review per user, anonymous ones if allowed.
            "review_button": part("review_button", lambda: {"review_permitted": not facts()["has_review"]}),
            "first_review": part("first_review", lambda: {"review_permitted": not facts()["has_review"]}),
            "alert": part(
                "alert",
                lambda: {
                    "has_active_alert": facts()["has_alert"],
                    "alert_form": ProductAlertForm(user=user, product=None),
                },
            ),
            "wishlists": part(
                "wishlists",
                lambda: {"wishlists": wishlists() if facts()["wishlist_count"] else []},
                shown=user.is_authenticated,
            ),
        }


class _AnonymousRequest:
    """What Oscar's is_viewable reads of a request, for a visitor who is not signed in."""

    user = AnonymousUser()
