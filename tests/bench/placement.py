"""Benchmark the placement of a 3-shop basket by 8 concurrent shoppers on PostgreSQL.

    .venv/bin/python tests/bench/placement.py [--baskets 200] [--clients 8] [--mode different|hot|both] [--keep]
    (or: make bench-placement; BENCH_ORDERS_DATABASE names another database)

--mode different (the realistic case): each basket holds other products of the same three shops;
hot (the worst case): every basket holds the same three products, whose stock rows every placement
locks in turn; both (default): one after the other, two rows in the table.

1. Creates the PostgreSQL database enbasdemarue_bench_orders on 127.0.0.1:5432 (user postgres),
   migrates it and loads the demo data (reused when it exists and --keep was given before).
2. Picks three approved shops and one product of each, gives them ample stock and slot capacity
   (so every placement succeeds: this measures the work, not refusals), and builds the baskets.
3. Places them from 8 client processes at once (forked: the client's GIL is not what is measured),
   each with its own connection, through the same service the checkout calls
   (orders.services.order_place_for_basket), and times each call.
   Tasks use the database backend, as in production: each email is one queued row.
4. Prints p50/p95/max latency, placements per second and the queries of one placement, and appends
   them to tests/bench/RESULTS.md. Drops the database at the end unless --keep.
"""

import argparse
import contextlib
import multiprocessing
import os
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATABASE = os.environ.get("BENCH_ORDERS_DATABASE", "enbasdemarue_bench_orders")
DATABASE_URL = f"postgres://postgres@127.0.0.1:5432/{DATABASE}"
RESULTS = Path(__file__).with_name("RESULTS.md")


def _psql(sql: str) -> None:
    import psycopg

    with psycopg.connect(host="127.0.0.1", port=5432, user="postgres", dbname="postgres", autocommit=True) as db:
        db.execute(sql)


def _database_ready() -> bool:
    import psycopg

    with psycopg.connect(host="127.0.0.1", port=5432, user="postgres", dbname="postgres") as db:
        return db.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE]).fetchone() is not None


