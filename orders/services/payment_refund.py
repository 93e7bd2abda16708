"""Refunds of an order paid online, from the shop's dashboard, after the payment was captured at pickup.

Never more than captured minus already refunded: decided under the row lock of the order's payment
`Source`, which is held while Stripe is asked, so two refunds of one order (two tabs, two shopkeepers,
two app servers) run one after the other and the second sees the first. The page that asks carries the
number of refunds it showed (`sequence`): a second submission of the same page (a double click, the back
button) finds a newer state and is refused instead of refunding twice. The idempotency key is the order
and that sequence, so a retry after Stripe failed or did not answer refunds at most once.

Holding the lock across the call is the point (the alternative, a "pending refund" row, is a second state
machine to keep right); it costs one order's row for at most STRIPE_TIMEOUT twice. On SQLite, where every
transaction takes the database's single write lock, that is the whole database: online payment there is a
demo (`make run-stripe`), production runs PostgreSQL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from payments import gateway
from payments.services.charges import payment_refund

from ..models import OrderStatus
from .payment_records import EVENT_REFUNDED, ONLINE_SOURCE_TYPE_CODE, payment_event_record

Order = get_model("order", "Order")
Source = get_model("payment", "Source")
Transaction = get_model("payment", "Transaction")

# Whole euros and at most two decimals, a comma or a point: "12", "12,5", "12.50".
AMOUNT_PATTERN = re.compile(r"\d{1,7}(?:[.,]\d{1,2})?")

NO_AMOUNT = _("Indiquez le montant à rembourser, en euros (par exemple 12,50).")
BAD_AMOUNT = _("Montant non reconnu : indiquez un montant en euros, par exemple 12,50.")
NOT_POSITIVE = _("Le montant à rembourser doit être supérieur à zéro.")
TOO_MUCH = _("Vous ne pouvez pas rembourser plus de %(left)s € : c'est ce qui reste du paiement débité.")
NOT_ONLINE = _("Cette commande est payée au retrait, en boutique : il n'y a pas de paiement en ligne à rembourser.")
NOT_CAPTURED = _(
    "Le paiement de cette commande n'est pas encore débité : un remboursement n'est possible "
    "qu'une fois la commande retirée et payée."
)
ALL_REFUNDED = _("Cette commande est déjà entièrement remboursée.")
STALE = _(
    "Un autre remboursement de cette commande vient d'être enregistré : vérifiez le montant restant "
    "et recommencez si besoin. Rien n'a été remboursé cette fois-ci."
)
NOT_THE_SHOP = _("Seule la boutique de cette commande peut la rembourser : le paiement est sur son compte Stripe.")
UNAVAILABLE = _(
    "Stripe ne répond pas pour le moment : rien n'a été enregistré. Réessayez dans un instant "
    "avec le même montant ; le remboursement ne sera pas fait deux fois."
)
UNCONFIRMED = _(
    "Un remboursement précédent de cette commande n'a pas été confirmé par Stripe : recommencez avec "
    "le même montant que la première fois ; il ne sera pas fait deux fois."
)
REFUSED = _("Stripe a refusé ce remboursement : rien n'a été enregistré. (%(detail)s)")


class RefundError(Exception):
    """The refund was refused; nothing was refunded or written. `message` is for the shopkeeper."""

    def __init__(self, message, code: str = "refused"):
        self.message = str(message)
        self.code = code
        super().__init__(self.message)


@dataclass(frozen=True)
class RefundState:
    """What can still be refunded of an order paid online."""

    captured: Decimal
    refunded: Decimal
    sequence: int

    @property
    def left(self) -> Decimal:
        return self.captured - self.refunded


def refund_amount_parse(raw: str) -> Decimal:
    """The euros a shopkeeper typed ("12,50", "12.5 €"); RefundError with a message when it is not an amount."""
    text = "".join((raw or "").replace("€", " ").split())
    if not text:
        raise RefundError(NO_AMOUNT, code="amount_missing")
    if text.startswith("-"):
        raise RefundError(NOT_POSITIVE, code="amount_not_positive")
    if len(text) > 20 or not AMOUNT_PATTERN.fullmatch(text):
        raise RefundError(BAD_AMOUNT, code="amount_invalid")
    try:
        amount = Decimal(text.replace(",", ".")).quantize(Decimal("0.01"))
    except InvalidOperation as error:
        raise RefundError(BAD_AMOUNT, code="amount_invalid") from error
    if amount <= 0:
        raise RefundError(NOT_POSITIVE, code="amount_not_positive")
    return amount


def order_refund_state(*, order) -> RefundState | None:
    """What was captured and refunded of the order's online payment; None when nothing can ever be refunded."""
    source = order.sources.filter(source_type__code=ONLINE_SOURCE_TYPE_CODE).first()
    if source is None or not source.amount_debited or order.status != OrderStatus.COLLECTED:
        return None
    return _state(source)


