"""Work done on a clock (the orders_jobs command, every few minutes): each job is safe to run twice.

A job changes an order only through the lifecycle services, which re-check the status under the
order's lock, and owes an email only through a Notice keyed by its event: a second run, or two runs
at once, change the same orders once and send each email once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from django.utils import timezone
from oscar.core.loading import get_model

from shops.schedule import PARIS, day_bounds

from ..models import Notice, OrderStatus, Pickup
from ..notifications import notice_queue, notices_retry
from .lifecycle import not_collected_after, order_mark_not_collected
from .payment_holds import payment_holds_release_due
from .payment_settle import order_payment_settle, orders_payment_unsettled
from .privacy import guest_orders_depersonalise_due

Order = get_model("order", "Order")

# The shopper's reminder goes out from this hour (Paris) on the pickup day.
PICKUP_REMINDER_FROM = time(7)


@dataclass(frozen=True)
class JobsReport:
    not_collected: int
    shops_reminded: int
    shoppers_reminded: int
    emails_retried: int
    guests_erased: int = 0
    # Online payments captured or released again after Stripe failed at the time.
    payments_settled: int = 0
    # Baskets awaiting 3-D Secure past their hold: orders released, places and stock freed, intents cancelled.
    holds_released: int = 0


def orders_jobs_run(*, now: datetime | None = None) -> JobsReport:
    """Every clock job once: holds of unfinished payments, no-shows, late acceptances, the morning reminders,
    emails to retry, guests' data past its retention period."""
    now = now or timezone.now()
    # First, so the places and stock it frees are free for the rest, and its cancellations settled below.
    holds_released = payment_holds_release_due(now=now)
    return JobsReport(
        not_collected=orders_mark_not_collected_due(now=now),
        shops_reminded=orders_remind_unaccepted(now=now),
        shoppers_reminded=pickups_remind_today(now=now),
        emails_retried=notices_retry(now=now),
        # RGPD: guests' names, phones and emails leave their old orders (orders.services.privacy).
        guests_erased=guest_orders_depersonalise_due(now=now),
        payments_settled=orders_payment_settle_due(),
        holds_released=holds_released,
    )


def orders_payment_settle_due() -> int:
    """Settles every ended or collected order whose online payment is still only authorised; safe to run twice."""
    return sum(1 for order_id in list(orders_payment_unsettled()) if order_payment_settle(order_id=order_id))


def orders_mark_not_collected_due(*, now: datetime | None = None) -> int:
    """Ready orders past the end of their pickup day plus the shop's grace become "not collected"; how many."""
    now = now or timezone.now()
    # The widest grace a shop may set is bounded by the field; the exact deadline is checked per order.
    candidates = (
        Pickup.objects.filter(order__status=OrderStatus.READY, slot__starts_at__lt=now)
        .select_related("slot", "shop", "order")
        .order_by("slot__starts_at", "pk")
    )
    changed = 0
    for pickup in candidates.iterator(chunk_size=200):
        due = not_collected_after(slot_starts_at=pickup.slot.starts_at, grace_hours=pickup.shop.no_show_grace_hours)
        if now >= due and order_mark_not_collected(order=pickup.order, now=now) is not None:
            changed += 1
    return changed


def orders_remind_unaccepted(*, now: datetime | None = None) -> int:
    """One reminder to the shop per order still waiting past its acceptance delay; how many were owed now."""
    now = now or timezone.now()
    late = (
        Order.objects.filter(status=OrderStatus.PLACED, pickup__accept_by__lte=now)
        .exclude(notices__kind=Notice.Kind.SHOP_ACCEPT_REMINDER)
        .select_related("pickup__shop__partner", "pickup__slot")
        .order_by("pk")
    )
    return sum(notice_queue(order=order, kind=Notice.Kind.SHOP_ACCEPT_REMINDER) is not None for order in late)


def pickups_remind_today(*, now: datetime | None = None) -> int:
    """From 7:00 on the pickup day, one reminder per order placed before that day; how many were owed now."""
    now = now or timezone.now()
    local = now.astimezone(PARIS)
    if local.time() < PICKUP_REMINDER_FROM:
        return 0
    today = local.date()
    day_starts, day_ends = day_bounds(today)
    due = (
        Order.objects.filter(
            status__in=(OrderStatus.ACCEPTED, OrderStatus.READY),
            pickup__slot__starts_at__gt=now,
            pickup__slot__starts_at__lt=day_ends,
            date_placed__lt=day_starts,
        )
        .exclude(notices__kind=Notice.Kind.PICKUP_REMINDER)
        .select_related("pickup__shop", "pickup__slot", "user")
        .order_by("pk")
    )
    return sum(notice_queue(order=order, kind=Notice.Kind.PICKUP_REMINDER) is not None for order in due)


__all__ = [
    "JobsReport",
    "orders_jobs_run",
    "orders_mark_not_collected_due",
    "orders_remind_unaccepted",
    "pickups_remind_today",
]