def _build() -> None:
    _psql(f'DROP DATABASE IF EXISTS "{DATABASE}"')
    _psql(f'CREATE DATABASE "{DATABASE}"')
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "marketplace.settings.dev", "DATABASE_URL": DATABASE_URL}
    env["MEDIA_ROOT"] = str(ROOT / "var" / "bench" / "media")
    for command in (["migrate", "--noinput", "-v0"], ["seed_demo", "-v0"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baskets", type=int, default=200)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--keep", action="store_true", help="keep the database for the next run")
    parser.add_argument("--mode", choices=["different", "hot", "both"], default="both")
    args = parser.parse_args()

    started = time.monotonic()
    if not (args.keep and _database_ready()):
        print("building the database (migrate + seed_demo)…", flush=True)
        _build()

    os.environ["DJANGO_SETTINGS_MODULE"] = "marketplace.settings.dev"
    os.environ["DATABASE_URL"] = DATABASE_URL
    os.environ["MEDIA_ROOT"] = str(ROOT / "var" / "bench" / "media")
    # As in production: the order emails are queued for the worker, not rendered and sent inside the
    # checkout (the embedded default's immediate backend would time them with each placement).
    os.environ["TASKS_BACKEND"] = "django_tasks_db.DatabaseBackend"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.sites.models import Site
    from django.db import connections
    from oscar.core.loading import get_class, get_model

    from orders.slots.availability import slots_available
    from shops.models import Shop

    Basket = get_model("basket", "Basket")
    StockRecord = get_model("partner", "StockRecord")
    Selector = get_class("partner.strategy", "Selector")

    shops = list(Shop.objects.filter(status=Shop.Status.APPROVED).order_by("pk")[:3])
    Shop.objects.filter(pk__in=[s.pk for s in shops]).update(slot_capacity=10**4, days_ahead=30)
    # Every product of the three shops gets ample stock: this measures the work, not refusals.
    records = {shop.pk: list(StockRecord.objects.filter(partner__shop=shop).order_by("pk")) for shop in shops}
    StockRecord.objects.filter(partner__shop__in=shops).update(num_in_stock=10**6, num_allocated=0)
    shops = list(Shop.objects.filter(pk__in=[s.pk for s in shops]).order_by("pk"))

    # Spread the placements over each shop's free slots so capacity never refuses one.
    slot_keys = {}
    for shop in shops:
        keys = [slot.key for day in slots_available(shop=shop) for slot in day.slots if not slot.is_full]
        assert keys, f"{shop} offers no slot"
        slot_keys[shop.pk] = keys
    _STATE["strategy"] = Selector().strategy()
    _STATE["choices"] = [
        {shop.pk: slot_keys[shop.pk][n % len(slot_keys[shop.pk])] for shop in shops} for n in range(args.baskets + 1)
    ]
    modes = ["different", "hot"] if args.mode == "both" else [args.mode]
    rows = []
    for mode in modes:

        def product_of(shop, number, mode=mode):
            # different: the shop's products in turn (8 clients rarely share one); hot: always the first.
            shop_records = records[shop.pk]
            return shop_records[number % len(shop_records) if mode == "different" else 0].product

        print(f"{mode}: building {args.baskets + 1} baskets of 3 shops…", flush=True)
        baskets = []
        for number in range(args.baskets + 1):
            basket = Basket.objects.create()
            basket.strategy = _STATE["strategy"]
            for shop in shops:
                basket.add_product(product_of(shop, number), quantity=1 + number % 2)
            baskets.append(basket.pk)
        _STATE["baskets"] = baskets
        # One placement alone, to count its queries (not the bench's own read of the basket); the site
        # Oscar reads for each order is read first, as a running server has it cached after its first request.
        Site.objects.get_current()
        _STATE["count_queries"] = True
        ok, _elapsed, message = _place(0)
        _STATE["count_queries"] = False
        assert ok, message
        rows.append((mode, _STATE["queries"], *_place_all(args=args)))
    _report(args=args, rows=rows)
    if not args.keep:
        connections.close_all()
        _psql(f'DROP DATABASE IF EXISTS "{DATABASE}"')
    print(f"done in {time.monotonic() - started:.0f} s")


_STATE: dict = {}


def _place(number: int) -> tuple[bool, float, str]:
    """Place basket `number` of _STATE (in a client process): (placed, seconds, failure)."""
    from django.db import connection, connections
    from django.test.utils import CaptureQueriesContext
    from oscar.core.loading import get_model

    from orders.services import Customer, order_place_for_basket

    basket = get_model("basket", "Basket").objects.get(pk=_STATE["baskets"][number])
    basket.strategy = _STATE["strategy"]
    customer = Customer(email=f"client-{number}@example.com", phone="04 74 00 00 00", name=f"Client {number}")
    counted = CaptureQueriesContext(connection) if _STATE.get("count_queries") else contextlib.nullcontext()
    start = time.perf_counter()
    with counted:
        try:
            orders = order_place_for_basket(basket=basket, customer=customer, choices=_STATE["choices"][number])
            ok, message = len(orders) == 3, ""
        except Exception as error:
            ok, message = False, str(error)
    elapsed = time.perf_counter() - start
    if _STATE.get("count_queries"):
        _STATE["queries"] = len(counted.captured_queries)
    if number:
        connections.close_all()
    return ok, elapsed, message


def _place_all(*, args) -> tuple:
    """Every basket but the first placed by `args.clients` forked processes: latencies and failures."""
    from django.db import connections

    connections.close_all()  # a forked process must not share the parent's connection
    print(f"placing {args.baskets} baskets with {args.clients} client processes…", flush=True)
    wall = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(processes=args.clients) as pool:
        results = pool.map(_place, range(1, args.baskets + 1), chunksize=1)
    wall = time.perf_counter() - wall
    latencies = sorted(elapsed for ok, elapsed, _message in results if ok)
    failures = [message for ok, _elapsed, message in results if not ok]
    for failure in failures[:5]:
        print("failure:", failure)
    return latencies, failures, wall


def _report(*, args, rows) -> None:
    load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    lines = [
        "",
        f"## {datetime.now(UTC):%Y-%m-%d %H:%M} UTC · placement of a 3-shop basket",
        "",
        f"- command: `.venv/bin/python tests/bench/placement.py --baskets {args.baskets} --clients {args.clients} "
        f"--mode {args.mode}`",
        f"- machine: {os.cpu_count()} CPU, PostgreSQL on 127.0.0.1; load average at the end: {load}",
        "- what: orders.services.order_place_for_basket from forked client processes, one connection each, every "
        "placement succeeding (ample stock and capacity); emails queued in the database for the worker, as in "
        "production. different: each basket holds other products of the same three shops (the realistic case); "
        "hot: every basket the same three products (the worst case)",
        "",
        "| mode | clients | placements | failures | per second | p50 ms | p95 ms | max ms | queries per placement |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for mode, queries, latencies, failures, wall in rows:
        p50 = statistics.median(latencies) * 1000 if latencies else float("nan")
        p95 = latencies[int(0.95 * (len(latencies) - 1))] * 1000 if latencies else float("nan")
        worst = latencies[-1] * 1000 if latencies else float("nan")
        lines.append(
            f"| {mode} | {args.clients} | {len(latencies)} | {len(failures)} | {len(latencies) / wall:.1f} "
            f"| {p50:.0f} | {p95:.0f} | {worst:.0f} | {queries} |"
        )
    report = "\n".join(lines) + "\n"
    print(report)
    with RESULTS.open("a", encoding="utf-8") as results:
        results.write(report)


if __name__ == "__main__":
    main()
