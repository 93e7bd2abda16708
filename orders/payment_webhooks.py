"""What Stripe's word on a PaymentIntent does to an order (payments.signals.payment_intent_changed).

Runs inside the transaction that claims the webhook event. States only move forward: authorised →
captured or released; an event about a state the order has gone past (out of order, or about our own
capture or release) does nothing.
"""

from __future__ import annotations

from decimal import Decimal
from functools import partial

from django.db import transaction
from oscar.core.loading import get_model

from payments.services.charges import reference_make

from .models import OrderStatus
from .services.payment_holds import placement_payment_settle_task
from .services.payment_records import EVENT_CANCELLED, EVENT_CAPTURED, ONLINE_SOURCE_TYPE_CODE, payment_event_record

Source = get_model("payment", "Source")


def payment_intent_changed_receive(sender, *, account: str, payment_intent, **kwargs) -> None:
    reference = reference_make(account, payment_intent.id)
    source = (
        Source.objects.select_for_update()
        .select_related("order")
        .filter(source_type__code=ONLINE_SOURCE_TYPE_CODE, reference=reference)
        .first()
    )
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
