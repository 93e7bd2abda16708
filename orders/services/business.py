"""Business-only channels at placement: only verified businesses order there, within each product's cap.

The cap is per business (SIRET) and per product over a rolling period (shops.BusinessCap). It is checked
under the caps' row locks (orders.locks, phase 2b) in the transaction that writes the orders and their
purchases, so two people of one company placing at once cannot pass it together: the second waits for
the first to commit, then counts its units.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from shops.selectors.business import business_caps_exceeded
from shops.selectors.visibility import BusinessIdentity, business_identity
from shops.services.business import business_purchases_record

from .. import locks
from ..exceptions import PlacementProblem
from ..models import OrderStatus

# Units of a refused or cancelled order were never handed over: they do not count against the cap.
NOT_COUNTED = (OrderStatus.REFUSED, OrderStatus.CANCELLED, OrderStatus.UNPAID)


def business_lines_check(*, parts: list, user, now: datetime) -> tuple[BusinessIdentity | None, list[PlacementProblem]]:
    """The verified business ordering from business-only channels (None if no line is from one), and what
    stops it: not a verified business, or a cap passed. Locks the caps of the products concerned."""
    business_parts = [part for part in parts if part.shop.business_only]
    if not business_parts:
        return None, []
    identity = business_identity(user=user)
    if identity is None:
        return None, [
            PlacementProblem(
                code="business_only",
                message=str(_("Ces produits sont réservés aux entreprises dont le SIRET a été vérifié par la CCI.")),
                shop_id=part.shop.pk,
                shop_name=part.shop.name,
            )
            for part in business_parts
        ]
    wanted: Counter[int] = Counter()
    titles, shops = {}, {}
    for part in business_parts:
        for line in part.lines:
            wanted[line.product_id] += line.quantity
            titles[line.product_id], shops[line.product_id] = line.product.get_title(), part.shop
    caps = locks.business_caps_lock(product_ids=list(wanted))
    exceeded = business_caps_exceeded(
        caps=caps, siret=identity.siret, wanted=dict(wanted), now=now, not_counted_statuses=NOT_COUNTED
    )
    return identity, [_cap_problem(cap, title=titles[cap.product_id], shop=shops[cap.product_id]) for cap in exceeded]


def business_purchases_write(*, orders: list, identity: BusinessIdentity | None, now: datetime) -> None:
    """Record what the business-only orders bought, for the caps of the next orders of this business."""
    business_orders = [order for order in orders if order.pickup.shop.business_only]
    if identity is None or not business_orders:
        return
    business_purchases_record(orders=business_orders, siret=identity.siret, legal_name=identity.legal_name, now=now)


def _cap_problem(cap, *, title: str, shop) -> PlacementProblem:
    message = ngettext(
        "« %(title)s » : %(cap)d au plus par entreprise sur %(days)d jour ; "
        "votre entreprise peut encore en commander %(left)d.",
        "« %(title)s » : %(cap)d au plus par entreprise sur %(days)d jours ; "
        "votre entreprise peut encore en commander %(left)d.",
        cap.period_days,
    ) % {"title": title, "cap": cap.cap, "days": cap.period_days, "left": cap.left}
    return PlacementProblem(code="business_cap", message=message, shop_id=shop.pk, shop_name=shop.name)
