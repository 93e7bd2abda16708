"""The one module that talks to Stripe (STYLE.md: one module per external service).

Everything else in the project calls these functions with plain values and gets plain values back
(dataclasses, ids, amounts in cents); Stripe's errors become ours. The client is built at each call from
the settings, so the API base (Stripe's, or the fake server of the tests and `make run-stripe`) and the
keys can change without a restart. Calls on a shop's own account (direct charges) carry its
`Stripe-Account`; every call that creates money movement carries an idempotency key from our side.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import stripe
from django.conf import settings

from .config import stripe_api_base


class GatewayError(Exception):
    """Stripe refused the request (or answered something we cannot use)."""

    def __init__(self, message: str = "", *, code: str = ""):
        super().__init__(message or code)
        self.code = code


class CardDeclined(GatewayError):
    """The card was declined (by the bank or Stripe's checks)."""


class GatewayUnavailable(GatewayError):
    """Stripe could not be reached, or failed on its side: nothing is known to have happened."""


class WebhookSignatureInvalid(Exception):
    """A webhook's body does not match its Stripe-Signature (or the signature is too old)."""


@dataclass(frozen=True)
class Account:
    id: str
    charges_enabled: bool
    details_submitted: bool


@dataclass(frozen=True)
class SetupIntent:
    id: str
    status: str
    client_secret: str
    payment_method: str
    customer: str


@dataclass(frozen=True)
class PaymentIntent:
    id: str
    status: str
    amount: int
    amount_capturable: int
    amount_received: int
    client_secret: str
    capture_before: datetime | None
    metadata: dict
    last_error: str


@dataclass(frozen=True)
class Refund:
    id: str
    amount: int
    status: str


@dataclass(frozen=True)
class Charge:
    id: str
    payment_intent: str
    amount_captured: int
    amount_refunded: int


def _client() -> stripe.StripeClient:
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY,
        base_addresses={"api": stripe_api_base()},
        # One quiet retry of a dropped connection, with the same idempotency key: never a second charge.
        max_network_retries=1,
        http_client=stripe.RequestsClient(timeout=settings.STRIPE_TIMEOUT),
    )


def _options(*, account: str | None = None, idempotency_key: str | None = None) -> dict:
    options = {}
    if account:
        options["stripe_account"] = account
    if idempotency_key:
        options["idempotency_key"] = idempotency_key
    return options


def _call(method, *args, **kwargs):
    """Calls the Stripe client, turning its errors into ours."""
    try:
        result = method(*args, **kwargs)
    except stripe.CardError as error:
        raise CardDeclined(error.user_message or str(error), code=error.code or "card_declined") from error
    except stripe.IdempotencyError as error:
        # The key was first used with other parameters: the first request may well have been done.
        raise GatewayError(str(error), code="idempotency_mismatch") from error
    except (stripe.APIConnectionError, stripe.RateLimitError) as error:
        raise GatewayUnavailable(str(error), code="unavailable") from error
    except stripe.StripeError as error:
        if error.http_status is None or error.http_status >= 500:
            raise GatewayUnavailable(str(error), code="unavailable") from error
        raise GatewayError(str(error), code=error.code or "") from error
    # Plain dicts from here on: Stripe's objects are not dicts (their .get is a field lookup).
    return result.to_dict()


# Connect: each shop's own account.


def account_create(*, email: str, shop_name: str, shop_reference: str) -> Account:
    """A connected account for a shop: FR, full Stripe dashboard, fees and losses on the account's side
    handled by Stripe, requirements collected by Stripe, card payments requested."""
    account = _call(
        _client().v1.accounts.create,
        params={
            "country": "FR",
            "email": email,
            "business_profile": {"name": shop_name},
            "controller": {
                "stripe_dashboard": {"type": "full"},
                "fees": {"payer": "account"},
                "losses": {"payments": "stripe"},
                "requirement_collection": "stripe",
            },
            "capabilities": {"card_payments": {"requested": True}, "transfers": {"requested": True}},
            "metadata": {"shop": shop_reference},
        },
        options=_options(idempotency_key=f"account-{shop_reference}"),
    )
    return _account(account)


def account_retrieve(*, account: str) -> Account:
    return _account(_call(_client().v1.accounts.retrieve, account))


def _account(account) -> Account:
    return Account(
        id=account["id"],
        charges_enabled=bool(account.get("charges_enabled")),
        details_submitted=bool(account.get("details_submitted")),
    )


def account_link_create(*, account: str, refresh_url: str, return_url: str) -> str:
    """The one-time address of Stripe's onboarding for this account."""
    link = _call(
        _client().v1.account_links.create,
        params={"account": account, "refresh_url": refresh_url, "return_url": return_url, "type": "account_onboarding"},
    )
    return link["url"]


# The platform side: the card entered once, through a SetupIntent.


def setup_intent_create(*, idempotency_key: str) -> SetupIntent:
    """A platform customer and a SetupIntent to collect the card once for a basket of several shops."""
    client = _client()
    customer = _call(client.v1.customers.create, params={}, options=_options(idempotency_key=f"{idempotency_key}-cus"))
    intent = _call(
        client.v1.setup_intents.create,
        params={"customer": customer["id"], "usage": "on_session", "payment_method_types": ["card"]},
        options=_options(idempotency_key=idempotency_key),
    )
    return _setup_intent(intent)


