"""What localstripe lacks for Stripe Connect, added in front of it in the same aiohttp application.

- Accounts and Account Links, with a one-page stand-in for Stripe's onboarding;
- `Stripe-Account` scoping: an object belongs to the account it was created under, and another account
  (or the platform) asking for it gets Stripe's 404;
- cloning a platform PaymentMethod onto a connected account (POST /v1/payment_methods with payment_method);
- idempotency keys: the first answer is kept and replayed, other parameters with the same key are a 400,
  the same key while the first request runs is a 409;
- what the real API adds to a PaymentIntent (amount_capturable, amount_received, the card's capture_before,
  its window settable by the tests through `POST /_shim/settings`) and to a charge (amount_captured,
  amount_refunded, refunded);
- refunds as Stripe makes them: only of a captured payment, never more than captured minus refunded
  (localstripe refunds anything, and counts the part a partial capture released as refunded);
- 3-D Secure completed in the browser on a shop's account: Stripe.js initialised with `stripeAccount` sends it
  as `_stripe_account` in the body (POST /v1/payment_intents/<id>/_authenticate, localstripe's stand-in for
  the bank's page), and the PaymentIntent answers for that account only;
- Connect webhooks (account.updated), signed like Stripe's;
- failures on demand for the tests (`POST /_shim/failures`): a 500 before anything is done, the
  connection dropped after the work is done, or a hang (no answer for `delay` seconds, then the connection
  closed, nothing done); for the next `times` requests, or every request for the next `seconds`.

This is a development tool, run by `python -m payments.devserver`; the marketplace never imports it.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import random
import string
import time

from aiohttp import ClientError, ClientSession, web

ID_CHARS = string.ascii_letters + string.digits
# The authorisation window the fake card networks give (Stripe: 7 days for most online card payments).
CAPTURE_WINDOW_SECONDS = 7 * 24 * 3600


def random_id(prefix: str) -> str:
    return prefix + "".join(random.choice(ID_CHARS) for _ in range(16))


def stripe_error(status: int, message: str, *, type_: str = "invalid_request_error", code: str = "") -> web.Response:
    error = {"type": type_, "message": message}
    if code:
        error["code"] = code
    return web.json_response({"error": error}, status=status)


class ShimState:
    """Everything the shim remembers, in memory, for one server process."""

    def __init__(self):
        self.accounts: dict[str, dict] = {}
        self.links: dict[str, dict] = {}
        self.owners: dict[str, str] = {}
        self.replies: dict[tuple[str, str], tuple[str, int, bytes]] = {}
        self.in_flight: set[tuple[str, str]] = set()
        self.failures: list[dict] = []
        self.captured: dict[str, int] = {}
        # Cents refunded per PaymentIntent, and the refunds made through /v1/refunds (not localstripe's own).
        self.refunded: dict[str, int] = {}
        self.refund_ids: set[str] = set()
        self.capture_window = CAPTURE_WINDOW_SECONDS
        self.connect_webhooks: dict[str, tuple[str, str]] = {}

    def take_failure(self, request: web.Request) -> dict | None:
        now = time.monotonic()
        self.failures = [failure for failure in self.failures if failure.get("until", now + 1) > now]
        for failure in self.failures:
            if failure["method"] in (request.method, "ANY") and request.path.startswith(failure["path"]):
                if "until" in failure:
                    return failure
                failure["times"] -= 1
                if failure["times"] <= 0:
                    self.failures.remove(failure)
                return failure
        return None


state = ShimState()


def _path_ids(path: str) -> list[str]:
    """The object ids named in a /v1/ path: /v1/payment_intents/pi_x/capture → [pi_x]."""
    parts = path.strip("/").split("/")
    return [part for part in parts[2:] if "_" in part and not part.startswith("_")]


def _param_ids(data) -> list[str]:
    ids = []
    for key in ("payment_intent", "payment_method", "customer", "charge", "setup_intent"):
        value = data.get(key) if hasattr(data, "get") else None
        if isinstance(value, str) and value:
            ids.append(value)
    return ids


def _foreign(object_id: str, account: str) -> bool:
    """An object created under another account than the one asking."""
    return object_id in state.owners and state.owners[object_id] != account


@web.middleware
async def shim_middleware(request: web.Request, handler):
    if request.path.startswith("/js.stripe.com/"):
        return await stripe_js(request)
    if request.path.startswith(("/connect/", "/_shim/")):
        # The shim's own pages and controls: no API key, as Stripe's hosted pages.
        return await request.match_info.handler(request)
    if not request.path.startswith("/v1/"):
        return await handler(request)
    failure = state.take_failure(request)
    if failure and failure["mode"] == "error":
        return stripe_error(500, "An unknown error occurred (injected by the test).", type_="api_error")
    if failure and failure["mode"] == "hang":
        await asyncio.sleep(failure["delay"])
        if request.transport is not None:
            request.transport.close()
        return stripe_error(500, "Hung (injected by the test).", type_="api_error")
    data = await request.post() if request.method == "POST" else request.query
    # Stripe.js names the connected account in the body (no custom header, so no CORS preflight).
    account = request.headers.get("Stripe-Account", "") or data.get("_stripe_account", "")
    is_clone = request.method == "POST" and request.path == "/v1/payment_methods" and "payment_method" in data
    for object_id in _path_ids(request.path) + ([] if is_clone else _param_ids(data)):
        if _foreign(object_id, account):
            return stripe_error(404, f"No such object: '{object_id}'", code="resource_missing")
    if account and account not in state.accounts:
        return stripe_error(403, f"The provided key does not have access to account {account!r}.")
    key = request.headers.get("Idempotency-Key", "") if request.method == "POST" else ""
    if key:
        response = await _idempotent(request, handler, account, key, data, is_clone)
    else:
        response = await _perform(request, handler, account, is_clone)
    if failure and failure["mode"] == "drop":
        # The work is done (and kept for the idempotency key), but the client never hears the answer.
        request.transport.close()
    return response


async def _idempotent(request, handler, account, key, data, is_clone):
    fingerprint = hashlib.sha256(
        (request.method + request.path + json.dumps(sorted(data.items()), default=str)).encode()
    ).hexdigest()
    slot = (account, key)
    if slot in state.replies:
        first_fingerprint, status, body = state.replies[slot]
        if first_fingerprint != fingerprint:
            return stripe_error(
                400,
                "Keys for idempotent requests can only be used with the same parameters they were first used with.",
                type_="idempotency_error",
            )
        return web.Response(
            status=status, body=body, content_type="application/json", headers={"Idempotent-Replayed": "true"}
        )
    if slot in state.in_flight:
        return stripe_error(409, "There is currently another in-progress request using this idempotency key.")
    state.in_flight.add(slot)
    try:
        response = await _perform(request, handler, account, is_clone)
        state.replies[slot] = (fingerprint, response.status, response.body)
        return response
    finally:
        state.in_flight.discard(slot)


async def _perform(request, handler, account, is_clone):
    if is_clone:
        return await _clone_payment_method(request, account)
    if request.method == "POST" and request.path == "/v1/refunds":
        return await _refund_create(request, account)
    if request.method == "POST" and request.path.endswith("/_authenticate"):
        return await _authenticate(request)
    if request.method == "POST" and request.path.endswith("/capture"):
        data = await request.post()
        if data.get("amount_to_capture"):
            state.captured[request.path.split("/")[3]] = int(data["amount_to_capture"])
    response = await handler(request)
    if response.status != 200 or not isinstance(response, web.Response) or response.body is None:
        return response
    body = json.loads(response.body)
    if request.method == "POST" and request.path.count("/") == 2 and isinstance(body, dict) and "id" in body:
        # Created: it belongs to the account it was created under.
        state.owners[body["id"]] = account
    _complete(body)
    if body.get("object") == "list":
        # A list shows the asking account's objects only.
        body["data"] = [item for item in body["data"] if state.owners.get(item.get("id"), "") == account]
    return web.json_response(body)


def _complete(body) -> None:
    """Adds what the real API says of a PaymentIntent and that localstripe leaves out."""
    if isinstance(body, dict) and body.get("object") == "list":
        for item in body.get("data") or []:
            _complete(item)
        return
    if isinstance(body, dict) and body.get("object") == "charge":
        _complete_charge(body)
        return
    if not isinstance(body, dict) or body.get("object") != "payment_intent":
        return
    charge = body.get("latest_charge")
    body["amount_capturable"] = body["amount"] if body["status"] == "requires_capture" else 0
    body["amount_received"] = state.captured.get(body["id"], body["amount"]) if body["status"] == "succeeded" else 0
    if isinstance(charge, dict):
        state.owners.setdefault(charge["id"], state.owners.get(body["id"], ""))
        _complete_charge(charge)


def _complete_charge(charge: dict) -> None:
    payment_intent = charge.get("payment_intent") or ""
    captured = bool(charge.get("captured")) and charge.get("status") == "succeeded"
    charge["amount_captured"] = state.captured.get(payment_intent, charge["amount"]) if captured else 0
    charge["amount_refunded"] = state.refunded.get(payment_intent, 0)
    charge["refunded"] = captured and charge["amount_refunded"] >= charge["amount_captured"]
    refunds = charge.get("refunds")
    if isinstance(refunds, dict) and isinstance(refunds.get("data"), list):
        refunds["data"] = [refund for refund in refunds["data"] if refund.get("id") in state.refund_ids]
    charge.setdefault("payment_method_details", {"type": "card", "card": {}})
    charge["payment_method_details"]["card"]["capture_before"] = charge["created"] + state.capture_window


async def _refund_create(request, account):
    """A refund of a captured PaymentIntent, at most what is left of it, as Stripe refuses the rest."""
    from localstripe.resources import PaymentIntent, Refund

    data = await request.post()
    payment_intent = data.get("payment_intent", "")
    try:
        intent = PaymentIntent._api_retrieve(payment_intent)
    except Exception:
        return stripe_error(404, f"No such payment_intent: '{payment_intent}'", code="resource_missing")
    if intent.status != "succeeded":
        return stripe_error(
            400,
            f"This PaymentIntent ({payment_intent}) does not have a successful charge to refund.",
            code="charge_not_captured",
        )
    captured = state.captured.get(payment_intent, intent.amount)
    left = captured - state.refunded.get(payment_intent, 0)
    if left <= 0:
        return stripe_error(
            400, f"Charge {intent.latest_charge.id} has already been refunded.", code="charge_already_refunded"
        )
    try:
        amount = int(data.get("amount") or left)
    except ValueError:
        return stripe_error(400, "Invalid integer: amount", code="parameter_invalid_integer")
    if amount <= 0:
        return stripe_error(400, "Invalid positive integer", code="parameter_invalid_integer")
    if amount > left:
        return stripe_error(
            400,
            f"Refund amount ({amount}) is greater than unrefunded amount on charge ({left}).",
            code="amount_too_large",
        )
    metadata = {k[len("metadata[") : -1]: v for k, v in data.items() if k.startswith("metadata[")}
    refund = Refund(payment_intent=payment_intent, amount=amount, metadata=metadata)
    state.refunded[payment_intent] = state.refunded.get(payment_intent, 0) + amount
    state.refund_ids.add(refund.id)
    state.owners[refund.id] = account
    charge = intent.latest_charge._export()
    _complete_charge(charge)
    connect_event_send("charge.refunded", account, charge)
    return web.json_response(refund._export())


async def _clone_payment_method(request, account):
    from localstripe.resources import PaymentMethod

    data = await request.post()
    if not account:
        return stripe_error(400, "Cloning a PaymentMethod needs a Stripe-Account header.")
    source_id = data["payment_method"]
    if state.owners.get(source_id, "") != "":
        return stripe_error(404, f"No such PaymentMethod: '{source_id}'", code="resource_missing")
    try:
        source = PaymentMethod._api_retrieve(source_id)
    except Exception:
        return stripe_error(404, f"No such PaymentMethod: '{source_id}'", code="resource_missing")
    card = {
        "number": source._card_number,
        "exp_month": source.card["exp_month"],
        "exp_year": source.card["exp_year"],
        "cvc": "123",
    }
    clone = PaymentMethod(type="card", card=card, billing_details=dict(source.billing_details or {}))
    state.owners[clone.id] = account
    return web.json_response(clone._export())


async def _authenticate(request):
    """The shopper passes (or fails) 3-D Secure for a PaymentIntent: localstripe's own endpoint, without the
    `_stripe_account` it does not know; the middleware has already checked the intent is that account's."""
    from localstripe.errors import UserError
    from localstripe.resources import PaymentIntent

    data = await request.post()
    if not str(data.get("key", "")).startswith("pk_") and not request.headers.get("Authorization"):
        return stripe_error(401, "You did not provide an API key.")
    success = (data.get("success") or request.query.get("success", "")).lower() == "true"
    try:
        intent = PaymentIntent._api_authenticate(
            request.path.split("/")[3], client_secret=data.get("client_secret"), success=success
        )
    except UserError as error:
        return error.to_response()
    body = intent._export()
    _complete(body)
    return web.json_response(body)


