"""After the order: the shop accepts, refuses, prepares and hands over; the shopper cancels or moves the slot.

Every change locks the order row (orders.locks), checks the move against the pipeline
(OSCAR_ORDER_STATUS_PIPELINE) and who may make it, records an OrderChange (who, when, why), gives
back the slot place and the stock when the order ends without being collected, and owes the
shopper an email (Notice) — all in one transaction, so a change is whole or absent.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from shops.schedule import PARIS, day_bounds

from .. import locks
from ..codes import pickup_code_make
from ..models import LineHandover, Notice, OrderChange, OrderStatus, Pickup, order_status_label
from ..notifications import notice_queue
from ..slots.choice import slot_wanted
from .handover import HandoverQuantityError, handover_quantities_check
from .payment_settle import order_payment_settle_task

Order = get_model("order", "Order")
Line = get_model("order", "Line")

Actor = OrderChange.Actor
# A refusal or cancellation reason: enough for a sentence or two, shown to the shopper as written.
REASON_MAX_LENGTH = 500
# The shopper may move the pickup while the shop has not prepared the order,
SLOT_CHANGE_STATUSES = (OrderStatus.PLACED, OrderStatus.ACCEPTED)
# and cancel it until the shop accepts it.
SHOPPER_CANCEL_STATUSES = (OrderStatus.PLACED,)


class OrderChangeError(Exception):
    """The change was refused; nothing was written. `message` is for the person who asked."""

    def __init__(self, message, code: str = "refused"):
        self.message = str(message)
        self.code = code
        super().__init__(self.message)


def order_accept(*, order, by) -> OrderChange:
    """The shop takes the order (placed → accepted); the shopper is told."""
    return _status_change(order=order, to=OrderStatus.ACCEPTED, by=by, actor=_shop_actor(order=order, user=by))


def order_refuse(*, order, by, reason: str) -> OrderChange:
    """The shop refuses the order (placed → refused) with a reason; slot place and stock are given back."""
    return _status_change(
        order=order, to=OrderStatus.REFUSED, by=by, actor=_shop_actor(order=order, user=by), reason=_reason(reason)
    )


def order_mark_ready(*, order, by) -> OrderChange:
    """The order is prepared (accepted → ready); the shopper is told it can be collected."""
    return _status_change(order=order, to=OrderStatus.READY, by=by, actor=_shop_actor(order=order, user=by))


def order_mark_collected(*, order, by) -> OrderChange:
    """Handed over at the counter (ready → collected): the allocated units leave the stock for good."""
    return _status_change(order=order, to=OrderStatus.COLLECTED, by=by, actor=_shop_actor(order=order, user=by))


@transaction.atomic
def order_hand_over(*, order, by, quantities: Mapping[int, int] | None = None) -> OrderChange:
    """Hand the order over at the counter (→ collected): an accepted one is marked ready first, two changes
    recorded; one the shop has not accepted yet is refused.

    `quantities` (line id → units handed over, a line left out handed over whole) makes it a partial
    handover: only those units leave the stock, the others are given back, and the payment is for them.
    """
    locked = locks.order_lock(order_id=order.pk)
    if locked is not None and locked.status == OrderStatus.PLACED:
        raise OrderChangeError(
            _("acceptez-la d'abord depuis le tableau des commandes, puis remettez-la."), code="not_accepted"
        )
    handed = None
    if quantities and locked is not None:
        try:
            handed = handover_quantities_check(lines=list(locked.lines.order_by("pk")), quantities=quantities)
        except HandoverQuantityError as error:
            raise OrderChangeError(error.message, code="quantity") from error
    if locked is not None and locked.status == OrderStatus.ACCEPTED:
        order_mark_ready(order=order, by=by)
    return _status_change(
        order=order, to=OrderStatus.COLLECTED, by=by, actor=_shop_actor(order=order, user=by), handed=handed
    )


def order_cancel_by_shop(*, order, by, reason: str) -> OrderChange:
    """The shop cancels an order it had accepted or prepared, with a reason; slot place and stock are given back."""
    return _status_change(
        order=order,
        to=OrderStatus.CANCELLED,
        by=by,
        actor=_shop_actor(order=order, user=by),
        reason=_reason(reason),
        allowed_from=(OrderStatus.ACCEPTED, OrderStatus.READY),
    )


def order_cancel_by_shopper(*, order, by=None, reason: str = "") -> OrderChange:
    """The shopper cancels before the shop accepts (placed → cancelled); slot place and stock are given back.

    The caller has checked that the person is the order's shopper (their account, or the signed link).
    """
    return _status_change(
        order=order,
        to=OrderStatus.CANCELLED,
        by=by if by is not None and by.is_authenticated else None,
        actor=Actor.SHOPPER,
        reason=(reason or "").strip()[:REASON_MAX_LENGTH],
        allowed_from=SHOPPER_CANCEL_STATUSES,
    )


def order_mark_not_collected(*, order, now: datetime | None = None) -> OrderChange | None:
    """A ready order nobody collected by its deadline (ready → not collected); None if it has moved since.

    Safe to run twice: the second run finds the order no longer ready. The units go back on sale.
    """
    try:
        return _status_change(order=order, to=OrderStatus.NOT_COLLECTED, by=None, actor=Actor.SYSTEM, now=now)
    except OrderChangeError:
        return None


def order_mark_paid(*, order, now: datetime | None = None) -> OrderChange:
    """3-D Secure passed in time (awaiting payment → placed): the order goes to its shop, its place and stock
    already held. The caller holds the basket's lock and tells the shopper and the shop."""
    return _status_change(order=order, to=OrderStatus.PLACED, by=None, actor=Actor.SYSTEM, now=now)


