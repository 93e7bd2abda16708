"""Shoppers' personal data (RGPD): deleting one's account, and erasing guests' data after the retention period.

An order is the shop's record: it is never deleted, nor are its lines, totals or history. What names the
shopper is erased from it instead: the name and phone the shop saw (Pickup), the guest's email, the link to
the account, and the recipients of the emails sent to them. An order still to be collected keeps them: the
shop needs them at the counter, so an account with such an order is not deleted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from shops.schedule import PARIS

from ..models import ORDER_STATUSES_OPEN, Notice, Pickup
from ..notifications import SHOPPER_KINDS

Order = get_model("order", "Order")
BillingAddress = get_model("order", "BillingAddress")
ShippingAddress = get_model("order", "ShippingAddress")

# The guests' orders erased per run of the clock: a backlog is worked through run after run.
GUEST_BATCH = 500


@dataclass(frozen=True)
class AccountDeletionRefused(Exception):
    """Why an account cannot be deleted now (a French sentence for the account page); nothing was changed."""

    message: str


def orders_depersonalise(*, order_ids: list[int], now: datetime) -> int:
    """Erase the shopper from these orders (name, phone, email, account, email recipients), keeping the orders,
    their lines, totals and history for the shop; how many were erased. Orders already erased are skipped."""
    pending = list(
        Pickup.objects.filter(order_id__in=order_ids, depersonalised_at__isnull=True).values_list("order_id", flat=True)
    )
    if not pending:
        return 0
    Pickup.objects.filter(order_id__in=pending).update(customer_name="", customer_phone="", depersonalised_at=now)
    orders = Order.objects.filter(pk__in=pending)
    addresses = list(orders.values_list("billing_address_id", "shipping_address_id"))
    orders.update(guest_email="", user=None, billing_address=None, shipping_address=None)
    BillingAddress.objects.filter(pk__in=[billing for billing, _shipping in addresses if billing]).delete()
    ShippingAddress.objects.filter(pk__in=[shipping for _billing, shipping in addresses if shipping]).delete()
    # The shop's own emails keep the shop's address; the shopper's lose theirs, and one still owed is not sent.
    shopper_notices = Notice.objects.filter(order_id__in=pending, kind__in=SHOPPER_KINDS)
    shopper_notices.filter(sent_at__isnull=True, dropped_at__isnull=True).update(dropped_at=now)
    shopper_notices.update(to=[])
    return len(pending)


@transaction.atomic
def account_delete(*, user, now: datetime | None = None) -> int:
    """Delete the shopper's account after erasing them from their orders; how many orders were erased.

    Refused (AccountDeletionRefused, nothing changed) while one of their orders is still to be collected,
    and for the people of a shop or of the CCI, whose accounts the CCI closes."""
    now = now or timezone.now()
    if user.is_staff or user.is_superuser or user.partners.exists():
        raise AccountDeletionRefused(
            str(
                _(
                    "Ce compte sert à gérer une boutique ou le site : contactez la CCI pour le fermer. "
                    "Rien n'a été supprimé."
                )
            )
        )
    open_order = (
        Order.objects.filter(user=user, status__in=ORDER_STATUSES_OPEN)
        .select_related("pickup__shop", "pickup__slot")
        .order_by("pickup__slot__starts_at")
        .first()
    )
    if open_order is not None:
        raise AccountDeletionRefused(_open_order_message(open_order))
    order_ids = list(Order.objects.filter(user=user).values_list("pk", flat=True))
    erased = orders_depersonalise(order_ids=order_ids, now=now)
    try:
        user.delete()
    except (ProtectedError, RestrictedError) as error:
        # Another app's record must keep this account (none does today): the whole deletion is undone.
        raise AccountDeletionRefused(
            str(_("Votre compte ne peut pas être supprimé en ligne : contactez la CCI. Rien n'a été supprimé."))
        ) from error
    return erased


def _open_order_message(order) -> str:
    pickup = getattr(order, "pickup", None)
    if pickup is None:
        return str(_("Une de vos commandes est encore en cours : rien n'a été supprimé."))
    return str(
        _(
            "Votre commande n° %(number)s chez %(shop)s est encore à retirer (le %(day)s) : votre compte pourra "
            "être supprimé une fois la commande retirée ou annulée. Rien n'a été supprimé."
        )
        % {
            "number": order.number,
            "shop": pickup.shop.name,
            "day": date_format(timezone.localtime(pickup.slot.starts_at, PARIS), "DATETIME_FORMAT"),
        }
    )


def guest_orders_depersonalise_due(*, now: datetime | None = None, batch: int = GUEST_BATCH) -> int:
    """Erase the guests' orders placed more than GUEST_DATA_RETENTION_DAYS ago and no longer to be collected,
    at most `batch` a run; how many. Safe to run twice (an erased order is not read again)."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.GUEST_DATA_RETENTION_DAYS)
    order_ids = list(
        Pickup.objects.filter(depersonalised_at__isnull=True, created_at__lt=cutoff, order__user__isnull=True)
        .exclude(order__status__in=ORDER_STATUSES_OPEN)
        .order_by("created_at")
        .values_list("order_id", flat=True)[:batch]
    )
    if not order_ids:
        return 0
    with transaction.atomic():
        return orders_depersonalise(order_ids=order_ids, now=now)


__all__ = [
    "AccountDeletionRefused",
    "account_delete",
    "guest_orders_depersonalise_due",
    "orders_depersonalise",
]
