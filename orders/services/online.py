"""Placing a basket paid online: each shop's total authorised on its own Stripe account, then the orders.

The authorisations come first, so a declined card places nothing and leaves the basket as it was; if the
placement then fails (a slot just filled up), every authorisation is released: nothing is ever charged
for an order that does not exist. Keys derived from the order numbers make a retry authorise once.

When the bank asks for 3-D Secure on a shop's account, the orders are placed "awaiting payment" (holding
their places and stock for a while) and the shopper completes it in the browser (orders.services.payment_holds).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_class

from payments import gateway
from payments.selectors.accounts import shops_accepting_online_payment
from payments.services.charges import (
    Authorisation,
    authorisation_cancel,
    authorisation_capture_before,
    card_setup_check,
    cents,
    order_authorise,
)
from shops.schedule import PARIS

from ..exceptions import PlacementError, PlacementProblem
from ..selectors.basket import basket_sections
from ..slots.choice import slot_start_parse
from .customer import Customer
from .payment_holds import payment_due_at
from .placement import PAYMENT_ONLINE, order_place_for_basket

OrderNumberGenerator = get_class("order.utils", "OrderNumberGenerator")

UNAVAILABLE = _(
    "Le paiement en ligne ne répond pas pour le moment : rien n'a été commandé ni débité. "
    "Réessayez dans un instant, ou choisissez de payer au retrait."
)
NO_CARD = _("Saisissez votre carte bancaire pour payer en ligne.")
DECLINED = _(
    "Votre carte a été refusée : rien n'a été commandé ni débité. Essayez une autre carte ou payez au retrait."
)
NOT_OFFERED = _("Cette boutique ne propose pas le paiement en ligne : choisissez de payer au retrait.")
TOO_FAR_FOR_CARD = _(
    "Ce créneau est trop lointain pour le paiement en ligne : la banque ne garantit le paiement par carte "
    "que jusqu'au %(until)s. Choisissez un créneau plus proche, ou payez au retrait. "
    "Rien n'a été commandé ni débité."
)


def order_place_paid_online(
    *, basket, customer: Customer, choices: Mapping, setup_intent: str, now: datetime | None = None
) -> list:
    """Authorise then place the basket (one order per shop); PlacementError with nothing placed or charged.

    If 3-D Secure is asked on a shop's account, the orders come back "awaiting payment" (places and stock held).
    """
    card = _card(setup_intent)
    sections = basket_sections(basket=basket)
    accepting = shops_accepting_online_payment(shop_ids=[section.shop.pk for section in sections])
    refused = [section.shop for section in sections if section.shop.pk not in accepting]
    if refused:
        raise PlacementError([_problem("payment_not_offered", NOT_OFFERED, shop) for shop in refused])
    base_number = OrderNumberGenerator().order_number(basket)
    authorisations: dict[int, Authorisation] = {}
    try:
        for section in sections:
            authorisations[section.shop.pk] = _authorise(card, section, base_number, choices.get(section.shop.pk))
        references = {shop_id: authorisation.reference for shop_id, authorisation in authorisations.items()}
        held = any(authorisation.needs_action for authorisation in authorisations.values())
        with transaction.atomic():
            orders = order_place_for_basket(
                basket=basket,
                customer=customer,
                choices=choices,
                payment=PAYMENT_ONLINE,
                now=now,
                online=references,
                payment_due_at=payment_due_at(now=now or timezone.now()) if held else None,
            )
            _totals_check(orders, sections)
    except PlacementError:
        for authorisation in authorisations.values():
            authorisation_cancel(reference=authorisation.reference)
        raise
    return orders


def _card(setup_intent: str) -> gateway.SetupIntent:
    if not setup_intent:
        raise PlacementError([_problem("payment_card", NO_CARD)])
    try:
        card = card_setup_check(setup_intent=setup_intent)
    except gateway.GatewayError as error:
        raise PlacementError([_problem("payment_unavailable", UNAVAILABLE)]) from error
    if card is None:
        raise PlacementError([_problem("payment_card", NO_CARD)])
    return card


def _authorise(card, section, base_number: str, choice=None) -> Authorisation:
    shop = section.shop
    try:
        authorisation = order_authorise(
            shop_id=shop.pk, card=card, number=f"{base_number}-{shop.pk}", amount=section.subtotal
        )
    except gateway.CardDeclined as error:
        raise PlacementError([_problem("payment_declined", DECLINED)]) from error
    except gateway.GatewayError as error:
        raise PlacementError([_problem("payment_unavailable", UNAVAILABLE)]) from error
    if not authorisation.needs_action:
        # A PaymentIntent still waiting for 3-D Secure has no charge yet, so no capture window to read.
        _capture_window_check(reference=authorisation.reference, shop=shop, choice=choice)
    return authorisation


def _capture_window_check(*, reference: str, shop, choice) -> None:
    """Decided (issue 14): a slot ending after the card's capture_before is pay-at-pickup only, since the
    authorisation could no longer be captured at pickup. The authorisation is released and nothing placed."""
    starts_at = slot_start_parse(choice)
    if starts_at is None:
        return  # no valid slot: the placement itself refuses it, and releases the authorisation
    try:
        capture_before = authorisation_capture_before(reference=reference)
    except gateway.GatewayError as error:
        authorisation_cancel(reference=reference)
        raise PlacementError([_problem("payment_unavailable", UNAVAILABLE)]) from error
    if capture_before is None or starts_at + timedelta(minutes=shop.slot_minutes) <= capture_before:
        return
    authorisation_cancel(reference=reference)
    until = date_format(capture_before.astimezone(PARIS), "SHORT_DATETIME_FORMAT")
    raise PlacementError([_problem("payment_window", TOO_FAR_FOR_CARD % {"until": until}, shop)])


def _totals_check(orders: list, sections: list) -> None:
    """The orders cost what was authorised (a price changed in between would need a new authorisation)."""
    authorised = {section.shop.pk: cents(section.subtotal) for section in sections}
    for order in orders:
        shop_id = order.pickup.shop_id
        if cents(order.total_incl_tax) != authorised.get(shop_id):
            raise PlacementError(
                [_problem("payment_amount", _("Un prix vient de changer : vérifiez votre panier et recommencez."))]
            )


def _problem(code: str, message, shop=None) -> PlacementProblem:
    if shop is None:
        return PlacementProblem(code=code, message=str(message))
    return PlacementProblem(code=code, message=str(message), shop_id=shop.pk, shop_name=shop.name)
