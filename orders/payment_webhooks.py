"""What Stripe's word on a PaymentIntent or its charge does to an order (payments.signals).

Runs inside the transaction that claims the webhook event. States only move forward: authorised →
captured or released, then refunded a little more each time; an event about a state the order has gone
past (out of order, or about our own capture, release or refund) does nothing.
"""

from __future__ import annotations

from decimal import Decimal
from functools import partial

from django.db import transaction
from oscar.core.loading import get_model

from payments.services.charges import reference_make

from .models import OrderStatus
from .services.payment_holds import placement_payment_settle_task
from .services.payment_records import (
    EVENT_CANCELLED,
    EVENT_CAPTURED,
    EVENT_REFUNDED,
    ONLINE_SOURCE_TYPE_CODE,
    payment_event_record,
)

Source = get_model("payment", "Source")


def _source_lock(reference: str):
    return (
        Source.objects.select_for_update(of=("self",))
        .select_related("order")
        .filter(source_type__code=ONLINE_SOURCE_TYPE_CODE, reference=reference)
        .first()
    )


def payment_intent_changed_receive(sender, *, account: str, payment_intent, **kwargs) -> None:
    reference = reference_make(account, payment_intent.id)
    source = _source_lock(reference)
    if source is None or source.amount_debited:
        return
    order = source.order
    if order.status == OrderStatus.AWAITING_PAYMENT:
        # 3-D Secure passed (or failed) while the basket is held: decided for the whole basket, from Stripe's
        # own answers, once this event is claimed (the shopper may have closed the page before coming back).
        placement_id = order.pickup.placement_id
        if placement_id is not None:
            transaction.on_commit(partial(placement_payment_settle_task.enqueue, placement_id=placement_id))
        return
    if order.payment_events.filter(event_type__code=EVENT_CANCELLED).exists():
        return
    if payment_intent.status == "succeeded":
        # Captured at Stripe (from the shop's Stripe dashboard, or our capture whose answer was lost).
        amount = Decimal(payment_intent.amount_received) / 100
        source.debit(amount, reference=reference)
        payment_event_record(order=order, source=source, code=EVENT_CAPTURED, amount=amount, reference=reference)
    elif payment_intent.status == "canceled":
        # Released at Stripe (an authorisation expires after its capture window): nothing will be charged.
        payment_event_record(
            order=order, source=source, code=EVENT_CANCELLED, amount=source.amount_allocated, reference=reference
        )


def charge_changed_receive(sender, *, account: str, charge, **kwargs) -> None:
    """Brings the order's payment up to what Stripe says of its charge: captured, then refunded so much."""
    if not charge.payment_intent:
        return
    reference = reference_make(account, charge.payment_intent)
    source = _source_lock(reference)
    if source is None:
        return
    order = source.order
    if not source.amount_debited:
        if not charge.amount_captured or order.payment_events.filter(event_type__code=EVENT_CANCELLED).exists():
            return
        # A refund comes after a capture: the capture's own event is late (or lost), so record it first.
        captured = Decimal(charge.amount_captured) / 100
        source.debit(captured, reference=reference)
        payment_event_record(order=order, source=source, code=EVENT_CAPTURED, amount=captured, reference=reference)
    refunded = Decimal(charge.amount_refunded) / 100
    if refunded > source.amount_refunded:
        # Refunded at Stripe beyond what we recorded (from the shop's Stripe dashboard, or our own refund whose
        # answer was lost): only the difference, so the same state told twice, or late, adds nothing.
        more = refunded - source.amount_refunded
        source.refund(more, reference=charge.id)
        payment_event_record(order=order, source=source, code=EVENT_REFUNDED, amount=more, reference=charge.id)