def order_capture_pending(*, order) -> bool:
    """Whether the order was handed over but Stripe has not yet confirmed the capture (orders_jobs retries it)."""
    from .payment_settle import orders_payment_unsettled

    return order.status == OrderStatus.COLLECTED and orders_payment_unsettled().filter(pk=order.pk).exists()


def _state(source) -> RefundState:
    return RefundState(
        captured=source.amount_debited,
        refunded=source.amount_refunded,
        sequence=Transaction.objects.filter(source=source, txn_type=Transaction.REFUND).count(),
    )


def order_refund_allowed(*, order, user) -> bool:
    """Whether `user` works for the order's shop (only the shop refunds: the money is on its Stripe account)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return order.lines.filter(partner__users=user).exists()


@transaction.atomic
def order_refund(*, order, amount: Decimal, sequence: int, by) -> Decimal:
    """Refunds `amount` of the order's captured online payment on its shop's Stripe account and records it
    (an Oscar refund transaction, a "remboursement" PaymentEvent, Source.amount_refunded); what is left.

    Never more than captured minus refunded, decided under the Source row lock; RefundError otherwise,
    with nothing refunded or written.
    """
    if not order_refund_allowed(order=order, user=by):
        raise RefundError(NOT_THE_SHOP, code="forbidden")
    source = (
        Source.objects.select_for_update(of=("self",))
        .select_related("order")
        .filter(order_id=order.pk, source_type__code=ONLINE_SOURCE_TYPE_CODE)
        .first()
    )
    if source is None:
        raise RefundError(NOT_ONLINE, code="not_online")
    if source.order.status != OrderStatus.COLLECTED or not source.amount_debited:
        raise RefundError(NOT_CAPTURED, code="not_captured")
    state = _state(source)
    if sequence != state.sequence:
        raise RefundError(STALE, code="stale")
    if state.left <= 0:
        raise RefundError(ALL_REFUNDED, code="all_refunded")
    if amount <= 0:
        raise RefundError(NOT_POSITIVE, code="amount_not_positive")
    if amount > state.left:
        raise RefundError(TOO_MUCH % {"left": number_format(state.left, 2)}, code="too_much")
    number = source.order.number
    try:
        refund = payment_refund(
            reference=source.reference,
            amount=amount,
            key=f"refund-{number}-{state.sequence + 1}",
            metadata={"order": number, "refund": str(state.sequence + 1)},
        )
    except gateway.GatewayUnavailable as error:
        raise RefundError(UNAVAILABLE, code="unavailable") from error
    except gateway.GatewayError as error:
        if error.code == "idempotency_mismatch":
            raise RefundError(UNCONFIRMED, code="unconfirmed") from error
        raise RefundError(REFUSED % {"detail": error}, code="refused") from error
    source.refund(amount, reference=refund.id)
    payment_event_record(order=source.order, source=source, code=EVENT_REFUNDED, amount=amount, reference=refund.id)
    return source.amount_debited - source.amount_refunded
