"""Placing a basket: one Oscar order per shop, each with its pickup slot and code, all or nothing."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from datetime import datetime
from functools import partial

from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from oscar.apps.order.signals import order_placed
from oscar.core.loading import get_class, get_model

from shops.models import Shop

from .. import locks
from ..exceptions import PlacementError, PlacementProblem
from ..models import PickupSlot
from ..selectors.basket import order_list_for_basket
from ..slots.availability import shops_hours_prefetch
from ..slots.choice import SlotChoice, slot_wanted
from .business import business_lines_check, business_purchases_write
from .customer import Contact, Customer, customer_check
from .order_creator import ShopBasketPart, ShopOrderCreator
from .payment_holds import basket_freeze_for_payment
from .placement_write import orders_write
from .stock_alerts import stock_alerts_open

Basket = get_model("basket", "Basket")
LineAttribute = get_model("basket", "LineAttribute")
Applicator = get_class("offer.applicator", "Applicator")
Selector = get_class("partner.strategy", "Selector")

PAYMENT_AT_PICKUP = "pickup"
# Card authorised at checkout on each shop's own Stripe account (orders/services/online.py).
PAYMENT_ONLINE = "online"
PAYMENT_METHODS = frozenset({PAYMENT_AT_PICKUP, PAYMENT_ONLINE})
# A neighbourhood shop's line: far above any real order, far below what would overflow a counter.
MAX_LINE_QUANTITY = 999


@transaction.atomic
def order_place_for_basket(
    *,
    basket,
    customer: Customer,
    choices: Mapping[int | str, SlotChoice],
    payment: str = PAYMENT_AT_PICKUP,
    now: datetime | None = None,
    online: Mapping[int, str] | None = None,
    payment_due_at: datetime | None = None,
) -> list:
    """Place the basket as one Oscar order per shop, all or none; a basket placed before returns its orders.

    Orders written by this call carry `placed_now = True`; orders found already placed (a retry, a
    second tab) carry False, so callers notify each order once.

    `choices` maps each shop id of the basket to its slot (a Slot.key, an aware datetime or a PickupSlot).
    Slot, capacity, stock, prices and partners are (re)checked from the database under the locks of
    orders.locks. On any problem, PlacementError lists them all, by shop, and nothing is written.
    `online` maps each shop id to its authorisation at Stripe when the basket is paid online. With
    `payment_due_at` (3-D Secure still to pass), the orders are written "awaiting payment": they hold their
    slot places and stock until then, the basket is frozen rather than submitted, and nobody is told yet
    (orders.services.payment_holds confirms or releases them).
    """
    now = now or timezone.now()
    locked, placed = _basket_lock(basket=basket)
    if placed is not None:
        return placed
    contact, lines, problems = _basket_check(basket=locked, customer=customer, payment=payment, online=online)
    stockrecords = locks.stockrecords_lock(stockrecord_ids=[line.stockrecord_id for line in lines])
    parts, line_problems = _lines_by_shop(lines=lines, stockrecords=stockrecords, strategy=locked.strategy)
    problems += line_problems
    business, business_problems = business_lines_check(parts=parts, user=contact and contact.user, now=now)
    problems += business_problems
    shops_hours_prefetch(shops=[part.shop for part in parts], now=now)
    wanted, slot_problems = _slots_wanted(parts=parts, choices=choices, now=now)
    problems += slot_problems
    slots = locks.pickup_slots_lock(wanted=list(wanted.values()))
    problems += _slots_full(parts=parts, wanted=wanted, slots=slots)
    if problems:
        raise PlacementError(problems)
    _book(parts=parts, wanted=wanted, slots=slots)
    orders = orders_write(
        basket=locked,
        parts=parts,
        slots=slots,
        wanted=wanted,
        contact=contact,
        now=now,
        online=online,
        payment_due_at=payment_due_at,
    )
    business_purchases_write(orders=orders, identity=business, now=now)
    if payment_due_at is not None:
        basket_freeze_for_payment(basket=basket, locked=locked, orders=orders)
    else:
        _basket_submit(basket=basket, locked=locked, orders=orders, user=contact.user)
    return orders


def _basket_lock(*, basket):
    """The basket row, locked, and the orders it became if it was placed before (else None)."""
    if basket is None or basket.pk is None:
        raise PlacementError([_problem("basket_empty", _("Votre panier est vide."))])
    # Two submissions of one basket queue on this lock; the second one finds the first one's orders.
    locked = locks.basket_lock(basket_id=basket.pk)
    if locked is None:
        raise PlacementError([_problem("basket_missing", _("Ce panier n'existe plus."))])
    placed = order_list_for_basket(basket_id=locked.pk)
    if placed is not None:
        for order in placed:
            order.placed_now = False
        return locked, placed
    if locked.status not in (Basket.OPEN, Basket.FROZEN):
        raise PlacementError([_problem("basket_closed", _("Ce panier a déjà été validé ou n'est plus actif."))])
    return locked, None


def _basket_check(
    *, basket, customer: Customer, payment: str, online: Mapping | None
) -> tuple[Contact | None, list, list[PlacementProblem]]:
    """Who orders, the basket's lines (priced by our strategy) and what is wrong with the order as a whole."""
    contact, problems = customer_check(customer=customer, basket=basket)
    if payment not in PAYMENT_METHODS or (payment == PAYMENT_ONLINE) != bool(online):
        problems.append(_problem("payment_unknown", _("Ce moyen de paiement n'est pas proposé.")))
    lines = list(
        basket.lines.select_related("product")
        .annotate(has_attributes=Exists(LineAttribute.objects.filter(line=OuterRef("pk"))))
        .order_by("pk")
    )
    # Options chosen for a product (Oscar's line attributes) are rare: read for the lines that have some.
    prefetch_related_objects(
        [line for line in lines if line.has_attributes],
        Prefetch("attributes", queryset=LineAttribute.objects.select_related("option")),
    )
    if not lines:
        raise PlacementError([_problem("basket_empty", _("Votre panier est vide."))])
    user = contact.user if contact else None
    # Oscar's basket API (offers, line prices) reads these lines and this strategy.
    basket._lines = lines
    basket.strategy = Selector().strategy(user=user)
    problems += _discounts_check(basket=basket, user=user)
    return contact, lines, problems


