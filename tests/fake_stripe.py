"""The fake Stripe of the payment tests: `python -m payments.devserver` (localstripe and our Connect shim)
on a free loopback port, one per test process, and the settings that point the real `stripe` client at it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[1]
SECRET_KEY = "sk_test_fake_enbasdemarue"
PUBLISHABLE_KEY = "pk_test_fake_enbasdemarue"
WEBHOOK_SECRET = "whsec_test_platform"
CONNECT_WEBHOOK_SECRET = "whsec_test_connect"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class FakeStripe:
    url: str

    def post(self, path: str, data: dict | None = None, *, account: str = "") -> requests.Response:
        headers = {"Stripe-Account": account} if account else {}
        return requests.post(self.url + path, data=data or {}, auth=(SECRET_KEY, ""), headers=headers, timeout=10)

    def get(self, path: str, *, account: str = "") -> requests.Response:
        headers = {"Stripe-Account": account} if account else {}
        return requests.get(self.url + path, auth=(SECRET_KEY, ""), headers=headers, timeout=10)

    def fail_next(self, path: str, *, mode: str = "error", times: int = 1, method: str = "POST") -> None:
        """The next `times` requests to `path…` answer 500 ("error") or lose their answer ("drop")."""
        requests.post(
            self.url + "/_shim/failures",
            data={"path": path, "mode": mode, "times": times, "method": method},
            timeout=10,
        ).raise_for_status()

    def fail_for(self, seconds: float, *, path: str = "/v1/", mode: str = "error", delay: float = 30) -> None:
        """Every request to `path…` (any method) for `seconds`: a 500 ("error"), or no answer for `delay` s then
        the connection closed, nothing done ("hang")."""
        requests.post(
            self.url + "/_shim/failures",
            data={"path": path, "mode": mode, "method": "ANY", "seconds": seconds, "delay": delay},
            timeout=10,
        ).raise_for_status()

    def capture_window(self, seconds: int) -> None:
        """How long a card authorisation can be captured (each charge's capture_before = created + this)."""
        requests.post(self.url + "/_shim/settings", data={"capture_window": seconds}, timeout=10).raise_for_status()

    def refunds(self, account: str, payment_intent: str) -> list[dict]:
        """The refunds made of a PaymentIntent, as the shop's account lists them."""
        answer = self.get(f"/v1/refunds?payment_intent={payment_intent}", account=account)
        answer.raise_for_status()
        return answer.json()["data"]

    def reset(self) -> None:
        requests.post(self.url + "/_shim/reset", timeout=10).raise_for_status()

    def activate(self, account: str) -> None:
        """The shop finishes Stripe's onboarding."""
        requests.post(f"{self.url}/_shim/accounts/{account}/activate", timeout=10).raise_for_status()

    def card_setup(
        self, setup_intent_id: str, client_secret: str, number: str = "4242424242424242", *, passes_3ds: bool = True
    ) -> dict:
        """What Stripe.js does in the browser: confirms the platform SetupIntent with a card (3-D Secure passed or
        failed when the card asks for it)."""
        response = requests.post(
            f"{self.url}/v1/setup_intents/{setup_intent_id}/confirm",
            data={
                "key": PUBLISHABLE_KEY,
                "client_secret": client_secret,
                "payment_method_data[type]": "card",
                "payment_method_data[card][number]": number,
                "payment_method_data[card][exp_month]": "12",
                "payment_method_data[card][exp_year]": "2034",
                "payment_method_data[card][cvc]": "123",
            },
            timeout=10,
        )
        intent = response.json()
        if intent.get("status") == "requires_action":
            action = "confirm" if passes_3ds else "cancel"
            intent = requests.post(
                f"{self.url}/v1/setup_intents/{setup_intent_id}/{action}",
                data={"key": PUBLISHABLE_KEY, "client_secret": client_secret},
                timeout=10,
            ).json()
        return intent

    def authenticate(self, client_secret: str, *, account: str, passes: bool = True) -> requests.Response:
        """What Stripe.js's handleNextAction does for a shop's PaymentIntent: the shopper passes (or fails) 3-D
        Secure, with the publishable key and the shop's account, as the browser sends them."""
        payment_intent = client_secret.split("_secret_")[0]
        return requests.post(
            f"{self.url}/v1/payment_intents/{payment_intent}/_authenticate",
            data={
                "key": PUBLISHABLE_KEY,
                "client_secret": client_secret,
                "success": "true" if passes else "false",
                "_stripe_account": account,
            },
            timeout=10,
        )


@contextmanager
def fake_stripe_running(port: int | None = None):
    """A fake Stripe server process of its own, on a loopback port, for as long as the block runs."""
    port = port or free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "payments.devserver", "--port", str(port)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while True:
        try:
            requests.get(url + "/js.stripe.com/v3/", timeout=1)
            break
        except requests.ConnectionError as error:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError(
                    "the fake Stripe server did not start: " + process.stderr.read().decode()[-2000:]
                ) from error
            time.sleep(0.1)
    try:
        yield FakeStripe(url=url)
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def fake_stripe():
    # FAKE_STRIPE_PORT: a port of one's own when several people share the machine (as E2E_PORT).
    with fake_stripe_running(int(os.environ.get("FAKE_STRIPE_PORT") or 0) or None) as fake:
        yield fake


@pytest.fixture
def stripe_on(settings, fake_stripe):
    """Online payment configured, against the fake server."""
    settings.STRIPE_SECRET_KEY = SECRET_KEY
    settings.STRIPE_PUBLISHABLE_KEY = PUBLISHABLE_KEY
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_CONNECT_WEBHOOK_SECRET = CONNECT_WEBHOOK_SECRET
    settings.STRIPE_API_BASE = fake_stripe.url
    settings.STRIPE_TIMEOUT = 5
    # Each test starts from an empty Stripe, as its database starts from the demo data.
    fake_stripe.reset()
    return fake_stripe
