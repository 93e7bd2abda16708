"""The checkout's online payment: whether to offer it, and the card's SetupIntent kept in the session."""

from __future__ import annotations

from payments import gateway
from payments.config import online_payment_enabled, stripe_js_url, stripe_origins
from payments.selectors.accounts import shops_accepting_online_payment
from payments.services.charges import card_setup_start

# {"basket": id, "id": seti_…, "secret": client secret}: the card of this session's basket, set up once.
SESSION_CARD_SETUP = "pickup_checkout_card_setup"


def online_payment_context(request, *, sections) -> dict:
    """What the page needs to offer online payment (empty when it is not offered for every shop of the basket)."""
    if not online_payment_enabled() or not sections:
        return {}
    accepting = shops_accepting_online_payment(shop_ids=[section.shop.pk for section in sections])
    if any(section.shop.pk not in accepting for section in sections):
        return {"online_payment_partial": bool(accepting)}
    setup = request.session.get(SESSION_CARD_SETUP)
    if not setup or setup.get("basket") != request.basket.pk:
        try:
            intent = card_setup_start(key=f"basket-{request.basket.pk}-{request.session.session_key or ''}")
        except gateway.GatewayError:
            return {"online_payment_down": True}
        setup = {"basket": request.basket.pk, "id": intent.id, "secret": intent.client_secret}
        request.session[SESSION_CARD_SETUP] = setup
    from django.conf import settings

    return {
        "online_payment": {
            "publishable_key": settings.STRIPE_PUBLISHABLE_KEY,
            "client_secret": setup["secret"],
            "js_url": stripe_js_url(),
        }
    }


def card_setup_of_session(request) -> str:
    """The SetupIntent this session created for this basket (never one named by the form)."""
    setup = request.session.get(SESSION_CARD_SETUP) or {}
    return setup.get("id", "") if setup.get("basket") == request.basket.pk else ""


def csp_allow_stripe(response):
    """Stripe.js, its API calls and its frames, from the configured origin only, on this page only."""
    origins = stripe_origins()
    response._csp_update = {"script-src": origins, "connect-src": origins, "frame-src": origins}
    return response


# {"basket": id, "orders": [ids]}: the orders this session placed awaiting 3-D Secure (the pay page reads only those).
SESSION_PAYMENT_HOLD = "pickup_checkout_payment_hold"


def payment_hold_remember(request, *, basket_id: int, orders) -> None:
    request.session[SESSION_PAYMENT_HOLD] = {"basket": basket_id, "orders": [order.pk for order in orders]}


def payment_hold_of_session(request) -> dict:
    return request.session.get(SESSION_PAYMENT_HOLD) or {}
