"""Emails of click and collect: one confirmation per placed order, sent once the orders are committed."""

from __future__ import annotations

from functools import partial

from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from marketplace.emails import email_send
from shops.schedule import PARIS

WEEKDAYS = {
    1: _("lundi"),
    2: _("mardi"),
    3: _("mercredi"),
    4: _("jeudi"),
    5: _("vendredi"),
    6: _("samedi"),
    7: _("dimanche"),
}


def order_placed_context(*, order) -> dict:
    """What the confirmation email says about one order, as plain JSON-serialisable values."""
    pickup = order.pickup
    shop = pickup.shop
    starts_at = pickup.slot.starts_at.astimezone(PARIS)
    ends_at = pickup.slot.ends_at.astimezone(PARIS)
    hours = [
        f"{WEEKDAYS[r.weekday]} : {r.opens:%H:%M} – {r.closes:%H:%M}"
        for r in sorted(shop.opening_ranges.all(), key=lambda r: (r.weekday, r.opens))
    ]
    return {
        "number": order.number,
        "customer_name": pickup.customer_name,
        "shop_name": shop.name,
        "shop_address": shop.address,
        "shop_town": f"{shop.postcode} {shop.town}".strip(),
        "shop_phone": shop.phone,
        "hours": [str(h) for h in hours],
        "instructions": shop.pickup_instructions,
        "slot_day": formats.date_format(starts_at, "l j F"),
        "slot_starts": starts_at.strftime("%H:%M"),
        "slot_ends": ends_at.strftime("%H:%M"),
        "code": pickup.code,
        "total": formats.number_format(order.total_incl_tax, 2),
    }


def order_placed_notify(*, orders: list) -> None:
    """Queue one confirmation email per order, after the transaction that placed them commits."""
    for order in orders:
        email = order.email
        if email:
            transaction.on_commit(
                partial(email_send, to=[email], template="order_placed", context=order_placed_context(order=order))
            )
