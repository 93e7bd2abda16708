"""The product page: Oscar's view, limited to approved shops, with what the page shows fetched up front.

Oscar's view costs a query per thing the template asks for (product class, categories, images, the
stock record three times, attributes, reviews twice, wish lists twice, the stock alert,
recommendations, recently viewed products: 17 for a signed-in shopper) and shows a product of a
suspended shop as long as the product is public. Here the product row carries counts and flags as
annotations; what it has (images, stock record with its shop) comes in one query each;
reviews, attributes and wish lists are fetched only when there is something to show. The template
(templates/oscar/catalogue/detail.html) reads these instead of Oscar's per-row helpers.
"""

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.http import Http404
from oscar.apps.catalogue.views import ProductDetailView as OscarProductDetailView
from oscar.core.loading import get_model

from shops.selectors.products import product_list_for_page, product_page_visible

WishListLine = get_model("wishlists", "Line")

# The page lists this many reviews and links to the full list beyond.
REVIEWS_SHOWN = 3


class ProductDetailView(OscarProductDetailView):
    """Oscar's product page for products of approved shops only (404 otherwise, staff included)."""

    def get_queryset(self):
        return product_list_for_page(user=self.request.user)

    def get_object(self, queryset=None):
        if not hasattr(self, "object"):
            product = super().get_object(queryset)
            if not product_page_visible(product=product, user=self.request.user):
                raise Http404
            self.object = product
        return self.object

    def send_signal(self, request, response, product):
        """Nothing: product_viewed's receivers would count the view (analytics receivers are off, see
        oscar_apps.analytics) and set a "recently viewed" cookie no page shows, which
        would also make every product page personal and never cached (kernel.page_cache)."""

    def get_alert_status(self):
        return getattr(self.object, "user_has_alert", False)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        product = self.object
        user = self.request.user
        stockrecords = list(product.stockrecords.all())
        context["shop"] = stockrecords[0].partner.shop if stockrecords else None
        context["attribute_values"] = (
            list(product.get_attribute_values().select_related("attribute", "value_option"))
            if product.has_attribute_values
            else []
        )
        # Oscar's rule (Product.is_review_permitted): one review per user, anonymous ones if allowed.
        if user.is_authenticated:
            context["review_permitted"] = not product.user_has_review
        else:
            context["review_permitted"] = settings.OSCAR_ALLOW_ANON_REVIEWS
        context["reviews"] = (
            list(product.reviews.approved().select_related("user").order_by("-date_created", "-pk")[:REVIEWS_SHOWN])
            if product.num_reviews
            else []
        )
        context["wishlists"] = (
            list(
                user.wishlists.annotate(
                    has_product=Exists(WishListLine.objects.filter(wishlist=OuterRef("pk"), product=product))
                ).order_by("date_created", "pk")
            )
            if user.is_authenticated and product.user_wishlist_count
            else []
        )
        return context
