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
from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce
from oscar.apps.catalogue.views import ProductDetailView as OscarProductDetailView
from oscar.core.loading import get_model

from .models import Shop

Option = get_model("catalogue", "Option")
Product = get_model("catalogue", "Product")
ProductAttributeValue = get_model("catalogue", "ProductAttributeValue")
ProductAlert = get_model("customer", "ProductAlert")
ProductReview = get_model("reviews", "ProductReview")
StockRecord = get_model("partner", "StockRecord")
WishList = get_model("wishlists", "WishList")
WishListLine = get_model("wishlists", "Line")

# The page lists this many reviews and links to the full list beyond.
REVIEWS_SHOWN = 3


def _count(queryset, field: str) -> Coalesce:
    """A correlated COUNT(*) of `queryset` grouped on `field`, 0 when empty."""
    counted = queryset.order_by().values(field).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def product_list_for_page(*, user):
    """Products whose page may be shown: sold by an approved shop (a parent: one of its children is).

    Each carries num_reviews, has_attribute_values and, for a signed-in user, user_has_review,
    user_has_alert and user_wishlist_count; its stock records (with partner and shop) and images
    are prefetched.
    """
    sold_by_approved = StockRecord.objects.filter(partner__shop__status=Shop.Status.APPROVED)
    approved_reviews = ProductReview.objects.filter(product=OuterRef("pk"), status=ProductReview.APPROVED)
    products = (
        Product.objects.filter(
            Exists(sold_by_approved.filter(product=OuterRef("pk")))
            | Exists(sold_by_approved.filter(product__parent=OuterRef("pk")))
        )
        .select_related("product_class", "parent__product_class")
        .annotate(
            num_reviews=_count(approved_reviews, "product"),
            # Product.has_options reads these two; without them the basket form costs a query.
            has_product_class_options=Exists(Option.objects.filter(productclass=OuterRef("product_class"))),
            has_product_options=Exists(Option.objects.filter(product=OuterRef("pk"))),
            has_attribute_values=Exists(
                ProductAttributeValue.objects.filter(Q(product=OuterRef("pk")) | Q(product=OuterRef("parent")))
            ),
        )
        .prefetch_related(
            Prefetch("stockrecords", queryset=StockRecord.objects.select_related("partner__shop")),
            "images",
        )
    )
    if user.is_authenticated:
        products = products.annotate(
            user_has_review=Exists(ProductReview.objects.filter(product=OuterRef("pk"), user=user)),
            user_has_alert=Exists(
                ProductAlert.objects.filter(product=OuterRef("pk"), user=user, status=ProductAlert.ACTIVE)
            ),
            user_wishlist_count=_count(WishList.objects.filter(owner=user), "owner"),
        )
    return products


class ProductDetailView(OscarProductDetailView):
    """Oscar's product page for products of approved shops only (404 otherwise, staff included)."""

    def get_queryset(self):
        return product_list_for_page(user=self.request.user)

    def send_signal(self, request, response, product):
        """Nothing: product_viewed's receivers would count the view (analytics receivers are off, see
        marketplace.oscar_apps.analytics) and set a "recently viewed" cookie no page shows, which
        would also make every product page personal and never cached (marketplace.page_cache)."""

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
