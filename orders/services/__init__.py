"""Writes of click and collect. Callers import from here; the modules below are how it is split."""

from ..exceptions import PlacementError, PlacementProblem
from ..slots.capacity import slot_capacity_apply
from ..slots.choice import slot_start_parse
from .customer import Customer
from .lifecycle import (
    REASON_MAX_LENGTH,
    OrderChangeError,
    not_collected_after,
    order_accept,
    order_cancel_by_shop,
    order_cancel_by_shopper,
    order_hand_over,
    order_mark_collected,
    order_mark_not_collected,
    order_mark_ready,
    order_refuse,
    order_slot_change,
)
from .placement import (
    MAX_LINE_QUANTITY,
    PAYMENT_AT_PICKUP,
    order_place_for_basket,
    quantity_clean,
)

__all__ = [
    "REASON_MAX_LENGTH",
    "OrderChangeError",
    "not_collected_after",
    "order_accept",
    "order_cancel_by_shop",
    "order_cancel_by_shopper",
    "order_hand_over",
    "order_mark_collected",
    "order_mark_not_collected",
    "order_mark_ready",
    "order_refuse",
    "order_slot_change",
    "MAX_LINE_QUANTITY",
    "PAYMENT_AT_PICKUP",
    "Customer",
    "PlacementError",
    "PlacementProblem",
    "order_place_for_basket",
    "quantity_clean",
    "slot_capacity_apply",
    "slot_start_parse",
]
