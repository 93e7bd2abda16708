"""An order's payment as Oscar records it: one `Source` per order, and `PaymentEvent`s for what happened to it.

Paid at pickup: a "Paiement au retrait" source. Paid online: a "Carte en ligne" source whose reference is
the shop's account and PaymentIntent at Stripe, with an "authorised" event for the amount held.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from oscar.core.loading import get_model

from ..models import OrderStatus

Source = get_model("payment", "Source")
SourceType = get_model("payment", "SourceType")
PaymentEventType = get_model("order", "PaymentEventType")
PaymentEvent = get_model("order", "PaymentEvent")

PICKUP_SOURCE_TYPE_CODE = "paiement-au-retrait"
PICKUP_SOURCE_TYPE_NAME = "Paiement au retrait"
ONLINE_SOURCE_TYPE_CODE = "carte-en-ligne"
ONLINE_SOURCE_TYPE_NAME = "Carte en ligne (Stripe)"
# What happened to an online payment, in the order it can happen.
EVENT_AUTHORISED = "autorisation"
EVENT_CAPTURED = "debit"
EVENT_CANCELLED = "liberation"
EVENT_REFUNDED = "remboursement"
# Written only by the online payment itself: the capture job skips an order with a release recorded.
ONLINE_EVENT_CODES = (EVENT_AUTHORISED, EVENT_CAPTURED, EVENT_CANCELLED, EVENT_REFUNDED)


def _source_type(code: str, name: str):
    # Created here rather than by migration: get_or_create is race-safe on its own and survives a flush (tests).
    source_type, _created = SourceType.objects.get_or_create(code=code, defaults={"name": name})
    return source_type


def order_source_write(*, order, online_reference: str = "", authorised: bool = True) -> None:
    """The order's one payment source: at pickup, or the authorisation `online_reference` names (its
    "authorised" event only once it is: 3-D Secure may still be under way)."""
    _sources_write(orders=[order], references=[online_reference], authorised=authorised)


def order_sources_write(*, orders: list, online_references: Mapping[int, str], authorised: bool = True) -> None:
    """Each order's one payment source (at pickup, or the authorisation its shop's id maps to in
    `online_references`), one INSERT for all, and an "authorised" event for those paid online (unless
    `authorised` is False: 3-D Secure is still under way)."""
    references = [online_references.get(order.pickup.shop_id, "") for order in orders]
    _sources_write(orders=orders, references=references, authorised=authorised)


def _sources_write(*, orders: list, references: list[str], authorised: bool = True) -> None:
    source_types = {}
    if not all(references):
        source_types[False] = _source_type(PICKUP_SOURCE_TYPE_CODE, PICKUP_SOURCE_TYPE_NAME)
    if any(references):
        source_types[True] = _source_type(ONLINE_SOURCE_TYPE_CODE, ONLINE_SOURCE_TYPE_NAME)
    sources = [
        Source(
            order=order,
            source_type=source_types[bool(reference)],
            currency=order.currency,
            amount_allocated=order.total_incl_tax or Decimal(0),
            reference=reference,
        )
        for order, reference in zip(orders, references, strict=True)
    ]
    Source.objects.bulk_create(sources)
    online = [(order, source) for order, source in zip(orders, sources, strict=True) if source.reference]
    if online and authorised:
        event_type, _created = PaymentEventType.objects.get_or_create(
            code=EVENT_AUTHORISED, defaults={"name": EVENT_AUTHORISED}
        )
        PaymentEvent.objects.bulk_create(
            [
                PaymentEvent(
                    order=order,
                    event_type=event_type,
                    amount=source.amount_allocated,
                    reference=source.reference[:128],
                    shipping_event=None,
                )
                for order, source in online
            ]
        )


def payment_event_record(*, order, source, code: str, amount: Decimal, reference: str = ""):
    event_type, _created = PaymentEventType.objects.get_or_create(code=code, defaults={"name": code})
    return PaymentEvent.objects.create(
        order=order, event_type=event_type, amount=amount, reference=reference[:128], shipping_event=None
    )


def order_online_source(*, order):
    """The order's online payment source, or None when it is paid at pickup."""
    return order.sources.filter(source_type__code=ONLINE_SOURCE_TYPE_CODE).first()


def order_payment_label(*, order) -> str:
    """What became of an order paid online, in the shopper's words ("" when it is paid at pickup)."""
    from django.utils.formats import number_format
    from django.utils.translation import gettext

    from .handover import order_is_partially_handed_over

    source = order_online_source(order=order)
    if source is None:
        return ""
    if source.amount_refunded:
        return gettext("payée, remboursée de %(amount)s €") % {"amount": number_format(source.amount_refunded, 2)}
    if source.amount_debited and order_is_partially_handed_over(order=order):
        # A partial handover: the shopper paid for what they took.
        return gettext("payée %(amount)s € (remise partielle)") % {"amount": number_format(source.amount_debited, 2)}
    if source.amount_debited:
        return gettext("payée (débitée)")
    if order.status == OrderStatus.UNPAID:
        return gettext("paiement non abouti : rien n'a été débité")
    if order.payment_events.filter(event_type__code=EVENT_CANCELLED).exists():
        return gettext("autorisation libérée : rien n'a été débité")
    if order.status == OrderStatus.AWAITING_PAYMENT:
        return gettext("paiement en attente de votre banque (3-D Secure)")
    return gettext("payée (autorisée)")