def order_mark_unpaid(*, order, reason: str, now: datetime | None = None) -> OrderChange:
    """The payment did not go through in time (awaiting payment → unpaid): the slot place and the stock are
    given back, the authorisation cancelled once this commits. Nobody is emailed: the shopper is on the page."""
    return _status_change(order=order, to=OrderStatus.UNPAID, by=None, actor=Actor.SYSTEM, reason=reason, now=now)


def not_collected_after(*, slot_starts_at: datetime, grace_hours: int) -> datetime:
    """When a ready order becomes "not collected": the end of its pickup day (Paris), plus the shop's grace."""
    _starts, midnight = day_bounds(slot_starts_at.astimezone(PARIS).date())
    return midnight + timedelta(hours=grace_hours)


@transaction.atomic
def order_slot_change(*, order, choice, by=None, now: datetime | None = None) -> OrderChange:
    """Move the pickup to another slot of the same shop while the order is not ready; places are swapped
    under the slot locks, so the new slot is never overbooked and the old one frees its place."""
    now = now or timezone.now()
    locked = locks.order_lock(order_id=order.pk)
    if locked is None:
        raise OrderChangeError(_("Cette commande n'existe pas."), code="missing")
    if locked.status not in SLOT_CHANGE_STATUSES:
        raise OrderChangeError(
            _("Le créneau ne peut plus être changé : la commande est « %(status)s ».")
            % {"status": order_status_label(locked.status)},
            code="status",
        )
    pickup = locked.pickup
    shop = pickup.shop
    wanted, refusal = slot_wanted(shop=shop, choice=choice, now=now)
    if wanted is None:
        raise OrderChangeError(refusal[1], code=refusal[0])
    old = pickup.slot
    if wanted.starts_at == old.starts_at:
        raise OrderChangeError(_("C'est déjà le créneau de cette commande."), code="same")
    rows = locks.pickup_slots_lock(wanted=[wanted], also_ids=[old.pk])
    new = rows[(shop.pk, wanted.starts_at)]
    if not locks.slot_book(slot=new):
        raise OrderChangeError(_("Créneau complet : choisissez-en un autre."), code="slot_full")
    locks.slot_release(slot_id=old.pk)
    taken = set(Pickup.objects.filter(slot=new).order_by().values_list("code", flat=True))
    update = {"slot": new}
    if pickup.code in taken:
        # Codes are unique within a slot; the email about the move carries the new one.
        update["code"] = pickup_code_make(taken=taken)
    Pickup.objects.filter(pk=pickup.pk).update(**update)
    for field, value in update.items():
        setattr(pickup, field, value)
    user = by if by is not None and by.is_authenticated else None
    change = OrderChange.objects.create(
        order=locked,
        kind=OrderChange.Kind.SLOT,
        slot_from_at=old.starts_at,
        slot_to_at=new.starts_at,
        actor_kind=Actor.SHOPPER,
        actor=user,
        created_at=now,
    )
    notice_queue(order=locked, kind=Notice.Kind.SLOT_CHANGED, change=change, key=f"slot_changed:{change.pk}")
    # The shop prepares for a time: it hears of the new one.
    notice_queue(order=locked, kind=Notice.Kind.SHOP_SLOT_CHANGED, change=change, key=f"shop_slot_changed:{change.pk}")
    _sync(order, locked)
    return change


# The pipeline move each status change makes, and who may ask for it.
_SHOPPER_EMAIL = {
    OrderStatus.ACCEPTED: Notice.Kind.ACCEPTED,
    OrderStatus.REFUSED: Notice.Kind.REFUSED,
    OrderStatus.READY: Notice.Kind.READY,
    # The receipt: what was handed over, when, where.
    OrderStatus.COLLECTED: Notice.Kind.COLLECTED,
    OrderStatus.CANCELLED: Notice.Kind.CANCELLED,
}
# Ends that free what the order held: its slot place and its allocated units.
_RELEASES = (OrderStatus.REFUSED, OrderStatus.CANCELLED, OrderStatus.NOT_COLLECTED, OrderStatus.UNPAID)