# Accounts and Account Links.


def _account_export(account: dict) -> dict:
    return {key: value for key, value in account.items() if not key.startswith("_")}


async def account_create(request: web.Request) -> web.Response:
    data = await request.post()
    account_id = random_id("acct_")
    state.accounts[account_id] = {
        "id": account_id,
        "object": "account",
        "country": data.get("country", "FR"),
        "email": data.get("email"),
        "charges_enabled": False,
        "payouts_enabled": False,
        "details_submitted": False,
        "capabilities": {"card_payments": "inactive", "transfers": "inactive"},
        "controller": {"type": "application", "requirement_collection": "stripe"},
        "requirements": {"currently_due": ["business_profile.url", "external_account", "tos_acceptance.date"]},
        "metadata": {k[len("metadata[") : -1]: v for k, v in data.items() if k.startswith("metadata[")},
        "created": int(time.time()),
    }
    return web.json_response(_account_export(state.accounts[account_id]))


def _account_or_404(account_id: str) -> dict:
    if account_id not in state.accounts:
        raise web.HTTPNotFound(
            text=json.dumps({"error": {"type": "invalid_request_error", "code": "resource_missing"}}),
            content_type="application/json",
        )
    return state.accounts[account_id]


async def account_retrieve(request: web.Request) -> web.Response:
    return web.json_response(_account_export(_account_or_404(request.match_info["id"])))


