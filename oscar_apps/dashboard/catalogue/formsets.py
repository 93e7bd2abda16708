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
