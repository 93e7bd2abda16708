"""A partial handover: the shop hands over fewer units than ordered (a product missing, or refused at the
counter). What was handed over is kept per line (LineHandover), the rest goes back to stock, and the
amount paid — captured online or asked at the counter — is the handed-over lines' total.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

CENT = Decimal("0.01")


class HandoverQuantityError(Exception):
    """The quantities asked cannot be handed over; nothing was written. `message` is for the shopkeeper."""

    def __init__(self, message):
        self.message = str(message)
        super().__init__(self.message)


def handover_quantities_check(*, lines, quantities: Mapping[int, int]) -> dict[int, int] | None:
    """The units to hand over per line id, every line of the order present; None when that is everything.

    `lines` are the order's lines, `quantities` what the shop typed (a line left out is handed over whole).
    Refused: a line of another order, a negative quantity, more than ordered, nothing at all.
    """
    by_id = {line.pk: line for line in lines}
    unknown = set(quantities) - set(by_id)
    if unknown:
        raise HandoverQuantityError(_("Une des lignes indiquées n'est pas dans cette commande : rien n'a été remis."))
    handed = {}
    for line_id, line in by_id.items():
        quantity = quantities.get(line_id, line.quantity)
        if quantity < 0:
            raise HandoverQuantityError(
                _("« %(title)s » : la quantité remise ne peut pas être négative.") % {"title": line.title}
            )
        if quantity > line.quantity:
            raise HandoverQuantityError(
                _("« %(title)s » : %(asked)d remis pour %(ordered)d commandés ; on ne remet pas plus que commandé.")
                % {"title": line.title, "asked": quantity, "ordered": line.quantity}
            )
        handed[line_id] = quantity
    if not any(handed.values()):
        raise HandoverQuantityError(
            _(
                "Aucun article remis : remettez au moins un article. Si le client renonce à tout, annulez la "
                "commande depuis le tableau ; s'il ne vient pas, elle passera en « non retirée »."
            )
        )
    if all(handed[line_id] == line.quantity for line_id, line in by_id.items()):
        return None
    return handed


def line_handed_quantity(line) -> int:
    """The units of the line the shopper took (all of them unless a partial handover says otherwise)."""
    handover = getattr(line, "handover", None)
    return line.quantity if handover is None else handover.quantity


def line_handed_price(line) -> Decimal:
    """The line's price TTC for the units handed over, to the cent."""
    handed = line_handed_quantity(line)
    if handed == line.quantity:
        return line.line_price_incl_tax
    return (line.line_price_incl_tax * handed / line.quantity).quantize(CENT, rounding=ROUND_HALF_UP)


def order_handed_over_total(*, order) -> Decimal:
    """What the shopper owes for what was handed over: the order's total less the units left at the shop."""
    lines = list(order.lines.select_related("handover").order_by("pk"))
    kept_back = sum((line.line_price_incl_tax - line_handed_price(line) for line in lines), Decimal("0.00"))
    return order.total_incl_tax - kept_back


def order_is_partially_handed_over(*, order) -> bool:
    from ..models import LineHandover

    return LineHandover.objects.filter(line__order_id=order.pk).exists()
