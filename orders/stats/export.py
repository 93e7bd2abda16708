"""The rows of the statistics' CSV downloads (kernel.spreadsheets writes them, formula cells guarded)."""

from decimal import Decimal

from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext_lazy as _

from shops.schedule import PARIS

from ..models import order_status_label


def money(value) -> str:
    """An amount as French spreadsheets read it: 12,50."""
    return f"{Decimal(value or 0):.2f}".replace(".", ",")


def local(moment) -> str:
    # ISO-like, which every spreadsheet sorts and reads as a date, in Paris time.
    return date_format(timezone.localtime(moment, PARIS), "Y-m-d H:i") if moment else ""


SHOP_ORDERS_HEADER = (
    _("Numéro"),
    _("Passée le"),
    _("Statut"),
    _("Créneau de retrait"),
    _("Client"),
    _("Téléphone"),
    _("Articles"),
    _("Quantité"),
    _("Total TTC (€)"),
)


def shop_order_row(order) -> list:
    """One order of the shop's export: the customer as the shop knows them (erased if they asked)."""
    pickup = order.pickup
    lines = list(order.lines.all())
    return [
        order.number,
        local(order.date_placed),
        order_status_label(order.status),
        local(pickup.slot.starts_at),
        pickup.customer_name or (_("Client (données effacées)") if pickup.depersonalised_at else ""),
        pickup.customer_phone,
        " | ".join(f"{line.quantity} × {line.title}" for line in lines),
        sum(line.quantity for line in lines),
        money(order.total_incl_tax),
    ]
