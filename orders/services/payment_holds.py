"""Holds while paying: a basket paid online whose bank asks for 3-D Secure on a shop's account.

Its orders are placed "awaiting payment" (orders.services.online): they already hold their slot places and
stock through the placement's locks, for settings.PAYMENT_HOLD_MINUTES (Placement.payment_due_at), but no
shop sees them and nobody is emailed. Then, for the whole basket at once:

- every authorisation confirmed by Stripe in time → the orders become "placed", the shopper and the shops
  are told, the basket is submitted;
- one authorisation failed (3-D Secure refused) or the hold expired → every order becomes "unpaid": places
  and stock given back, each authorisation cancelled once that commits (payment_settle, retried by
  orders_jobs). The shopper's lines come back in a new basket (basket_restore_after_unpaid): a new basket
  means new order numbers, so new idempotency keys at Stripe for the next attempt.

What Stripe says is fetched here, never taken from the browser. The decision is made under the basket's
lock (first in the order of orders.locks, then the order rows, stock and slots as lifecycle takes them), so
the browser's return, a webhook and the clock job may all arrive at once: the orders move once. A payment
that succeeds after its hold expired meets "unpaid" orders: its authorisation is cancelled, nothing placed.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task
from oscar.apps.order.signals import order_placed
from oscar.core.loading import get_model

from payments import gateway
from payments.services.charges import ACTION_NEEDED, AUTHORISED, FAILED, authorisation_state

from .. import locks
from ..models import Notice, OrderStatus, Placement
from ..notifications import notices_queue_new
from .lifecycle import order_mark_paid, order_mark_unpaid
from .order_creator import ShopOrderCreator
from .payment_records import EVENT_AUTHORISED, order_online_source, payment_event_record

Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")

# What became of a basket's payment.
CONFIRMED = "confirmed"
PENDING = "pending"
FAILED_3DS = "failed"
EXPIRED = "expired"
# Authorised, but a slot ends after the card's capture window (issue 14: pay at pickup for such a slot).
TOO_FAR = "too_far"
# No order of this placement awaits payment any more (confirmed or released before).
SETTLED = "settled"

REASON_FAILED = "3-D Secure non validé : autorisation annulée, créneau et stock libérés."
REASON_EXPIRED = "Délai de paiement dépassé : autorisation annulée, créneau et stock libérés."
REASON_TOO_FAR = "Créneau au-delà du délai de débit de la carte : autorisation annulée, créneau et stock libérés."


def payment_due_at(*, now: datetime) -> datetime:
    """Until when a basket awaiting 3-D Secure holds its slot places and stock."""
    return now + timedelta(minutes=settings.PAYMENT_HOLD_MINUTES)


def basket_freeze_for_payment(*, basket, locked, orders: list) -> None:
    """Freezes the basket placed awaiting payment, as Oscar's checkout does while a payment is under way: the
    shopper's next page gets a new basket, and this one's lines come back if the payment does not go through."""
    locked.freeze()
    basket.status = locked.status
    for order in orders:
        order.placed_now = True


def intents_to_complete(*, orders: list) -> list[dict]:
    """For each order whose PaymentIntent waits for 3-D Secure: the shop's account and the intent's client
    secret, for Stripe.js in the shopper's browser (initialised with that shop's stripeAccount)."""
    wanted = []
    for order in orders:
        source = order_online_source(order=order)
        if source is None:
            continue
        intent = authorisation_state(reference=source.reference)
        if intent.status == ACTION_NEEDED:
            account = source.reference.split("/", 1)[0]
            wanted.append({"order": order, "account": account, "client_secret": intent.client_secret})
    return wanted


def placement_payment_settle(*, placement_id: int, now: datetime | None = None) -> str:
    """Asks Stripe about each order of the placement still awaiting payment, then confirms or releases them
    all (under the basket's lock); PENDING while 3-D Secure is still to do, or Stripe cannot be reached."""
    now = now or timezone.now()
    placement = Placement.objects.filter(pk=placement_id).first()
    if placement is None:
        return SETTLED
    orders = _awaiting(placement_id=placement.pk)
    if not orders:
        return SETTLED
    if placement.payment_due_at is not None and now >= placement.payment_due_at:
        return _release(placement_id=placement.pk, outcome=EXPIRED, now=now)
    try:
        states = [authorisation_state(reference=order_online_source(order=order).reference) for order in orders]
    except gateway.GatewayError:
        # Stripe will be asked again (the next click, a webhook, or the clock once the hold expires).
        return PENDING
    if any(state.status in FAILED for state in states):
        return _release(placement_id=placement.pk, outcome=FAILED_3DS, now=now)
    if all(state.status in AUTHORISED for state in states):
        if any(_beyond_capture_window(order, state) for order, state in zip(orders, states, strict=True)):
            return _release(placement_id=placement.pk, outcome=TOO_FAR, now=now)
        return _confirm(placement_id=placement.pk, now=now)
    return PENDING


def _beyond_capture_window(order, state: gateway.PaymentIntent) -> bool:
    """The same rule as at checkout (orders.services.online): a slot ending after the card's capture_before
    could not be captured at pickup. Read from Stripe once 3-D Secure has authorised the payment."""
    if state.capture_before is None:
        return False
    return order.pickup.slot.ends_at > state.capture_before


@task()
def placement_payment_settle_task(*, placement_id: int) -> str:
    return placement_payment_settle(placement_id=placement_id)


def payment_holds_release_due(*, now: datetime | None = None) -> int:
    """Releases every basket whose hold expired while awaiting payment; how many. Safe to run twice, and
    concurrently: each basket is decided under its lock, and a second run finds nothing awaiting."""
    now = now or timezone.now()
    due = (
        Placement.objects.filter(payment_due_at__lte=now).order_by("payment_due_at", "pk").values_list("pk", flat=True)
    )
    return sum(_release(placement_id=pk, outcome=EXPIRED, now=now) == EXPIRED for pk in list(due))


def _awaiting(*, placement_id: int) -> list:
    return list(
        Order.objects.filter(pickup__placement_id=placement_id, status=OrderStatus.AWAITING_PAYMENT)
        .select_related("pickup__slot")
        .order_by("pk")
    )


def _placement_lock(*, placement_id: int):
    """The placement and its basket, the basket locked (the placement's own lock order); None if released."""
    placement = Placement.objects.filter(pk=placement_id).only("basket_id").first()
    if placement is None:
        return None, None
    basket = locks.basket_lock(basket_id=placement.basket_id)
    # Read again under the lock: another transaction may have confirmed or released it while we waited.
    placement = Placement.objects.filter(pk=placement_id).first()
    return placement, basket


@transaction.atomic
def _confirm(*, placement_id: int, now: datetime) -> str:
    placement, basket = _placement_lock(placement_id=placement_id)
    if placement is None:
        return SETTLED
    orders = _awaiting(placement_id=placement.pk)
    if not orders:
        return SETTLED
    if placement.payment_due_at is not None and now >= placement.payment_due_at:
        return _release(placement_id=placement.pk, outcome=EXPIRED, now=now)
    for order in orders:
        order_mark_paid(order=order, now=now)
        source = order_online_source(order=order)
        payment_event_record(
            order=order,
            source=source,
            code=EVENT_AUTHORISED,
            amount=source.amount_allocated,
            reference=source.reference,
        )
    Placement.objects.filter(pk=placement.pk).update(payment_due_at=None)
    notices_queue_new(
        owed=[(order, kind) for order in orders for kind in (Notice.Kind.PLACED, Notice.Kind.SHOP_NEW_ORDER)]
    )
    if basket is not None and basket.status == Basket.FROZEN:
        basket.submit()
    for order in orders:
        transaction.on_commit(partial(order_placed.send, sender=ShopOrderCreator, order=order, user=order.user))
    return CONFIRMED


@transaction.atomic
def _release(*, placement_id: int, outcome: str, now: datetime) -> str:
    placement, basket = _placement_lock(placement_id=placement_id)
    if placement is None:
        return SETTLED
    orders = _awaiting(placement_id=placement.pk)
    if not orders:
        return SETTLED
    reason = {EXPIRED: REASON_EXPIRED, TOO_FAR: REASON_TOO_FAR}.get(outcome, REASON_FAILED)
    for order in orders:
        order_mark_unpaid(order=order, reason=reason, now=now)
    # These orders stay as a record, no longer the basket's: it stays frozen until its lines are given back.
    placement.delete()
    return outcome


@transaction.atomic
def basket_restore_after_unpaid(*, basket_id: int, owner=None):
    """The lines of a frozen basket whose payment did not go through, moved to a new open basket (the old one
    marked merged); None if there is nothing to give back (not frozen, still placed, or given back before)."""
    basket = locks.basket_lock(basket_id=basket_id)
    if basket is None or basket.status != Basket.FROZEN or Placement.objects.filter(basket_id=basket_id).exists():
        return None
    restored = Basket.objects.create(owner=owner if owner is not None and owner.is_authenticated else None)
    restored.merge(basket, add_quantities=False)
    return restored
