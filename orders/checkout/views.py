"""The shopper's checkout: one page (basket by shop, identity, a slot per shop, payment), then a confirmation."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.core.signing import BadSignature, Signer
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views import View

from orders.exceptions import PlacementError
from orders.models import OrderStatus
from orders.selectors.basket import basket_sections, order_list_for_basket, placed_basket_id_of
from orders.services import PAYMENT_AT_PICKUP, Customer, order_place_for_basket
from orders.services.online import order_place_paid_online
from orders.services.placement import PAYMENT_ONLINE

from .forms import GuestForm, SlotChoiceForm
from .payment import card_setup_of_session, csp_allow_stripe, online_payment_context, payment_hold_remember

# The basket a shopper placed: the confirmation (and any retry) reads its orders, nobody else's.
SESSION_PLACED_BASKET = "pickup_checkout_placed_basket"
# How long a signed-in shopper's resubmit of an emptied basket still shows the order just placed.
RESUBMIT_WINDOW = timedelta(minutes=15)


def placed_basket_id(request) -> int | None:
    """The basket this browser placed, if any: from the session, else from what the browser still carries.

    Duplicate submits travel in parallel: those that arrive once the first is committed find the basket
    submitted, and may come before the first one's session is saved, or (a guest's first submit) with no
    session at all. A guest's basket cookie still names the placed basket (signed, so nobody else's); a
    signed-in shopper's latest placement is theirs.
    """
    placed = request.session.get(SESSION_PLACED_BASKET)
    if placed:
        return placed
    if request.user.is_authenticated:
        return placed_basket_id_of(owner=request.user, since=timezone.now() - RESUBMIT_WINDOW)
    try:
        basket_id = int(Signer().unsign(request.COOKIES.get(settings.OSCAR_BASKET_COOKIE_OPEN, "")))
    except (BadSignature, ValueError):
        return None
    return placed_basket_id_of(basket_id=basket_id)


class CheckoutView(View):
    """GET shows the page; POST places the basket (one order per shop) and redirects to the confirmation."""

    template_name = "orders/checkout/checkout.html"

    def get(self, request):
        if request.basket.is_empty:
            return self._empty_basket(request)
        guest_form = None if request.user.is_authenticated else GuestForm()
        return self._render(request, sections=basket_sections(basket=request.basket), guest_form=guest_form)

    def post(self, request):
        basket = request.basket
        # A double click or a retry after success arrives with a new, empty basket: show what was placed.
        if basket.is_empty or basket.pk is None:
            placed_id = placed_basket_id(request)
            if placed_id and order_list_for_basket(basket_id=placed_id):
                request.session[SESSION_PLACED_BASKET] = placed_id
                return redirect("pickup-checkout:confirmation")
            return self._empty_basket(request)
        if order_list_for_basket(basket_id=basket.pk) is not None:
            request.session[SESSION_PLACED_BASKET] = basket.pk
            return redirect("pickup-checkout:confirmation")

        sections = basket_sections(basket=basket)
        choices = SlotChoiceForm(request.POST, sections=sections).choices()
        guest_form = None
        if request.user.is_authenticated:
            customer = Customer(user=request.user, language=get_language())
        else:
            guest_form = GuestForm(request.POST)
            if not guest_form.is_valid():
                self._keep_choices(sections, choices)
                return self._render(request, sections=sections, guest_form=guest_form, status=400)
            customer = Customer(**guest_form.cleaned_data, language=get_language())

        payment = request.POST.get("payment", PAYMENT_AT_PICKUP)
        try:
            if payment == PAYMENT_ONLINE:
                orders = order_place_paid_online(
                    basket=basket, customer=customer, choices=choices, setup_intent=card_setup_of_session(request)
                )
                if any(order.status == OrderStatus.AWAITING_PAYMENT for order in orders):
                    # 3-D Secure to pass for some shop: the places and stock are held meanwhile.
                    payment_hold_remember(request, basket_id=basket.pk, orders=orders)
                    return redirect("pickup-checkout:payment")
            else:
                order_place_for_basket(basket=basket, customer=customer, choices=choices, payment=payment)
        except PlacementError as error:
            for section in sections:
                section.problems = error.for_shop(section.shop.pk)
            self._keep_choices(sections, choices)
            return self._render(
                request, sections=sections, guest_form=guest_form, problems=error.for_shop(None), status=400
            )
        request.session[SESSION_PLACED_BASKET] = basket.pk
        return redirect("pickup-checkout:confirmation")

    def _empty_basket(self, request):
        messages.info(request, _("Votre panier est vide : ajoutez des produits avant de commander."))
        return redirect("basket:summary")

    def _keep_choices(self, sections, choices: dict[int, str]):
        # Re-shown after an error, the page keeps the shopper's picks rather than the earliest slot.
        for section in sections:
            key = choices.get(section.shop.pk, "")
            if any(slot.key == key for day in section.days for slot in day.slots):
                section.selected = key

    def _render(self, request, *, sections, guest_form, problems=(), status=200):
        context = {
            "sections": sections,
            "guest_form": guest_form,
            "problems": problems,
            "basket_total": sum((section.subtotal for section in sections), Decimal(0)),
            "login_url": f"{reverse('customer:login')}?next={reverse('pickup-checkout:start')}",
            "payment_at_pickup": PAYMENT_AT_PICKUP,
            "payment_online": PAYMENT_ONLINE,
            "payment_chosen": request.POST.get("payment", PAYMENT_AT_PICKUP),
            **online_payment_context(request, sections=sections),
        }
        response = render(request, self.template_name, context, status=status)
        return csp_allow_stripe(response) if "online_payment" in context else response


class ConfirmationView(View):
    """The orders of the basket this session placed; nobody else's (the order number alone shows nothing)."""

    def get(self, request):
        basket_id = placed_basket_id(request)
        orders = order_list_for_basket(basket_id=basket_id) if basket_id else None
        if not orders:
            return redirect("basket:summary")
        if any(order.status == OrderStatus.AWAITING_PAYMENT for order in orders):
            return redirect("pickup-checkout:payment")
        request.session[SESSION_PLACED_BASKET] = basket_id
        return render(request, "orders/checkout/confirmation.html", {"orders": orders})
