"""The runs of `make prod-proof`: shoppers in threads against nginx, a fault injected meanwhile, and the
database's invariants checked after each run (tests/bench/prod_proof.py puts them together)."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import psycopg

from .prod_shopper import Browser, Tally, checkout
from .prod_stack import ROOT, WRK, Stack

SETUP = """
import json
from orders.slots.availability import slots_available
from shops.models import Shop
from tests.orders.builders import product_for_sale, shop_open

storm = shop_open(name="Preuve : la ruée", capacity=3, slot_minutes=15, preparation_minutes=0)
storm_product = product_for_sale(shop=storm, title="Galette de la ruée", stock=1000)
busy = shop_open(name="Preuve : les pannes", capacity=5000, slot_minutes=15, preparation_minutes=0)
busy_product = product_for_sale(shop=busy, title="Pain des pannes", stock=1_000_000)
demo = Shop.objects.get(slug="au-pain-dore")
product = demo.partner.stockrecords.filter(product__is_public=True).first().product


def keys(shop, count):
    # The last offered day's slots: none of them can pass while the proof runs.
    return [slot.key for slot in slots_available(shop=shop)[-1].slots][:count]


print(json.dumps({
    "storm": {"shop": storm.pk, "product": storm_product.product_id, "keys": keys(storm, 3)},
    "busy": {"shop": busy.pk, "product": busy_product.product_id, "keys": keys(busy, 4)},
    "storefront": demo.get_absolute_url(),
    "product_page": product.get_absolute_url(),
}))
"""


def proof_setup(stack: Stack) -> dict:
    return json.loads(stack.manage("shell", "-c", SETUP).strip().splitlines()[-1])


# Shoppers.


def shoppers_loop(
    stack: Stack, data: dict, *, count: int, seconds: float, fault: Callable[[Stack], dict] | None = None
):
    """`count` shoppers placing one-product baskets in a loop for `seconds`; `fault` runs meanwhile."""
    deadline = time.monotonic() + seconds
    tallies = [Tally() for _ in range(count)]
    busy = data["busy"]

    def shopper(number: int) -> None:
        round_number = 0
        while time.monotonic() < deadline:
            browser = Browser(stack.nginx_port, address=f"10.0.{number}.{round_number % 250 + 1}")
            email = f"s{number}-{round_number}-{time.monotonic_ns()}@preuve.example"
            checkout(
                browser, product_id=busy["product"], shop_id=busy["shop"], keys=busy["keys"], email=email,
                tally=tallies[number],
            )  # fmt: skip
            round_number += 1

    outcome: dict = {}
    fault_thread = threading.Thread(target=lambda: outcome.update(fault(stack) if fault else {}))
    with ThreadPoolExecutor(count) as pool:
        fault_thread.start()
        list(pool.map(shopper, range(count)))
    fault_thread.join()
    total = Tally()
    for tally in tallies:
        total.merge(tally)
    return total, outcome


def storm(stack: Stack, data: dict, *, shoppers: int = 50) -> Tally:
    """Every shopper at once for the same three slots of three places."""
    barrier = threading.Barrier(shoppers)
    tallies = [Tally() for _ in range(shoppers)]
    target = data["storm"]

    def shopper(number: int) -> None:
        browser = Browser(stack.nginx_port, address=f"10.1.0.{number + 1}")
        tally = tallies[number]
        tally.add(browser.request("GET", "/basket/"))
        tally.add(browser.request("POST", f"/basket/add/{target['product']}/", {"quantity": 1}))
        barrier.wait(timeout=60)
        checkout(
            browser, product_id=target["product"], shop_id=target["shop"], keys=target["keys"],
            email=f"ruee-{number}@preuve.example", tally=tally,
        )  # fmt: skip

    with ThreadPoolExecutor(shoppers) as pool:
        list(pool.map(shopper, range(shoppers)))
    total = Tally()
    for tally in tallies:
        total.merge(tally)
    return total


def alternating(stack: Stack, data: dict, *, shoppers: int = 6) -> Tally:
    """Basket on one app server, checkout on the other: the session and basket live in Redis and PostgreSQL."""
    total = Tally()
    for number in range(shoppers):
        ports = (stack.app_a, stack.app_b) if number % 2 else (stack.app_b, stack.app_a)
        browser = Browser(stack.nginx_port, address=f"10.2.0.{number + 1}")
        busy = data["busy"]
        checkout(
            browser, product_id=busy["product"], shop_id=busy["shop"], keys=busy["keys"],
            email=f"alterne-{number}@preuve.example", tally=total, ports=ports,
        )  # fmt: skip
    return total


# Faults.


def terminate_backends(stack: Stack, *, rounds: int = 3, every: float = 3.0) -> dict:
    killed = []
    for _ in range(rounds):
        time.sleep(every)
        with psycopg.connect(stack.env["DATABASE_URL"], autocommit=True) as connection:
            rows = connection.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = 'enbas' AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
            ).fetchall()
        killed.append(len(rows))
    return {"sessions terminated per round": killed}


def restart_postgres(stack: Stack, data: dict, *, after: float = 4.0, timeout: float = 30.0) -> dict:
    """Restart PostgreSQL `after` s into the run, timing from outside: when it stopped accepting connections,
    when it accepted them again, and when the app served a page that needs it again (every 20 ms each)."""
    probe = Browser(stack.nginx_port, address="10.3.0.1")
    probe.request("GET", "/basket/")
    probe.request("POST", f"/basket/add/{data['busy']['product']}/", {"quantity": 1})
    time.sleep(after)
    restart = threading.Thread(target=stack.pg_restart)
    started = time.monotonic()
    moments: dict[str, float] = {}
    restart.start()

    def database() -> None:
        while "back" not in moments and time.monotonic() - started < timeout:
            try:
                psycopg.connect(stack.env["DATABASE_URL"], connect_timeout=2).close()
            except psycopg.OperationalError:
                moments.setdefault("down", time.monotonic())
            else:
                if "down" in moments:
                    moments["back"] = time.monotonic()
            time.sleep(0.02)

    watcher = threading.Thread(target=database)
    watcher.start()
    # The checkout page of a shopper with a basket: it reads the basket, the shop and its slots.
    while time.monotonic() - started < timeout:
        answer = probe.request("GET", "/commande/")
        now = time.monotonic()
        if answer.status != 200:
            moments.setdefault("app_failing", now)
        elif "app_failing" in moments and "back" in moments:
            moments["app_back"] = now
            break
        time.sleep(0.02)
    watcher.join()
    restart.join()

    def since(moment: str, origin: float | None) -> float | str:
        return round(moments[moment] - origin, 2) if moment in moments and origin is not None else "never"

    return {
        "PostgreSQL not accepting connections (s)": since("back", moments.get("down")),
        "checkout served again, s after PostgreSQL accepted connections": since("app_back", moments.get("back")),
        "checkout served again, s after the restart began": since("app_back", started),
        "restart_recovered": since("app_back", moments.get("back")),
    }


def recovery_seconds_ok(value: float | str, *, limit: float) -> bool:
    return isinstance(value, float) and value <= limit


def kill_workers(stack: Stack, *, every: float = 10.0, rounds: int = 2) -> dict:
    killed = []
    for number in range(rounds):
        time.sleep(every if number else every / 2)
        name = "app-a" if number % 2 == 0 else "app-b"
        workers = stack.app_workers(name)
        if workers:
            os.kill(workers[0], signal.SIGKILL)
            killed.append(f"{name} worker {workers[0]}")
    return {"workers killed (SIGKILL)": killed}


def rolling_restart(stack: Stack, *, after: float = 4.0, name: str = "app-a") -> dict:
    """A rolling restart's steps for one instance (README, "Deploy"): drain it from nginx (marked `down`,
    reload, in-flight requests finished), stop it (SIGTERM), start it, put it back in the upstream."""
    time.sleep(after)
    started = time.monotonic()
    drained = stack.app_drain(name)
    stack.stop_app(name)
    stopped = time.monotonic()
    stack.start_app(name, stack.app_port(name))
    stack.app_readd(name)
    back = time.monotonic()
    answer = Browser(stack.nginx_port).request("GET", "/basket/", port=stack.app_port(name))
    return {
        "drain (nginx reloaded with the instance `down`, its requests finished)": drained,
        f"{name} stopped (SIGTERM) at t={after:.0f} s, s after the drain began": round(stopped - started, 2),
        f"{name} started and back in the upstream, s after the drain began": round(back - started, 2),
        f"{name} answering again (GET /basket/ on its port)": answer.status,
    }


# Invariants, in SQL on the private cluster.

INVARIANTS = {
    "no slot over capacity": "SELECT count(*) FROM orders_pickupslot WHERE booked > capacity",
    "slot counters equal bookings": """
        SELECT count(*) FROM orders_pickupslot s
        WHERE s.booked <> (SELECT count(*) FROM orders_pickup p JOIN order_order o ON o.id = p.order_id
                           WHERE p.slot_id = s.id AND o.status NOT IN ('cancelled', 'refused', 'not_collected'))""",
    "no stock below zero or over-allocated": """
        SELECT count(*) FROM partner_stockrecord
        WHERE num_in_stock < 0 OR num_allocated < 0 OR num_allocated > num_in_stock""",
    "one order per (basket, shop)": """
        SELECT count(*) FROM (SELECT o.basket_id, p.shop_id FROM order_order o
                              JOIN orders_pickup p ON p.order_id = o.id
                              GROUP BY o.basket_id, p.shop_id HAVING count(*) > 1) AS doubled""",
    "each email owed once": "SELECT count(*) FROM (SELECT key FROM orders_notice GROUP BY key HAVING count(*) > 1) d",
}


def invariants(stack: Stack, *, acknowledged: list[str]) -> dict[str, bool]:
    with psycopg.connect(stack.env["DATABASE_URL"]) as connection:
        result = {name: connection.execute(sql).fetchone()[0] == 0 for name, sql in INVARIANTS.items()}
        present = {row[0] for row in connection.execute("SELECT number FROM order_order WHERE number = ANY(%s)",
                                                         [acknowledged])}  # fmt: skip
    result["every acknowledged order present"] = present == set(acknowledged)
    return result


def outbox_state(stack: Stack) -> dict:
    with psycopg.connect(stack.env["DATABASE_URL"]) as connection:
        owed, sent, failed = connection.execute(
            "SELECT count(*) FILTER (WHERE sent_at IS NULL AND dropped_at IS NULL), count(sent_at), "
            "count(*) FILTER (WHERE sent_at IS NULL AND attempts > 0) FROM orders_notice"
        ).fetchone()
    return {"owed": owed, "sent": sent, "failed so far": failed}


class Clock:
    """`manage.py orders_jobs` at the start of every wall-clock minute, as the systemd timer (OnCalendar=minutely)."""

    def __init__(self, stack: Stack):
        self.stack = stack
        self.runs = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._tick, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def _tick(self) -> None:
        while not self._stop.wait(60 - time.time() % 60):
            self.stack.manage("orders_jobs")
            self.runs += 1


def wait_outbox_drained(stack: Stack, *, timeout: float = 60.0) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = outbox_state(stack)
        if state["owed"] == 0:
            return state
        time.sleep(0.5)
    return outbox_state(stack)


WARM = """
import json, time
from django.test import Client

