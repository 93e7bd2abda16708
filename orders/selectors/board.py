"""Reads of the pickup board: one shop's orders by slot, the day's preparation list, the orders of a pickup code.

Every read takes the shop and filters on it: a shop never reads another shop's order, whatever the number
or the code. Each read is a fixed number of queries (the order rows, then their lines and their history),
however many orders the shop has.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from oscar.core.loading import get_model

from shops.models import Shop
from shops.schedule import PARIS, day_bounds

from ..models import ORDER_STATUSES_OPEN, OrderChange, OrderStatus, order_status_label

Order = get_model("order", "Order")
Line = get_model("order", "Line")

# Ends of the pipeline: the board folds these away once the day is over.
ORDER_STATUSES_CLOSED = (
    OrderStatus.COLLECTED,
    OrderStatus.REFUSED,
    OrderStatus.CANCELLED,
    OrderStatus.NOT_COLLECTED,
)


@dataclass(frozen=True)
class SlotGroup:
    """The orders to hand over in one pickup slot, earliest first."""

    starts_at: datetime
    ends_at: datetime
    orders: tuple


@dataclass(frozen=True)
class DayGroup:
    """One day (Paris) of the board: its slots in time order."""

    day: date
    slots: tuple[SlotGroup, ...]


@dataclass(frozen=True)
class Board:
    """What the shop has to do: new orders to answer, accepted and ready ones by day and slot, today's closed ones."""

    today: date
    new: tuple
    days: tuple[DayGroup, ...]
    closed: tuple

    @property
    def late_count(self) -> int:
        return sum(1 for order in self.new if order.is_late)


@dataclass(frozen=True)
class PrepItem:
    """One product to prepare for the day, its quantities summed over the day's open orders."""

    title: str
    quantity: int
    orders_count: int


@dataclass(frozen=True)
class PrepList:
    """The day's preparation: products summed, then the orders slot by slot."""

    day: date
    items: tuple[PrepItem, ...]
    slots: tuple[SlotGroup, ...]
    orders_count: int = 0


def _with_details(queryset: QuerySet) -> QuerySet:
    # Three queries whatever the number of orders: the rows (pickup, slot and account joined), lines, history.
    return queryset.select_related("pickup__slot", "user").prefetch_related(
        Prefetch("lines", queryset=Line.objects.order_by("pk")),
        Prefetch("changes", queryset=OrderChange.objects.select_related("actor").order_by("created_at", "pk")),
    )


def _annotate(orders, *, now: datetime | None = None) -> None:
    # What the cards show beside the order's own fields: its status in words, and whether it is late.
    for order in orders:
        accept_by = order.pickup.accept_by
        order.status_label = order_status_label(order.status)
        order.is_late = (
            now is not None and order.status == OrderStatus.PLACED and accept_by is not None and accept_by < now
        )


def _by_slot(orders) -> tuple[SlotGroup, ...]:
    groups: dict[int, list] = {}
    for order in orders:
        groups.setdefault(order.pickup.slot_id, []).append(order)
    slots = [
        SlotGroup(
            starts_at=members[0].pickup.slot.starts_at, ends_at=members[0].pickup.slot.ends_at, orders=tuple(members)
        )
        for members in groups.values()
    ]
    return tuple(sorted(slots, key=lambda group: group.starts_at))


def _slot_order(order) -> tuple:
    return (order.pickup.slot.starts_at, order.date_placed, order.pk)


def board_for_shop(*, shop: Shop, now: datetime) -> Board:
    """The shop's board at `now`: every open order (new ones apart, late ones flagged), and the orders closed
    today or due today, in 3 queries."""
    today = now.astimezone(PARIS).date()
    starts, ends = day_bounds(today)
    closed_today = Exists(
        OrderChange.objects.filter(
            order=OuterRef("pk"), status_to__in=ORDER_STATUSES_CLOSED, created_at__gte=starts, created_at__lt=ends
        )
    )
    due_today = Q(pickup__slot__starts_at__gte=starts, pickup__slot__starts_at__lt=ends)
    orders = list(
        _with_details(
            Order.objects.filter(pickup__shop=shop).filter(
                Q(status__in=ORDER_STATUSES_OPEN) | (Q(status__in=ORDER_STATUSES_CLOSED) & (due_today | closed_today))
            )
        )
    )
    orders.sort(key=_slot_order)
    _annotate(orders, now=now)
    new = [order for order in orders if order.status == OrderStatus.PLACED]
    going = [order for order in orders if order.status in (OrderStatus.ACCEPTED, OrderStatus.READY)]
    closed = [order for order in orders if order.status in ORDER_STATUSES_CLOSED]
    days: dict[date, list] = {}
    for order in going:
        days.setdefault(order.pickup.slot.starts_at.astimezone(PARIS).date(), []).append(order)
    return Board(
        today=today,
        new=tuple(new),
        days=tuple(DayGroup(day=day, slots=_by_slot(members)) for day, members in days.items()),
        closed=tuple(closed),
    )


def prep_list_for_day(*, shop: Shop, day: date) -> PrepList:
    """What the shop prepares for the Paris day `day`: its open orders' lines summed per product, and the
    orders slot by slot, in 3 queries."""
    starts, ends = day_bounds(day)
    orders = list(
        _with_details(
            Order.objects.filter(
                pickup__shop=shop,
                status__in=ORDER_STATUSES_OPEN,
                pickup__slot__starts_at__gte=starts,
                pickup__slot__starts_at__lt=ends,
            )
        )
    )
    orders.sort(key=_slot_order)
    _annotate(orders)
    totals: dict[object, list] = {}
    for order in orders:
        for line in order.lines.all():
            # A product deleted since the order keeps its line: the title it was sold under stands for it.
            key = line.product_id if line.product_id is not None else ("title", line.title)
            entry = totals.setdefault(key, [line.title, 0, set()])
            entry[1] += line.quantity
            entry[2].add(order.pk)
    items = sorted(
        (
            PrepItem(title=title, quantity=quantity, orders_count=len(order_ids))
            for title, quantity, order_ids in totals.values()
        ),
        key=lambda item: item.title.casefold(),
    )
    return PrepList(day=day, items=tuple(items), slots=_by_slot(orders), orders_count=len(orders))


def board_order(*, shop: Shop, number: str):
    """The shop's order with this number, or None: another shop's number finds nothing."""
    return Order.objects.filter(pickup__shop=shop, number=number).select_related("pickup__slot").first()


def orders_for_code(*, shop: Shop, code: str, now: datetime | None = None) -> list:
    """The shop's open orders whose pickup code is `code` (a code is unique within a slot, not across them)."""
    orders = list(
        _with_details(Order.objects.filter(pickup__shop=shop, pickup__code=code, status__in=ORDER_STATUSES_OPEN))
    )
    orders.sort(key=_slot_order)
    _annotate(orders, now=now)
    return orders


def orders_new_count(*, user) -> int:
    """How many orders of the user's shop wait for an answer (placed), in one query; 0 for anyone else."""
    if not user.is_authenticated:
        return 0
    # The same shop as shops.access.shop_of_user: the user's first one.
    shop_id = Subquery(Shop.objects.filter(partner__users=user).order_by("pk").values("pk")[:1])
    return Order.objects.filter(pickup__shop_id=shop_id, status=OrderStatus.PLACED).count()
