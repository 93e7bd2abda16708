"""Oscar's basket page, reading only what it shows."""

from oscar.apps.basket import views

from kernel.widgets import form_inputs_in_python


class BasketView(views.BasketView):
    """Oscar's basket page without its second read of the offers, nor a read of a shipping address."""

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
