"""Writes of click and collect. Callers import from here; the modules below are how it is split."""

from ..exceptions import PlacementError, PlacementProblem
from .customer import Customer
from .placement import (
    MAX_LINE_QUANTITY,
    PAYMENT_AT_PICKUP,
    order_place_for_basket,
    quantity_clean,
    slot_start_parse,
)
from .slots import slot_capacity_apply

__all__ = [
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
