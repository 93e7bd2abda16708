"""Direct charges: the card entered once on the platform, authorised on each shop's own account.

Amounts are in cents; the idempotency keys come from the order (number and amount), so a retry after
Stripe failed or did not answer authorises at most once per order.
"""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from .. import gateway
from ..models import ConnectedAccount

# Our reference for an order's money at Stripe: "<shop's account>/<PaymentIntent>".
REFERENCE_SEPARATOR = "/"


def cents(amount: Decimal) -> int:
    return int((amount * 100).quantize(Decimal(1)))


def card_setup_start(*, key: str) -> gateway.SetupIntent:
    """A platform SetupIntent for the browser's Payment Element (the card is entered once per basket)."""
    return gateway.setup_intent_create(idempotency_key=f"seti-{key}")


def card_setup_check(*, setup_intent: str) -> gateway.SetupIntent | None:
    """The SetupIntent if the shopper's card is set up (status succeeded), else None."""
    intent = gateway.setup_intent_retrieve(setup_intent=setup_intent)
    return intent if intent.status == "succeeded" and intent.payment_method else None


@dataclass(frozen=True)
class Authorisation:
    """An order's PaymentIntent on its shop's account: authorised, or waiting for the shopper's 3-D Secure."""

    reference: str
    needs_action: bool


def order_authorise(*, shop_id: int, card: gateway.SetupIntent, number: str, amount: Decimal) -> Authorisation:
    """Authorises an order's total on its shop's account (nothing charged yet), or leaves it waiting for
    3-D Secure in the browser (requires_action).

    Raises gateway.CardDeclined, gateway.GatewayUnavailable or gateway.GatewayError.
    """
    account = ConnectedAccount.objects.get(shop_id=shop_id, charges_enabled=True).stripe_id
    key = f"order-{number}-{cents(amount)}"
    clone = gateway.payment_method_clone(
        payment_method=card.payment_method, customer=card.customer, account=account, idempotency_key=f"{key}-card"
    )
    intent = gateway.payment_intent_authorise(
        account=account,
        amount=cents(amount),
        payment_method=clone,
        metadata={"order": number, "shop": str(shop_id)},
        idempotency_key=key,
    )
    reference = reference_make(account, intent.id)
    if intent.status not in AUTHORISED | {ACTION_NEEDED}:
        authorisation_cancel(reference=reference)
        raise gateway.CardDeclined(intent.last_error, code=intent.status)
    return Authorisation(reference=reference, needs_action=intent.status == ACTION_NEEDED)


# A PaymentIntent's states as far as an order is concerned.
AUTHORISED = frozenset({"requires_capture", "succeeded"})
ACTION_NEEDED = "requires_action"
# 3-D Secure failed (the intent wants another card) or the authorisation is gone: this payment will not happen.
FAILED = frozenset({"requires_payment_method", "canceled"})


def authorisation_state(*, reference: str) -> gateway.PaymentIntent:
    """The PaymentIntent behind a reference, as Stripe has it now (never as the browser says)."""
    account, payment_intent = reference_split(reference)
    return gateway.payment_intent_retrieve(account=account, payment_intent=payment_intent)


def reference_make(account: str, payment_intent: str) -> str:
    return f"{account}{REFERENCE_SEPARATOR}{payment_intent}"


def reference_split(reference: str) -> tuple[str, str]:
    account, _sep, payment_intent = reference.partition(REFERENCE_SEPARATOR)
    return account, payment_intent


def authorisation_cancel(*, reference: str) -> bool:
    """Releases an authorisation (nothing is charged); False if Stripe could not be reached or refused."""
    account, payment_intent = reference_split(reference)
    try:
        gateway.payment_intent_cancel(
            account=account, payment_intent=payment_intent, idempotency_key=f"cancel-{payment_intent}"
        )
    except gateway.GatewayError:
        return False
    return True


def authorisation_capture(*, reference: str, amount: Decimal) -> int:
    """Charges `amount` (at most what was authorised; the rest is released); the cents captured."""
    account, payment_intent = reference_split(reference)
    key = f"capture-{payment_intent}"
    intent = gateway.payment_intent_capture(
        account=account, payment_intent=payment_intent, amount=cents(amount), idempotency_key=key
    )
    return intent.amount_received


def authorisation_capture_before(*, reference: str) -> datetime | None:
    """Until when Stripe lets the authorisation be captured (the card charge's capture_before); None if unknown."""
    account, payment_intent = reference_split(reference)
    return gateway.payment_intent_retrieve(account=account, payment_intent=payment_intent).capture_before


def payment_refund(*, reference: str, amount: Decimal, key: str, metadata: dict) -> gateway.Refund:
    """Gives back `amount` of a captured payment on its shop's account; `key` makes a retry refund once.

    Raises gateway.GatewayUnavailable (nothing known to be done) or gateway.GatewayError (refused).
    """
    account, payment_intent = reference_split(reference)
    return gateway.refund_create(
        account=account, payment_intent=payment_intent, amount=cents(amount), idempotency_key=key, metadata=metadata
    )