async def account_link_create(request: web.Request) -> web.Response:
    data = await request.post()
    account = _account_or_404(data.get("account", ""))
    if not data.get("refresh_url") or not data.get("return_url"):
        return stripe_error(400, "Missing required param: refresh_url or return_url.")
    token = random_id("")
    state.links[token] = {
        "account": account["id"],
        "refresh_url": data["refresh_url"],
        "return_url": data["return_url"],
    }
    now = int(time.time())
    url = f"{request.scheme}://{request.host}/connect/onboarding/{token}"
    return web.json_response({"object": "account_link", "created": now, "expires_at": now + 300, "url": url})


ONBOARDING_PAGE = """<!doctype html><html lang="fr"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Stripe (démonstration)</title></head>
<body style="font-family:sans-serif;max-width:30rem;margin:2rem auto;padding:0 1rem">
<h1>Stripe — compte de démonstration</h1>
<p>Serveur Stripe factice : aucune donnée réelle n'est demandée. Le compte {account} sera activé
pour les paiements par carte.</p>
<form method="post"><button type="submit" name="action" value="complete">Activer les paiements</button>
<button type="submit" name="action" value="later">Plus tard</button></form></body></html>"""


async def onboarding_page(request: web.Request) -> web.Response:
    link = state.links.get(request.match_info["token"])
    if link is None:
        raise web.HTTPNotFound(text="Lien expiré.")
    if request.method == "GET":
        return web.Response(text=ONBOARDING_PAGE.format(account=link["account"]), content_type="text/html")
    # An Account Link is used once; coming back to it leads to refresh_url, as on Stripe.
    del state.links[request.match_info["token"]]
    data = await request.post()
    if data.get("action") == "complete":
        account_activate(link["account"])
    raise web.HTTPSeeOther(link["return_url"])