@transaction.atomic
def _status_change(
    *,
    order,
    to: str,
    by,
    actor: str,
    reason: str = "",
    allowed_from: tuple[str, ...] | None = None,
    now: datetime | None = None,
    handed: Mapping[int, int] | None = None,
) -> OrderChange:
    now = now or timezone.now()
    locked = locks.order_lock(order_id=order.pk)
    if locked is None:
        raise OrderChangeError(_("Cette commande n'existe pas."), code="missing")
    pipeline = settings.OSCAR_ORDER_STATUS_PIPELINE
    allowed = to in pipeline.get(locked.status, ()) and (allowed_from is None or locked.status in allowed_from)
    if not allowed:
        raise OrderChangeError(_status_refusal(status=locked.status, to=to), code="status")
    _stock_move(locked=locked, to=to, handed=handed)
    status_from = locked.status
    Order.objects.filter(pk=locked.pk).update(status=to)
    Line.objects.filter(order_id=locked.pk).update(status=to)
    locked.status = to
    change = OrderChange.objects.create(
        order=locked,
        kind=OrderChange.Kind.STATUS,
        status_from=status_from,
        status_to=to,
        actor_kind=actor,
        actor=by if by is not None and by.is_authenticated else None,
        reason=reason,
        created_at=now,
    )
    if to in _SHOPPER_EMAIL:
        notice_queue(order=locked, kind=_SHOPPER_EMAIL[to], change=change)
    if actor == Actor.SHOPPER:
        # The shop would otherwise prepare an order nobody will collect.
        notice_queue(order=locked, kind=Notice.Kind.SHOP_CANCELLED, change=change)
    if to in _RELEASES or to == OrderStatus.COLLECTED:
        # Online payment: captured at collection, released otherwise, once this change is committed.
        transaction.on_commit(partial(order_payment_settle_task.enqueue, order_id=locked.pk))
    _sync(order, locked)
    return change


def _stock_move(*, locked, to: str, handed: Mapping[int, int] | None) -> None:
    """The stock (and slot place) an ending order gives back or uses up; `handed` (line id → units) for a
    partial handover: those units are consumed, the rest of each line released, and kept per line."""
    lines = list(locked.lines.order_by("pk").values_list("pk", "stockrecord_id", "quantity"))
    taken: Counter[int] = Counter()
    left: Counter[int] = Counter()
    for line_id, stockrecord_id, quantity in lines:
        units = quantity if handed is None or to != OrderStatus.COLLECTED else handed[line_id]
        if stockrecord_id is not None:
            taken[stockrecord_id] += units
            left[stockrecord_id] += quantity - units
    # Stock rows in primary-key order, then the slot: the lock order of orders.locks.
    if to in _RELEASES:
        for stockrecord_id in sorted(taken):
            locks.stock_release(stockrecord_id=stockrecord_id, quantity=taken[stockrecord_id])
        # A slot already over gains nothing from a place given back, but the counter stays true.
        locks.slot_release(slot_id=locked.pickup.slot_id)
    elif to == OrderStatus.COLLECTED:
        for stockrecord_id in sorted(taken | left):
            if taken[stockrecord_id]:
                locks.stock_consume(stockrecord_id=stockrecord_id, quantity=taken[stockrecord_id])
            if left[stockrecord_id]:
                locks.stock_release(stockrecord_id=stockrecord_id, quantity=left[stockrecord_id])
        if handed is not None:
            LineHandover.objects.bulk_create(
                LineHandover(line_id=line_id, quantity=handed[line_id]) for line_id, _stock, _qty in lines
            )


def _sync(order, locked) -> None:
    # The caller's instance reflects the change, as if it had been reloaded.
    order.status = locked.status
    if hasattr(locked, "pickup"):
        order.pickup = locked.pickup


def _is_shop_user(*, order, user) -> bool:
    return order.pickup.shop.partner.users.filter(pk=user.pk).exists()


def _shop_actor(*, order, user) -> str:
    """Who acts for the shop: one of its users, or CCI staff who may change any order; anyone else is refused."""
    if user is None or not user.is_authenticated or not user.is_active:
        raise OrderChangeError(_("Connectez-vous pour modifier cette commande."), code="forbidden")
    if _is_shop_user(order=order, user=user):
        return Actor.SHOP
    if user.is_staff and user.has_perm("order.change_order"):
        return Actor.STAFF
    raise OrderChangeError(_("Cette commande n'est pas celle de votre boutique."), code="forbidden")


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise OrderChangeError(_("Indiquez le motif : il est envoyé au client."), code="reason_missing")
    if len(reason) > REASON_MAX_LENGTH:
        raise OrderChangeError(
            _("Le motif est trop long (%(max)d caractères au plus).") % {"max": REASON_MAX_LENGTH},
            code="reason_too_long",
        )
    return reason


def _status_refusal(*, status: str, to: str) -> str:
    if status == to:
        return str(_("Cette commande est déjà « %(status)s ».") % {"status": order_status_label(status)})
    if to == OrderStatus.CANCELLED and status == OrderStatus.ACCEPTED:
        return str(_("La boutique a déjà accepté cette commande : contactez-la pour l'annuler."))
    return str(
        _("Cette commande est « %(status)s » : elle ne peut pas passer à « %(to)s ».")
        % {"status": order_status_label(status), "to": order_status_label(to)}
    )
