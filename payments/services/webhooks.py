"""Stripe events: each one claimed once, in the same transaction as its effect; the object fetched again."""

from django.db import IntegrityError, transaction

from .. import gateway
from ..models import WebhookEvent
from ..signals import charge_changed, payment_intent_changed
from .connect import connected_account_apply

PAYMENT_INTENT_EVENTS = frozenset(
    {
        "payment_intent.amount_capturable_updated",
        "payment_intent.succeeded",
        "payment_intent.canceled",
        "payment_intent.payment_failed",
    }
)
CHARGE_EVENTS = frozenset({"charge.refunded", "charge.captured"})
HANDLED_EVENTS = PAYMENT_INTENT_EVENTS | CHARGE_EVENTS | {"account.updated"}


def webhook_event_handle(*, event: dict) -> bool:
    """Applies an event once; False for a duplicate or an event we do not use.

    The object is fetched again from Stripe (never trusted from the body, which may be stale or out of order)
    before the transaction, so no row lock is held while waiting for Stripe.
    """
    if event["type"] not in HANDLED_EVENTS:
        return False
    if event["type"] == "account.updated":
        fetched = gateway.account_retrieve(account=event["object_id"])
    elif event["type"] in CHARGE_EVENTS:
        fetched = gateway.charge_retrieve(account=event["account"], charge=event["object_id"])
    else:
        fetched = gateway.payment_intent_retrieve(account=event["account"], payment_intent=event["object_id"])
    return _claim_and_apply(event=event, fetched=fetched)


@transaction.atomic
def _claim_and_apply(*, event: dict, fetched) -> bool:
    try:
        with transaction.atomic():
            WebhookEvent.objects.create(stripe_id=event["id"], type=event["type"], account=event["account"])
    except IntegrityError:
        return False
    if event["type"] == "account.updated":
        connected_account_apply(stripe_account=fetched)
    elif event["type"] in CHARGE_EVENTS:
        charge_changed.send(sender=WebhookEvent, account=event["account"], charge=fetched)
    else:
        payment_intent_changed.send(sender=WebhookEvent, account=event["account"], payment_intent=fetched)
    return True
