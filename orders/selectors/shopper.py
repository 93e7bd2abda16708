"""Reads of the shopper's order pages: their own orders, one order by its signed link, its timeline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache

import segno
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from oscar.core.loading import get_model

from orders.models import ORDER_STATUSES_NOT_PAID, ORDER_STATUSES_OPEN, OrderChange, OrderStatus
from orders.notifications import order_track_token, order_track_token_read
from orders.services.lifecycle import SHOPPER_CANCEL_STATUSES, SLOT_CHANGE_STATUSES
from shops.schedule import Slot

Order = get_model("order", "Order")

# The road of an order that goes well; an order that ends otherwise stops on the way.
STEPS = (OrderStatus.PLACED, OrderStatus.ACCEPTED, OrderStatus.READY, OrderStatus.COLLECTED)
ENDS = (OrderStatus.REFUSED, OrderStatus.CANCELLED, OrderStatus.NOT_COLLECTED)
# Each step as the shopper reads it on their order page (the list uses OrderStatus labels).
STEP_LABELS = {
    OrderStatus.PLACED: _("Commande envoyée à la boutique"),
    OrderStatus.ACCEPTED: _("Acceptée par la boutique"),
    OrderStatus.READY: _("Prête à retirer"),
    OrderStatus.COLLECTED: _("Retirée"),
    OrderStatus.REFUSED: _("Refusée"),
    OrderStatus.CANCELLED: _("Annulée"),
    OrderStatus.NOT_COLLECTED: _("Non retirée"),
}
ACTOR_LABELS = {
    OrderChange.Actor.SHOP: pgettext_lazy("changement fait", "par la boutique"),
    OrderChange.Actor.SHOPPER: pgettext_lazy("changement fait", "par vous"),
    OrderChange.Actor.STAFF: pgettext_lazy("changement fait", "par l'équipe En bas de ma rue"),
    OrderChange.Actor.SYSTEM: "",
}


@dataclass(frozen=True)
class TimelineStep:
    """One step of the order's timeline: reached (with when, by whom, why) or still to come."""

    status: str
    label: str
    at: datetime | None = None
    done: bool = False
    current: bool = False
    actor: str = ""
    reason: str = ""

    @property
    def is_end(self) -> bool:
        return self.status in ENDS


def order_list_for_user(*, user) -> QuerySet:
    """The user's own orders, those still open first, newest first in each group (one query a page); not a
    basket still at its bank's 3-D Secure, nor one whose payment failed (it was never ordered)."""
    return _order_list_queryset().filter(user=user)


@cache
def _order_list_queryset() -> QuerySet:
    # Built once per process, filtered per user: building it cost more than its query (every "Mes commandes").
    return (
        Order.objects.filter(pickup__isnull=False)
        .exclude(status__in=ORDER_STATUSES_NOT_PAID)
        .select_related("pickup__shop", "pickup__slot")
        .annotate(
            is_open=Case(
                When(status__in=ORDER_STATUSES_OPEN, then=Value(1)), default=Value(0), output_field=IntegerField()
            )
        )
        .order_by("-is_open", "-date_placed", "-pk")
    )


def _order_page_queryset() -> QuerySet:
    return (
        Order.objects.filter(pickup__isnull=False)
        .select_related("pickup__shop", "pickup__slot")
        .prefetch_related("lines", "changes", "pickup__shop__opening_ranges")
    )


def order_get_for_user(*, user, number: str):
    """The user's own order with this number, ready for its page; None for anyone else's (or a guest's)."""
    if not user.is_authenticated:
        return None
    return _order_page_queryset().filter(user=user, number=number).first()


def order_get_for_token(*, token: str):
    """The order a signed link was made for, ready for its page; None for a tampered or unknown token."""
    order_id = order_track_token_read(token)
    if order_id is None:
        return None
    return _order_page_queryset().filter(pk=order_id).first()


def order_timeline(*, order) -> list[TimelineStep]:
    """The steps of the order from its OrderChange rows: those reached with their date, the rest to come.

    An order that ended without being collected shows the steps it reached, then its end with the reason.
    """
    reached = {change.status_to: change for change in order.changes.all() if change.kind == OrderChange.Kind.STATUS}
    steps = [TimelineStep(status=OrderStatus.PLACED, label=STEP_LABELS[OrderStatus.PLACED], at=order.date_placed)]
    for status in STEPS[1:]:
        change = reached.get(status)
        if change is not None:
            steps.append(_step_from_change(change))
        elif order.status in ORDER_STATUSES_OPEN:
            steps.append(TimelineStep(status=status, label=STEP_LABELS[status]))
    if order.status in ENDS and order.status in reached:
        steps.append(_step_from_change(reached[order.status]))
    return [
        TimelineStep(
            status=step.status,
            label=step.label,
            at=step.at,
            done=step.at is not None,
            current=step.status == order.status,
            actor=step.actor,
            reason=step.reason,
        )
        for step in steps
    ]


def _step_from_change(change: OrderChange) -> TimelineStep:
    return TimelineStep(
        status=change.status_to,
        label=STEP_LABELS.get(change.status_to, change.status_to),
        at=change.created_at,
        # Who ended it matters (you, the shop, the CCI team); the other steps are always the shop's.
        actor=ACTOR_LABELS.get(change.actor_kind, "") if change.status_to in ENDS else "",
        reason=change.reason,
    )


def order_slot_changes(*, order) -> list[OrderChange]:
    """The order's slot moves, oldest first (from the prefetched changes)."""
    return [change for change in order.changes.all() if change.kind == OrderChange.Kind.SLOT]


def order_can_cancel(*, order) -> bool:
    """Whether the page offers to cancel (the service decides again under the order lock)."""
    return order.status in SHOPPER_CANCEL_STATUSES


def order_can_change_slot(*, order) -> bool:
    """Whether the page offers to move the slot (the service decides again under the order lock)."""
    return order.status in SLOT_CHANGE_STATUSES


def order_is_open(*, order) -> bool:
    """Still to be handed over: the pickup code and its QR code are worth showing."""
    return order.status in ORDER_STATUSES_OPEN


def order_slot_key(*, order) -> str:
    """The key (shops.schedule.Slot.key) of the order's current slot, to mark it in the picker."""
    slot = order.pickup.slot
    return Slot(starts_at=slot.starts_at, ends_at=slot.ends_at).key


def order_page_path(*, order, user) -> str:
    """The order's page for this visitor: "Mes commandes" for its account holder, else its signed link."""
    if user is not None and user.is_authenticated and order.user_id == user.pk:
        return reverse("orders:detail", kwargs={"number": order.number})
    return reverse("orders:track", kwargs={"token": order_track_token(order=order)})


def pickup_qr_svg(*, code: str) -> SafeString:
    """The pickup code as an inline SVG QR code (a full QR code: phone scanners do not all read Micro QR)."""
    qr = segno.make_qr(code, error="m")
    # The SVG is ours from end to end (segno escapes the title), so it can go in the page as is.
    return mark_safe(qr.svg_inline(scale=1, border=2, omitsize=True, svgclass="pickup-qr", title=str(code)))  # noqa: S308
