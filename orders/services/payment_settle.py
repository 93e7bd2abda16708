"""What an order's end does to its online payment: collected → captured (the amount handed over, at most
what was authorised); refused, cancelled or not collected → the authorisation released, nothing charged.

Run after the status change commits (a task), so Stripe is never called inside the order's transaction and
a handover never waits on Stripe; safe to run twice (the source row is locked, keys are idempotent), and
`orders_jobs` runs it again for any order left unsettled (Stripe was down).
"""

from __future__ import annotations

import logging

from django.db import transaction
from django_tasks import task
from oscar.core.loading import get_model

from payments import gateway
from payments.services.charges import authorisation_cancel, authorisation_capture

from ..models import OrderStatus
from .handover import order_handed_over_total
from .payment_records import EVENT_CANCELLED, EVENT_CAPTURED, ONLINE_SOURCE_TYPE_CODE, payment_event_record

Order = get_model("order", "Order")
Source = get_model("payment", "Source")
logger = logging.getLogger(__name__)

ENDED = (OrderStatus.REFUSED, OrderStatus.CANCELLED, OrderStatus.NOT_COLLECTED, OrderStatus.UNPAID)


@task()
def order_payment_settle_task(*, order_id: int) -> str:
    return order_payment_settle(order_id=order_id)


def order_payment_settle(*, order_id: int) -> str:
    """Captures or releases the order's authorisation as its status says; what was done ("" for nothing)."""
    order = Order.objects.filter(pk=order_id).first()
    source = order and order.sources.filter(source_type__code=ONLINE_SOURCE_TYPE_CODE).first()
    if source is None or source.amount_debited or _released(order):
        return ""
    try:
        amount = min(order_handed_over_total(order=order), source.amount_allocated)
        if order.status == OrderStatus.COLLECTED and amount > 0:
            captured = authorisation_capture(reference=source.reference, amount=amount)
            return _record(order=order, source_id=source.pk, code=EVENT_CAPTURED, amount=amount, captured=captured)
        if order.status in ENDED or order.status == OrderStatus.COLLECTED:
            # Ended without a handover, or handed over for nothing (free items only): nothing to charge.
            if not authorisation_cancel(reference=source.reference):
                return ""
            return _record(order=order, source_id=source.pk, code=EVENT_CANCELLED, amount=source.amount_allocated)
    except gateway.GatewayError:
        logger.warning("Stripe could not settle order %s; orders_jobs will try again", order.number)
    return ""


def _released(order) -> bool:
    return order.payment_events.filter(event_type__code=EVENT_CANCELLED).exists()


@transaction.atomic
def _record(*, order, source_id: int, code: str, amount, captured: int | None = None) -> str:
    source = Source.objects.select_for_update().get(pk=source_id)
    if source.amount_debited or _released(order):
        return ""
    if code == EVENT_CAPTURED:
        source.debit(amount, reference=source.reference)
    payment_event_record(order=order, source=source, code=code, amount=amount, reference=source.reference)
    return code


def orders_payment_unsettled():
    """Orders ended or collected whose online payment is still only authorised (for orders_jobs)."""
    return (
        Order.objects.filter(
            status__in=(OrderStatus.COLLECTED, *ENDED),
            sources__source_type__code=ONLINE_SOURCE_TYPE_CODE,
            sources__amount_debited=0,
        )
        .exclude(payment_events__event_type__code=EVENT_CANCELLED)
        .values_list("pk", flat=True)
    )
