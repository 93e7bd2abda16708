from oscar.apps.dashboard.catalogue import formsets
from oscar.core.loading import get_class

partner_product_visibility_q = get_class("dashboard.catalogue.utils", "partner_product_visibility_q")


class ProductRecommendationFormSet(formsets.ProductRecommendationFormSet):
    """A shopkeeper recommends only their own shop's products.

    Oscar accepts any product id here, and shows recommendations without checking they are public:
    another shop's unpublished product could be put on display.
    """

    def __init__(self, product_class, user, *args, **kwargs):
        self.user = user
        super().__init__(product_class, user, *args, **kwargs)

    def _construct_form(self, i, **kwargs):
        return self._restricted(super()._construct_form(i, **kwargs))

    @property
    def empty_form(self):
        return self._restricted(super().empty_form)

    def _restricted(self, form):
        if not self.user.is_staff and "recommendation" in form.fields:
            field = form.fields["recommendation"]
            field.queryset = field.queryset.filter(partner_product_visibility_q(self.user)).distinct()
        return form


class ProductCategoryFormSet(formsets.ProductCategoryFormSet):
    """A shopkeeper's new product starts in their shop's own category (Oscar leaves the choice blank).

    Any category may still be chosen; the product view asks before saving one foreign to the shop.
    """

    def __init__(self, product_class, user, *args, **kwargs):
        super().__init__(product_class, user, *args, **kwargs)
        if self.is_bound or user.is_staff or not self.forms:
            return
        if self.instance.pk is not None and self.instance.categories.exists():
            return
        from shops.access import shop_of_user
        from shops.product_categories import shop_catalogue_category

        shop = shop_of_user(user)
        category = shop_catalogue_category(shop=shop) if shop is not None else None
        if category is not None:
            # As Oscar's StockRecordFormSet presets the partner: on the field of the first form only.
            self.forms[0].fields["category"].initial = category.pk