def _slots_full(*, parts: list[ShopBasketPart], wanted: dict, slots: dict) -> list[PlacementProblem]:
    return [
        _shop_problem(shop_id, parts, "slot_full", _("Créneau complet : choisissez-en un autre."))
        for shop_id, slot in wanted.items()
        if slots[(shop_id, slot.starts_at)].is_full
    ]


def _book(*, parts: list[ShopBasketPart], wanted: dict, slots: dict) -> None:
    """Take a place in each slot and the units of each product, all checked under lock just before."""
    # The conditional UPDATEs below cannot fail short of a bug, and if one did, raising rolls back
    # everything this transaction wrote.
    if not locks.slots_book(slots=[slots[(shop_id, slot.starts_at)] for shop_id, slot in wanted.items()]):
        raise PlacementError([_problem("slot_full", _("Créneau complet : choisissez-en un autre."))])
    allocated = _stock_wanted(parts=parts)
    if not locks.stocks_allocate(wanted=allocated):
        raise PlacementError([_problem("stock", _("Stock épuisé."))])
    stock_alerts_open(stockrecords=[stockrecord for stockrecord, _quantity in allocated])


def _basket_submit(*, basket, locked, orders: list, user) -> None:
    locked.submit()
    # The caller's copy of the basket (the request's) must not look open any more.
    basket.status, basket.date_submitted = locked.status, locked.date_submitted
    for order in orders:
        order.placed_now = True
        # As Oscar's OrderCreator does, but only once the orders are sure to exist.
        transaction.on_commit(partial(order_placed.send, sender=ShopOrderCreator, order=order, user=user))


def quantity_clean(value) -> int | None:
    """A basket line's quantity if it is a whole number from 1 to MAX_LINE_QUANTITY, else None."""
    # bool is an int to Python; a float, Decimal or text here means the line was tampered with.
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value if 1 <= value <= MAX_LINE_QUANTITY else None


def _problem(code: str, message, **fields) -> PlacementProblem:
    return PlacementProblem(code=code, message=str(message), **fields)


def _shop_problem(shop_id: int, parts: list[ShopBasketPart], code: str, message, **fields) -> PlacementProblem:
    name = next((part.shop.name for part in parts if part.shop.pk == shop_id), "")
    return _problem(code, message, shop_id=shop_id, shop_name=name, **fields)


def _discounts_check(*, basket, user) -> list[PlacementProblem]:
    """Vouchers and offers are refused: applied to a basket, they would not say which shop gives them."""
    # Read once: Oscar's Applicator reads them again for a signed-in shopper.
    prefetch_related_objects([basket], "vouchers")
    if basket.vouchers.all():
        return [
            _problem(
                "voucher",
                _("Les codes de réduction ne sont pas encore acceptés : retirez-le de votre panier pour commander."),
            )
        ]
    Applicator().apply(basket, user=user)
    if basket.offer_applications:
        names = ", ".join(str(application["offer"].name) for application in basket.offer_applications)
        return [
            _problem(
                "offer",
                _("Les promotions ne peuvent pas encore être appliquées au retrait en boutique (%(names)s).")
                % {"names": names},
            )
        ]
    return []


