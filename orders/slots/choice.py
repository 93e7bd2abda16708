"""Whether a slot a shopper chose is one the shop's rules still offer, and if not, why (in their words)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from shops.models import Shop
from shops.schedule import PARIS, Hours, slots_offered
from shops.selectors.public import shop_hours

from ..models import PickupSlot

# Longer than any slot key ("2030-03-31T07:30Z"): anything else is not worth parsing.
SLOT_KEY_MAX_LENGTH = 32

SlotChoice = str | datetime | PickupSlot


def slot_start_parse(value) -> datetime | None:
    """The aware start of a slot from a Slot.key ("2030-03-31T07:30Z") or an aware datetime, else None."""
    if isinstance(value, datetime):
        return value if value.utcoffset() is not None else None
    if not isinstance(value, str) or len(value) > SLOT_KEY_MAX_LENGTH:
        return None
    try:
        return datetime.strptime(value.strip(), "%Y-%m-%dT%H:%MZ").replace(tzinfo=UTC)
    except ValueError:
        return None


def slot_wanted(*, shop: Shop, choice, now: datetime) -> tuple[PickupSlot | None, tuple[str, str] | None]:
    """An unsaved PickupSlot for the slot `choice` if the shop's rules offer it at `now`, else (code, message)."""
    if choice is None or choice == "":
        return None, ("slot_missing", str(_("Choisissez un créneau de retrait.")))
    if isinstance(choice, PickupSlot) and choice.shop_id != shop.pk:
        return None, ("slot_other_shop", str(_("Ce créneau est celui d'une autre boutique.")))
    starts_at = choice.starts_at if isinstance(choice, PickupSlot) else slot_start_parse(choice)
    if starts_at is None:
        return None, ("slot_invalid", str(_("Ce créneau n'existe pas.")))
    hours = shop_hours(shop=shop)
    # Same rules, fewer slots to compute while holding locks: only the ranges of the chosen
    # slot's weekday can produce it.
    weekday = starts_at.astimezone(PARIS).isoweekday()
    that_weekday = Hours(ranges=tuple(r for r in hours.ranges if r[0] == weekday), closures=hours.closures)
    offered = {
        slot.starts_at: slot
        for slot in slots_offered(
            hours=that_weekday,
            now=now,
            slot_minutes=shop.slot_minutes,
            preparation_minutes=shop.preparation_minutes,
            days_ahead=shop.days_ahead,
            same_day_cutoff=shop.same_day_cutoff,
        )
    }
    slot = offered.get(starts_at)
    if slot is None:
        return None, _slot_refusal(shop=shop, hours=hours, starts_at=starts_at, now=now)
    return PickupSlot(shop=shop, starts_at=slot.starts_at, ends_at=slot.ends_at, capacity=shop.slot_capacity), None


def _slot_refusal(*, shop: Shop, hours: Hours, starts_at: datetime, now: datetime) -> tuple[str, str]:
    """Why the shop's rules do not offer this slot, in the shopper's words."""
    local_now = now.astimezone(PARIS)
    day = starts_at.astimezone(PARIS).date()
    if starts_at <= now:
        return "slot_past", str(_("Ce créneau est déjà passé : choisissez-en un autre."))
    if starts_at < now + timedelta(minutes=shop.preparation_minutes):
        return "slot_too_soon", ngettext(
            "Ce créneau est trop proche : la boutique a besoin de %(minutes)d minute pour préparer la commande.",
            "Ce créneau est trop proche : la boutique a besoin de %(minutes)d minutes pour préparer la commande.",
            shop.preparation_minutes,
        ) % {"minutes": shop.preparation_minutes}
    if (day - local_now.date()).days >= shop.days_ahead:
        return "slot_too_far", ngettext(
            "Ce créneau est trop lointain : la boutique prend les commandes %(days)d jour à l'avance au plus.",
            "Ce créneau est trop lointain : la boutique prend les commandes %(days)d jours à l'avance au plus.",
            shop.days_ahead,
        ) % {"days": shop.days_ahead}
    if hours.is_closed_on(day):
        return "slot_closed", str(_("La boutique est fermée ce jour-là."))
    if day == local_now.date() and shop.same_day_cutoff is not None and local_now.time() >= shop.same_day_cutoff:
        return "slot_after_cutoff", str(_("Il est trop tard pour un retrait aujourd'hui."))
    return "slot_not_offered", str(_("La boutique ne propose pas ce créneau."))
