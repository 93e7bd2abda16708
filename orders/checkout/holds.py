"""3-D Secure on a shop's account: the shopper completes it here, shop by shop, while the places are held."""

from __future__ import annotations

from django.conf import settings
from django.core.signing import Signer
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from oscar.core.loading import get_model

from orders.models import OrderStatus
from orders.services import payment_holds
from payments import config as payment_config
from payments import gateway

from .payment import SESSION_PAYMENT_HOLD, csp_allow_stripe, payment_hold_of_session
from .views import SESSION_PLACED_BASKET

Order = get_model("order", "Order")

FAILED_MESSAGE = _(
    "L'authentification 3-D Secure n'a pas abouti : rien n'a été commandé ni débité. "
    "Votre panier vous attend : réessayez, avec une autre carte si besoin, ou payez au retrait."
)
EXPIRED_MESSAGE = _(
    "Le délai pour valider le paiement est dépassé : les créneaux et les produits réservés ont été libérés "
    "et rien n'a été débité (toute autorisation est annulée). Votre panier vous attend pour recommencer."
)
TOO_FAR_MESSAGE = _(
    "Un créneau choisi est trop lointain pour le paiement en ligne : la banque ne garantit pas le débit "
    "jusque-là. Rien n'a été commandé ni débité. Votre panier vous attend : choisissez un créneau plus "
    "proche, ou payez au retrait."
)
PENDING_MESSAGE = _(
    "Votre banque n'a pas encore confirmé le paiement : validez l'authentification pour chaque boutique."
)
UNAVAILABLE_MESSAGE = _(
    "Le paiement en ligne ne répond pas pour le moment. Réessayez dans un instant : vos créneaux restent réservés "
    "jusqu'à l'heure indiquée."
)


class PaymentHoldView(View):
    """GET: the shops whose bank asks for 3-D Secure, for Stripe.js; POST: Stripe is asked, then the orders go."""

    template_name = "orders/checkout/payment_hold.html"

    def get(self, request):
        orders = self._orders(request)
        if not orders:
            return redirect("basket:summary")
        awaiting = [order for order in orders if order.status == OrderStatus.AWAITING_PAYMENT]
        if not awaiting:
            return self._after(request, orders)
        placement = awaiting[0].pickup.placement
        if placement is not None and placement.payment_due_at and timezone.now() >= placement.payment_due_at:
            # The hold ran out before the clock job came by: released now, rather than a challenge for nothing.
            return self._settle(request, orders)
        try:
            intents = payment_holds.intents_to_complete(orders=awaiting)
        except gateway.GatewayError:
            return self._render(request, orders=awaiting, intents=[], error=UNAVAILABLE_MESSAGE, status=503)
        if not intents:
            # Nothing left to do in the browser (done in another tab, or Stripe settled it): decide now.
            return self._settle(request, orders)
        return self._render(request, orders=awaiting, intents=intents)

    def post(self, request):
        orders = self._orders(request)
        if not orders:
            return redirect("basket:summary")
        return self._settle(request, orders)

    def _orders(self, request) -> list:
        hold = payment_hold_of_session(request)
        ids = [pk for pk in hold.get("orders", []) if isinstance(pk, int)]
        return list(
            Order.objects.filter(pk__in=ids)
            .select_related("pickup__shop", "pickup__slot", "pickup__placement")
            .order_by("pk")
        )

    def _settle(self, request, orders):
        placement_id = next((order.pickup.placement_id for order in orders if order.pickup.placement_id), None)
        outcome = payment_holds.SETTLED
        if placement_id is not None:
            outcome = payment_holds.placement_payment_settle(placement_id=placement_id)
        if outcome == payment_holds.PENDING:
            orders = self._orders(request)
            try:
                intents = payment_holds.intents_to_complete(orders=orders)
            except gateway.GatewayError:
                intents = []
            return self._render(request, orders=orders, intents=intents, error=PENDING_MESSAGE, status=400)
        return self._after(request, self._orders(request))

    def _after(self, request, orders):
        """Where the shopper goes once the orders have moved: the confirmation, or back to the basket."""
        hold = payment_hold_of_session(request)
        if all(order.status != OrderStatus.UNPAID for order in orders):
            request.session[SESSION_PLACED_BASKET] = hold.get("basket")
            request.session.pop(SESSION_PAYMENT_HOLD, None)
            return redirect("pickup-checkout:confirmation")
        reasons = {change.reason for order in orders for change in order.changes.all()}
        message = FAILED_MESSAGE
        if payment_holds.REASON_EXPIRED in reasons:
            message = EXPIRED_MESSAGE
        elif payment_holds.REASON_TOO_FAR in reasons:
            message = TOO_FAR_MESSAGE
        context = {"message": message, "orders": orders}
        response = render(request, "orders/checkout/payment_failed.html", context)
        if isinstance(hold.get("basket"), int):
            restored = payment_holds.basket_restore_after_unpaid(basket_id=hold["basket"], owner=request.user)
            if restored is not None:
                _basket_cookie_set(request, response, basket_id=restored.pk)
        return response

    def _render(self, request, *, orders, intents, error="", status=200):
        due = next((o.pickup.placement.payment_due_at for o in orders if o.pickup.placement_id), None)
        context = {
            "orders": orders,
            "intents": intents,
            "due_at": due,
            "error": error,
            "publishable_key": settings.STRIPE_PUBLISHABLE_KEY,
            "js_url": payment_config.stripe_js_url(),
        }
        return csp_allow_stripe(render(request, self.template_name, context, status=status))


def _basket_cookie_set(request, response, *, basket_id: int) -> None:
    """A guest's lines, given back in a new basket, are theirs: Oscar's cookie names that basket now."""
    if request.user.is_authenticated:
        return
    key = settings.OSCAR_BASKET_COOKIE_OPEN
    if key in getattr(request, "cookies_to_delete", []):
        request.cookies_to_delete.remove(key)
    response.set_cookie(
        key,
        Signer().sign(basket_id),
        max_age=settings.OSCAR_BASKET_COOKIE_LIFETIME,
        secure=settings.OSCAR_BASKET_COOKIE_SECURE,
        httponly=True,
    )
