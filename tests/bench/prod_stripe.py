"""The Stripe fault run of `make prod-proof`: shoppers paying online against the fake Stripe server
(payments.devserver) while it answers 500 for a while, then hangs longer than STRIPE_TIMEOUT; what they saw,
and the payment invariants after (the fake asked for its PaymentIntents, the database for its orders)."""

from __future__ import annotations

import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import psycopg
import requests

from .prod_shopper import ORDER_NUMBER, Browser, Tally
from .prod_stack import Stack

# Run after the proof's other setup (tests/bench/prod_faults.py's SETUP), in the app's environment: a shop of
# its own, connected to the fake Stripe and done with onboarding, so that its baskets may be paid online.
SETUP = """
import json, requests
from orders.slots.availability import slots_available
from payments import gateway
from payments.config import stripe_api_base
from payments.models import ConnectedAccount
from tests.orders.builders import product_for_sale, shop_open

shop = shop_open(name="Preuve : le paiement", capacity=5000, slot_minutes=15, preparation_minutes=0)
product = product_for_sale(shop=shop, title="Tarte payée en ligne", stock=1_000_000)
account = gateway.account_create(
    email="paiement@preuve.example", shop_name=shop.name, shop_reference=f"preuve-{shop.pk}"
)
requests.post(f"{stripe_api_base()}/_shim/accounts/{account.id}/activate", timeout=10).raise_for_status()
ConnectedAccount.objects.create(shop=shop, stripe_id=account.id, charges_enabled=True)
# Tomorrow's slots: within the card's authorisation window, and none passes while the proof runs.
keys = [slot.key for slot in slots_available(shop=shop)[1].slots][:4]
print(json.dumps({"shop": shop.pk, "product": product.product_id, "keys": keys, "account": account.id}))
"""

UNAVAILABLE = "Le paiement en ligne ne répond pas"
SECRET = re.compile(r'data-secret="([^"]+)"')
GUEST = {"phone": "06 12 34 56 78", "name": "Client Preuve", "payment": "online"}


def stripe_setup(stack: Stack) -> dict:
    import json

    return json.loads(stack.manage("shell", "-c", SETUP).strip().splitlines()[-1])


class Seen:
    """What online payers met besides the status codes."""

    def __init__(self):
        self.counts: dict[str, int] = {}
        self.lock = threading.Lock()
        # Where the fault is when a shopper meets something: before, 500, hang, after.
        self.phase = "1 before"

    def add(self, what: str) -> None:
        key = f"{self.phase}: {what}"
        with self.lock:
            self.counts[key] = self.counts.get(key, 0) + 1


def card_confirm(stack: Stack, secret: str) -> bool:
    """What Stripe.js does in the browser with the card (tests/fake_stripe.py's card_setup); False when Stripe
    fails or does not answer within 10 s (the shopper sees Stripe.js's error and tries again)."""
    intent = secret.split("_secret_")[0]
    try:
        answer = requests.post(
            f"{stack.env['STRIPE_API_BASE']}/v1/setup_intents/{intent}/confirm",
            data={
                "key": stack.env["STRIPE_PUBLISHABLE_KEY"], "client_secret": secret,
                "payment_method_data[type]": "card", "payment_method_data[card][number]": "4242424242424242",
                "payment_method_data[card][exp_month]": "12", "payment_method_data[card][exp_year]": "2034",
                "payment_method_data[card][cvc]": "123",
            },
            timeout=10,
        )  # fmt: skip
    except requests.RequestException:
        return False
    return answer.status_code == 200 and answer.json().get("status") == "succeeded"


def pay_online(stack: Stack, pay: dict, browser: Browser, email: str, tally: Tally, seen: Seen, until: float) -> None:
    """One basket paid online: the checkout page (its card form), the card confirmed at Stripe, then the order
    placed; Stripe failing, the shopper tries again a second later, as long as `until`."""
    for answer in (browser.request("GET", "/basket/"),
                   browser.request("POST", f"/basket/add/{pay['product']}/", {"quantity": 1})):  # fmt: skip
        tally.add(answer)
        if answer.status >= 400:
            tally.errors.append(f"basket: {answer.status} {answer.body[:200]}")
            return
    secret = None
    while time.monotonic() < until:
        if secret is None:
            page = browser.request("GET", "/commande/")
            tally.add(page)
            found = SECRET.search(page.body)
            if page.status != 200 or not found:
                seen.add(f"checkout page {page.status} without the card form (Stripe down: pay at pickup offered)")
                time.sleep(1)
                continue
            if not card_confirm(stack, found.group(1)):
                seen.add("card form: Stripe.js failed (the shopper tries again)")
                time.sleep(1)
                continue
            secret = found.group(1)
        answer = browser.request("POST", "/commande/", {**GUEST, "email": email, f"slot-{pay['shop']}": pay["keys"][0]})
        tally.add(answer)
        if answer.status == 302 and answer.location.endswith("/commande/confirmation/"):
            page = browser.request("GET", "/commande/confirmation/")
            tally.add(page)
            if numbers := ORDER_NUMBER.findall(page.body):
                tally.acknowledged += numbers
                seen.add("paid online and placed")
            else:
                tally.errors.append(f"confirmation: {page.status} {page.location}")
            return
        if answer.status == 400 and UNAVAILABLE in answer.body:
            seen.add(f'order refused 400 "{UNAVAILABLE}" (the shopper retries)')
            time.sleep(1)
            continue
        seen.add(f"order answered {answer.status} without the French message")
        tally.errors.append(f"checkout: {answer.status} {answer.location} {answer.body[:200]}")
        return
    seen.add("gave up (run over) with a basket not placed")