# Each page rendered once in this process, with no time limit: the first view of the demo's pictures makes
# their thumbnails (sorl), which on a busy machine takes longer than gunicorn's 30 s for one request.
client = Client(HTTP_HOST="127.0.0.1")
seconds = {}
for path in json.loads(%r):
    started = time.monotonic()
    status = client.get(path).status_code
    seconds[path] = [status, round(time.monotonic() - started, 1)]
print(json.dumps(seconds))
"""


def pages_warm(stack: Stack, paths: list[str]) -> dict:
    """Render each page once outside the app servers (thumbnails made, templates read); {path: [status, s]}."""
    return json.loads(stack.manage("shell", "-c", WARM % json.dumps(paths)).strip().splitlines()[-1])


def wrk(url: str, *, seconds: int = 8, clients: int = 8) -> dict:
    output = subprocess.run(
        [WRK, "-t2", f"-c{clients}", f"-d{seconds}s", "--timeout", "20s", "--latency", url],
        capture_output=True,
        text=True,
        cwd=ROOT,
    ).stdout

    def latency(percent: str) -> str:
        match = re.search(rf"^\s+{percent}%\s+(\S+)", output, re.MULTILINE)
        return match.group(1) if match else "?"

    requests = re.search(r"Requests/sec:\s+([\d.]+)", output)
    completed = re.search(r"(\d+) requests in", output)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)", output)
    return {
        "req/s": float(requests.group(1)) if requests else 0.0,
        # wrk counts only the answers it got: none at all (every request slower than the run) is a failure too.
        "completed": int(completed.group(1)) if completed else 0,
        "p50": latency("50"),
        "p99": latency("99"),
        "errors": int(non_2xx.group(1)) if non_2xx else 0,
        "socket errors": socket_errors.group(1) if socket_errors else "none",
    }