def account_activate(account_id: str) -> None:
    account = state.accounts[account_id]
    account.update(
        charges_enabled=True,
        payouts_enabled=True,
        details_submitted=True,
        capabilities={"card_payments": "active", "transfers": "active"},
        requirements={"currently_due": []},
    )
    connect_event_send("account.updated", account_id, _account_export(account))


def connect_event_send(event_type: str, account_id: str, obj: dict) -> dict:
    """Posts a signed Connect event to every registered Connect endpoint, in the background."""
    event = {
        "id": random_id("evt_"),
        "object": "event",
        "type": event_type,
        "account": account_id,
        "created": int(time.time()),
        "livemode": False,
        "data": {"object": obj},
    }
    for url, secret in state.connect_webhooks.values():
        asyncio.ensure_future(_deliver(url, secret, event))
    return event


def sign(payload: bytes, secret: str, timestamp: int) -> str:
    signature = hmac.new(secret.encode(), f"{timestamp}.".encode() + payload, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={signature}"


async def _deliver(url: str, secret: str, event: dict) -> None:
    payload = json.dumps(event).encode()
    headers = {"Content-Type": "application/json", "Stripe-Signature": sign(payload, secret, int(time.time()))}
    try:
        async with ClientSession() as session, session.post(url, data=payload, headers=headers) as response:
            await response.read()
    except ClientError:
        pass


# Test controls.


async def failures_add(request: web.Request) -> web.Response:
    data = await request.post()
    if data.get("mode") not in ("error", "drop", "hang"):
        return stripe_error(400, "mode: error, drop or hang")
    failure = {
        "method": data.get("method", "POST"),
        "path": data["path"],
        "mode": data["mode"],
        "times": int(data.get("times", 1)),
        "delay": float(data.get("delay", 30)),
    }
    if data.get("seconds"):
        # Every matching request (method ANY: whatever the method) for that long, then no more.
        failure["until"] = time.monotonic() + float(data["seconds"])
    state.failures.append(failure)
    return web.json_response({"failures": len(state.failures)})


async def settings_change(request: web.Request) -> web.Response:
    """The tests' knobs: `capture_window` (seconds a card authorisation can be captured in)."""
    data = await request.post()
    if "capture_window" in data:
        state.capture_window = int(data["capture_window"])
    return web.json_response({"capture_window": state.capture_window})


async def reset(request: web.Request) -> web.Response:
    """Forgets every object (the tests start each from an empty Stripe); registered webhooks stay."""
    from localstripe.resources import store

    store.clear()
    webhooks = state.connect_webhooks
    state.__init__()
    state.connect_webhooks = webhooks
    return web.Response()


async def connect_webhook_register(request: web.Request) -> web.Response:
    data = await request.post()
    state.connect_webhooks[request.match_info["id"]] = (data["url"], data["secret"])
    return web.Response()


async def account_activate_view(request: web.Request) -> web.Response:
    account_id = request.match_info["id"]
    _account_or_404(account_id)
    account_activate(account_id)
    return web.json_response(_account_export(state.accounts[account_id]))


async def stripe_js(request: web.Request) -> web.Response:
    """Our Stripe.js stand-in (localstripe's has no Payment Element)."""
    from pathlib import Path

    return web.Response(text=(Path(__file__).parent / "stripe.js").read_text(), content_type="application/javascript")


def install(app: web.Application) -> None:
    """Adds the shim's routes and middleware to localstripe's application (before it starts)."""
    app.middlewares.insert(0, shim_middleware)
    app.router.add_get("/_shim/stripe.js", stripe_js)
    app.router.add_post("/v1/accounts", account_create)
    app.router.add_get("/v1/accounts/{id}", account_retrieve)
    app.router.add_post("/v1/account_links", account_link_create)
    app.router.add_route("*", "/connect/onboarding/{token}", onboarding_page)
    app.router.add_post("/_shim/failures", failures_add)
    app.router.add_post("/_shim/reset", reset)
    app.router.add_post("/_shim/settings", settings_change)
    app.router.add_post("/_shim/connect_webhooks/{id}", connect_webhook_register)
    app.router.add_post("/_shim/accounts/{id}/activate", account_activate_view)