def _lines_by_shop(*, lines: list, stockrecords: dict, strategy) -> tuple[list[ShopBasketPart], list[PlacementProblem]]:
    """The basket's lines grouped by shop (in basket order), priced from the locked stock records."""
    parts: dict[int, ShopBasketPart] = {}
    problems: list[PlacementProblem] = []
    for line in lines:
        stockrecord = stockrecords.get(line.stockrecord_id)
        shop = getattr(stockrecord.partner, "shop", None) if stockrecord else None
        if shop is not None:
            part = parts.setdefault(shop.pk, ShopBasketPart(shop=shop))
        title = line.product.get_title()
        fields = {"shop_id": shop.pk, "shop_name": shop.name} if shop else {}
        # The stock record (and through it the shop and the price) must be the product's own: the basket
        # row is only a pointer, and a tampered one is refused rather than guessed at.
        if (
            shop is None
            or stockrecord.product_id != line.product_id
            or not stockrecord.product.is_public
            or stockrecord.product.is_parent
            or stockrecord.price is None
        ):
            problems.append(
                _problem(
                    "product_unavailable",
                    _("« %(title)s » n'est plus en vente : retirez-le de votre panier.") % {"title": title},
                    line_id=line.pk,
                    **fields,
                )
            )
            continue
        if shop.status != Shop.Status.APPROVED:
            # Said once per shop, not once per line.
            if not any(p.code == "shop_closed" and p.shop_id == shop.pk for p in problems):
                problems.append(
                    _problem("shop_closed", _("Cette boutique ne prend pas de commande en ce moment."), **fields)
                )
            continue
        if quantity_clean(line.quantity) is None:
            problems.append(
                _problem(
                    "quantity_invalid",
                    _("« %(title)s » : la quantité doit être un nombre entier entre 1 et %(max)d.")
                    % {"title": title, "max": MAX_LINE_QUANTITY},
                    line_id=line.pk,
                    **fields,
                )
            )
            continue
        # Prices come from the locked row, never from what the basket line remembers (Oscar's
        # fetch_for_line would read the product's stock record again, outside the lock).
        line.stockrecord = stockrecord
        line.product = stockrecord.product
        line._info = strategy.fetch_for_product(stockrecord.product, stockrecord=stockrecord)
        part.lines.append(line)
    problems += _stock_check(parts=list(parts.values()))
    return [part for part in parts.values() if part.lines], problems


def _stock_check(*, parts: list[ShopBasketPart]) -> list[PlacementProblem]:
    problems = []
    for part in parts:
        wanted: Counter[int] = Counter()
        first_line = {}
        for line in part.lines:
            wanted[line.stockrecord_id] += line.quantity
            first_line.setdefault(line.stockrecord_id, line)
        for stockrecord_id, quantity in wanted.items():
            line = first_line[stockrecord_id]
            stockrecord = line.stockrecord
            if not stockrecord.can_track_allocations:
                continue
            left = max(stockrecord.net_stock_level, 0)
            if quantity <= left:
                continue
            title = line.product.get_title()
            if left == 0:
                message = _("« %(title)s » : épuisé.") % {"title": title}
            else:
                message = ngettext(
                    "« %(title)s » : plus que %(left)d en stock.", "« %(title)s » : plus que %(left)d en stock.", left
                ) % {"title": title, "left": left}
            problems.append(_problem("stock", message, shop_id=part.shop.pk, shop_name=part.shop.name, line_id=line.pk))
    return problems


def _stock_wanted(*, parts: list[ShopBasketPart]) -> list[tuple[object, int]]:
    """(stock record, quantity) to allocate, in primary-key order, for products whose stock is tracked."""
    wanted: Counter[int] = Counter()
    records = {}
    for part in parts:
        for line in part.lines:
            if line.stockrecord.can_track_allocations:
                wanted[line.stockrecord_id] += line.quantity
                records[line.stockrecord_id] = line.stockrecord
    return [(records[pk], wanted[pk]) for pk in sorted(wanted)]


def _slots_wanted(
    *, parts: list[ShopBasketPart], choices: Mapping, now: datetime
) -> tuple[dict[int, PickupSlot], list[PlacementProblem]]:
    """For each shop, an unsaved PickupSlot for the slot chosen, if the shop's rules still offer it."""
    by_shop = {}
    for key, value in (choices or {}).items():
        if isinstance(key, bool):
            continue
        try:
            by_shop[int(key)] = value
        except (TypeError, ValueError, OverflowError):
            continue  # not a shop id, so not a shop of this basket
    wanted: dict[int, PickupSlot] = {}
    problems = []
    for part in parts:
        shop = part.shop
        slot, refusal = slot_wanted(shop=shop, choice=by_shop.get(shop.pk), now=now)
        if slot is None:
            problems.append(_shop_problem(shop.pk, parts, *refusal))
            continue
        wanted[shop.pk] = slot
    return wanted, problems
