"""A shopper's browser over plain HTTP (its own cookies, CSRF token from the cookie), and the checkout it runs.

Cookies are kept by hand: production cookies are `Secure`, and this proof talks plain HTTP on loopback
(nginx terminates TLS in production), so a standard cookie jar would drop them.
"""

from __future__ import annotations

import http.client
import re
import time
import urllib.parse
from dataclasses import dataclass, field
from http.cookies import SimpleCookie

ORDER_NUMBER = re.compile(r"Commande n°\s*<strong>([\w-]+)</strong>")


@dataclass
class Answer:
    status: int
    location: str = ""
    body: str = ""
    seconds: float = 0.0


@dataclass
class Tally:
    """What the shoppers of one run saw."""

    requests: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    acknowledged: list[str] = field(default_factory=list)
    refused_full: int = 0

    def add(self, answer: Answer) -> None:
        self.requests += 1
        self.statuses[answer.status] = self.statuses.get(answer.status, 0) + 1

    @property
    def server_errors(self) -> int:
        return sum(count for status, count in self.statuses.items() if status >= 500)

    def merge(self, other: Tally) -> None:
        self.requests += other.requests
        for status, count in other.statuses.items():
            self.statuses[status] = self.statuses.get(status, 0) + count
        self.errors += other.errors
        self.acknowledged += other.acknowledged
        self.refused_full += other.refused_full


class Browser:
    def __init__(self, port: int, *, address: str = "127.0.0.1"):
        self.port = port
        self.address = address
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, data: dict | None = None, *, port: int | None = None) -> Answer:
        connection = http.client.HTTPConnection("127.0.0.1", port or self.port, timeout=120)
        headers = {"Host": "127.0.0.1", "X-Real-IP": self.address}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{key}={value}" for key, value in self.cookies.items())
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
            headers["Referer"] = f"http://127.0.0.1:{port or self.port}/"
        started = time.monotonic()
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read().decode("utf-8", "replace")
        except (OSError, http.client.HTTPException) as error:
            return Answer(status=599, body=f"{type(error).__name__}: {error}", seconds=time.monotonic() - started)
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            self._keep(header)
        return Answer(response.status, response.getheader("Location", ""), content, time.monotonic() - started)

    def _keep(self, header: str) -> None:
        cookie = SimpleCookie()
        cookie.load(header)
        for key, morsel in cookie.items():
            if morsel["max-age"] == "0" or not morsel.value or "1970" in (morsel["expires"] or ""):
                self.cookies.pop(key, None)
            else:
                self.cookies[key] = morsel.value


def checkout(
    browser: Browser, *, product_id: int, shop_id: int, keys: list[str], email: str, tally: Tally, ports=(None, None)
) -> str | None:
    """Add one product, then place the basket in the first of `keys` with room; the order number, or None.

    `ports` may send the basket steps and the checkout steps to different app servers.
    """
    first, second = ports
    for answer in (
        browser.request("GET", "/basket/", port=first),
        browser.request("POST", f"/basket/add/{product_id}/", {"quantity": 1}, port=first),
    ):
        tally.add(answer)
        if answer.status >= 400:
            tally.errors.append(f"basket: {answer.status} {answer.body[:200]}")
            return None
    guest = {"email": email, "phone": "06 12 34 56 78", "name": "Client Preuve", "payment": "pickup"}
    for key in keys:
        answer = browser.request("POST", "/commande/", {**guest, f"slot-{shop_id}": key}, port=second)
        tally.add(answer)
        if answer.status == 302 and answer.location.endswith("/commande/confirmation/"):
            page = browser.request("GET", "/commande/confirmation/", port=first)
            tally.add(page)
            numbers = ORDER_NUMBER.findall(page.body)
            if page.status == 200 and numbers:
                tally.acknowledged += numbers
                return numbers[0]
            tally.errors.append(f"confirmation: {page.status} {page.location}")
            return None
        if answer.status == 400 and "complet" in answer.body:
            tally.refused_full += 1
            continue
        tally.errors.append(f"checkout: {answer.status} {answer.location} {answer.body[:200]}")
        return None
    return None