def setup_intent_retrieve(*, setup_intent: str) -> SetupIntent:
    return _setup_intent(_call(_client().v1.setup_intents.retrieve, setup_intent))


def _setup_intent(intent) -> SetupIntent:
    return SetupIntent(
        id=intent["id"],
        status=intent["status"],
        client_secret=intent.get("client_secret") or "",
        payment_method=_id(intent.get("payment_method")),
        customer=_id(intent.get("customer")),
    )


def _id(value) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else value["id"]


def payment_method_clone(*, payment_method: str, customer: str, account: str, idempotency_key: str) -> str:
    """The platform's card copied onto a shop's account (direct charges need it there); its new id."""
    params = {"payment_method": payment_method}
    if customer:
        params["customer"] = customer
    clone = _call(
        _client().v1.payment_methods.create,
        params=params,
        options=_options(account=account, idempotency_key=idempotency_key),
    )
    return clone["id"]


# Direct charges on the shop's account: authorised now, captured at pickup.


def payment_intent_authorise(
    *, account: str, amount: int, payment_method: str, metadata: dict, idempotency_key: str
) -> PaymentIntent:
    """Authorises `amount` cents on the shop's account (capture_method=manual): nothing is charged yet.

    A declined card raises CardDeclined; 3-D Secure leaves the intent in `requires_action` for the browser.
    """
    params = {
        "amount": amount,
        "currency": "eur",
        "payment_method": payment_method,
        "payment_method_types": ["card"],
        "capture_method": "manual",
        "confirm": True,
        "metadata": metadata,
        # The charge tells until when the authorisation can be captured.
        "expand": ["latest_charge"],
    }
    intent = _call(
        _client().v1.payment_intents.create,
        params=params,
        options=_options(account=account, idempotency_key=idempotency_key),
    )
    return _payment_intent(intent)


def payment_intent_retrieve(*, account: str, payment_intent: str) -> PaymentIntent:
    return _payment_intent(
        _call(
            _client().v1.payment_intents.retrieve,
            payment_intent,
            params={"expand": ["latest_charge"]},
            options=_options(account=account),
        )
    )


def payment_intent_capture(*, account: str, payment_intent: str, amount: int, idempotency_key: str) -> PaymentIntent:
    """Captures `amount` cents (at most what was authorised; the rest is released)."""
    intent = _call(
        _client().v1.payment_intents.capture,
        payment_intent,
        params={"amount_to_capture": amount},
        options=_options(account=account, idempotency_key=idempotency_key),
    )
    return _payment_intent(intent)


def payment_intent_cancel(*, account: str, payment_intent: str, idempotency_key: str) -> PaymentIntent:
    """Releases an authorisation: the shopper is charged nothing."""
    intent = _call(
        _client().v1.payment_intents.cancel,
        payment_intent,
        options=_options(account=account, idempotency_key=idempotency_key),
    )
    return _payment_intent(intent)


def _payment_intent(intent) -> PaymentIntent:
    capture_before = None
    charge = intent.get("latest_charge")
    if charge is not None and not isinstance(charge, str):
        details = (charge.get("payment_method_details") or {}).get("card") or {}
        if details.get("capture_before"):
            capture_before = datetime.fromtimestamp(details["capture_before"], tz=UTC)
    error = intent.get("last_payment_error") or {}
    return PaymentIntent(
        id=intent["id"],
        status=intent["status"],
        amount=intent["amount"],
        amount_capturable=intent.get("amount_capturable") or 0,
        amount_received=intent.get("amount_received") or 0,
        client_secret=intent.get("client_secret") or "",
        capture_before=capture_before,
        metadata=dict(intent.get("metadata") or {}),
        last_error=error.get("message", ""),
    )


def refund_create(
    *, account: str, payment_intent: str, amount: int, idempotency_key: str, metadata: dict | None = None
) -> Refund:
    """Gives back `amount` cents of a captured payment, on the shop's account."""
    params = {"payment_intent": payment_intent, "amount": amount}
    if metadata:
        params["metadata"] = metadata
    refund = _call(
        _client().v1.refunds.create,
        params=params,
        options=_options(account=account, idempotency_key=idempotency_key),
    )
    return Refund(id=refund["id"], amount=refund["amount"], status=refund["status"])


def charge_retrieve(*, account: str, charge: str) -> Charge:
    """A card charge on the shop's account: how much of it was captured and how much refunded so far."""
    found = _call(_client().v1.charges.retrieve, charge, options=_options(account=account))
    return Charge(
        id=found["id"],
        payment_intent=_id(found.get("payment_intent")),
        amount_captured=found.get("amount_captured") or 0,
        amount_refunded=found.get("amount_refunded") or 0,
    )


# Webhooks.


def webhook_event_construct(*, payload: bytes, signature: str, secret: str) -> dict:
    """The event of a webhook body, once its signature (and its age, 5 minutes at most) is checked."""
    try:
        event = stripe.Webhook.construct_event(payload, signature, secret)
    except (stripe.SignatureVerificationError, ValueError) as error:
        raise WebhookSignatureInvalid(str(error)) from error
    event = event.to_dict()
    return {
        "id": event["id"],
        "type": event["type"],
        "account": event.get("account") or "",
        "object_id": event["data"]["object"].get("id", ""),
    }
