"""Oscar's basket page, reading only what it shows."""

from oscar.apps.basket import views

from kernel.widgets import form_inputs_in_python
from orders.selectors.basket import basket_saved_has_lines


class BasketView(views.BasketView):
    """Oscar's basket page without its second read of the offers, of a shipping address, and of a
    "saved for later" basket that holds nothing."""

    def get_default_shipping_address(self):
        # Pickup replaces shipping: no address is ever asked, and Oscar's free method would not read it.
        return None

    def get_upsell_messages(self, basket):
        offers = getattr(basket, "offers_read", None)
        if offers is None:
            # A basket loaded again within the request (Oscar's AJAX update) or empty: Oscar reads them.
            return super().get_upsell_messages(basket)
        applied = list(basket.offer_applications.offers.values())
        return [
            {"message": offer.get_upsell_message(basket), "offer": offer}
            for offer in offers
            if offer.is_condition_partially_satisfied(basket) and offer not in applied
        ]

    def construct_formset(self):
        formset = super().construct_formset()
        for form in (formset.management_form, *formset.forms):
            form_inputs_in_python(form)
        return formset

    def get_context_data(self, **kwargs):
        """Oscar's BasketView.get_context_data (4.2), its saved basket read only when it holds a line:
        Oscar reads that basket, then its lines to find it empty, inside this method."""
        context = super(views.BasketView, self).get_context_data(**kwargs)
        basket = self.request.basket
        context["voucher_form"] = self.get_basket_voucher_form()
        context["shipping_methods"] = self.get_shipping_methods(basket)
        method = self.get_default_shipping_method(basket)
        context["shipping_method"] = method
        shipping_charge = method.calculate(basket)
        context["shipping_charge"] = shipping_charge
        if method.is_discounted:
            context["shipping_charge_excl_discount"] = method.calculate_excl_discount(basket)
        context["basket_warnings"] = self.get_basket_warnings(basket)
        context["upsell_messages"] = self.get_upsell_messages(basket)
        if self.request.user.is_authenticated and basket_saved_has_lines(owner=self.request.user):
            saved_formset = self._saved_formset()
            if saved_formset is not None:
                context["saved_formset"] = saved_formset
        surcharges = views.SurchargeApplicator(self.request, context).get_applicable_surcharges(
            basket, shipping_charge=shipping_charge
        )
        context["surcharges"] = surcharges
        context["order_total"] = views.OrderTotalCalculator().calculate(basket, shipping_charge, surcharges=surcharges)
        return context

    def _saved_formset(self):
        """Oscar's formset of the saved basket's lines; None if that basket went meanwhile or is empty."""
        try:
            saved_basket = self.basket_model.saved.get(owner=self.request.user)
        except self.basket_model.DoesNotExist:
            return None
        saved_basket.strategy = self.request.basket.strategy
        if saved_basket.is_empty:
            return None
        return views.SavedLineFormSet(
            strategy=self.request.strategy,
            basket=self.request.basket,
            queryset=saved_basket.all_lines(),
            prefix="saved",
        )
