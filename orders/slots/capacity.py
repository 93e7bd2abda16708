"""Slot counters kept in step with the shop's pickup settings (shops tells us through a signal)."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django.utils import timezone

from kernel.page_cache import public_pages_changed
from shops.models import Shop

from ..models import PickupSlot


@transaction.atomic
def slot_capacity_apply(*, shop: Shop, now: datetime | None = None) -> int:
    """Give the shop's coming slots its current capacity, never below what is already booked; how many changed.

    Slots nobody booked yet have no row and read the shop's setting directly; this is for the others,
    when the shopkeeper changes "commandes par créneau".
    """
    now = now or timezone.now()
    # One UPDATE: each row is locked while it changes, like a booking, so no booking is lost.
    changed = (
        PickupSlot.objects.filter(shop=shop, starts_at__gt=now)
        .exclude(capacity=Greatest(F("booked"), shop.slot_capacity))
        .update(capacity=Greatest(F("booked"), shop.slot_capacity))
    )
    if changed:
        public_pages_changed()
    return changed


def pickup_capacity_changed_receive(sender, *, shop: Shop, **kwargs) -> None:
    """Receiver of shops.signals.pickup_capacity_changed, sent inside the settings' own transaction."""
    slot_capacity_apply(shop=shop)