def stripe_faults(stack: Stack, pay: dict, *, shoppers: int = 4, seconds: float = 30.0):
    """`shoppers` paying online in a loop for `seconds`; the fake Stripe answers 500 from t=4 s for 8 s, then
    hangs (no answer for 8 s, then the connection closed, nothing done) for 10 s; each basket started is
    finished (retried) up to 25 s after the run."""
    deadline = time.monotonic() + seconds
    tallies = [Tally() for _ in range(shoppers)]
    seen = Seen()
    base = stack.env["STRIPE_API_BASE"]

    def fail(**failure) -> None:
        every = {"path": "/v1/", "method": "ANY", **failure}
        requests.post(f"{base}/_shim/failures", data=every, timeout=10).raise_for_status()

    def fault() -> None:
        time.sleep(4)
        fail(mode="error", seconds=8)
        seen.phase = "2 Stripe answering 500"
        time.sleep(8)
        fail(mode="hang", seconds=10, delay=8)
        seen.phase = "3 Stripe hanging"
        time.sleep(10)
        seen.phase = "4 after"

    def shopper(number: int) -> None:
        round_number = 0
        while time.monotonic() < deadline:
            browser = Browser(stack.nginx_port, address=f"10.4.{number}.{round_number % 250 + 1}")
            email = f"carte{number}-{round_number}-{time.monotonic_ns()}@preuve.example"
            pay_online(stack, pay, browser, email, tallies[number], seen, until=deadline + 25)
            round_number += 1

    fault_thread = threading.Thread(target=fault)
    with ThreadPoolExecutor(shoppers) as pool:
        fault_thread.start()
        list(pool.map(shopper, range(shoppers)))
    fault_thread.join()
    total = Tally()
    for tally in tallies:
        total.merge(tally)
    return total, dict(sorted(seen.counts.items()))


def payment_intents(stack: Stack, account: str) -> list[dict]:
    """Every PaymentIntent of the shop's account, as the fake Stripe lists them (page by page)."""
    found: list[dict] = []
    params: dict = {"limit": 100}
    while True:
        page = requests.get(
            f"{stack.env['STRIPE_API_BASE']}/v1/payment_intents", params=params, timeout=30,
            auth=(stack.env["STRIPE_SECRET_KEY"], ""), headers={"Stripe-Account": account},
        )  # fmt: skip
        page.raise_for_status()
        body = page.json()
        found += body["data"]
        if not body.get("has_more") or not body["data"]:
            return found
        params["starting_after"] = body["data"][-1]["id"]


def payment_invariants(stack: Stack, pay: dict) -> tuple[dict[str, bool], dict]:
    """The shop's orders against its PaymentIntents at the fake Stripe."""
    intents = payment_intents(stack, pay["account"])
    with psycopg.connect(stack.env["DATABASE_URL"]) as connection:
        orders = dict(connection.execute(
            "SELECT o.number, coalesce(string_agg(s.reference, ' '), '') FROM order_order o "
            "JOIN orders_pickup p ON p.order_id = o.id LEFT JOIN payment_source s ON s.order_id = o.id "
            "WHERE p.shop_id = %s GROUP BY o.number", [pay["shop"]],
        ).fetchall())  # fmt: skip
    by_id = {intent["id"]: intent for intent in intents}
    per_order: dict[str, list[dict]] = {}
    for intent in intents:
        per_order.setdefault((intent.get("metadata") or {}).get("order", ""), []).append(intent)
    live = [intent for intent in intents if intent["status"] != "canceled"]

    def authorised(reference: str) -> bool:
        intent = by_id.get(reference.rpartition("/")[2])
        return intent is not None and intent["status"] in ("requires_capture", "succeeded")

    statuses: dict[str, int] = {}
    for intent in intents:
        statuses[intent["status"]] = statuses.get(intent["status"], 0) + 1
    checks = {
        "no order placed without an authorisation (its PaymentIntent at Stripe, requires_capture)": all(
            authorised(reference) for reference in orders.values()
        ),
        "no authorisation left uncancelled for a basket that placed nothing": all(
            (intent.get("metadata") or {}).get("order") in orders for intent in live
        ),
        "at most one PaymentIntent per order, retries included": all(
            len(listed) <= 1 for number, listed in per_order.items() if number
        ),
    }
    extra = {
        "orders of the paying shop": len(orders),
        "PaymentIntents at the fake Stripe, by status": statuses,
    }
    return checks, extra
