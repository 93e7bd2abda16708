"""Benchmark the statistics reads (issue 18) on PostgreSQL at the territory's scale.

    .venv/bin/python tests/bench/stats.py [--orders 300000] [--keep]

1. Creates the PostgreSQL database enbas_stats_bench on 127.0.0.1:5432 (user postgres) and migrates it
   (reused when it exists and --keep was given before).
2. Loads 22,000 shops (20 towns, their categories), 10 slots each, and `--orders` orders spread over a
   year (a tenth of them on 50 busy shops, the rest at random), one line and one pickup each, a third
   of them guests'.
3. Times each statistics read (median of 5 runs, after one warm-up) and counts its queries: a busy
   shop's page, the staff's revenue per shop and "no order in 30 days" (first page and count), the
   sign-up funnel by town and by category, the retention job's selection. Appends them to RESULTS.md.
"""

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATABASE = "enbas_stats_bench"
DATABASE_URL = f"postgres://postgres@127.0.0.1:5432/{DATABASE}"
RESULTS = Path(__file__).with_name("RESULTS.md")
SHOPS = 22_000
TOWNS = 20
SLOTS_PER_SHOP = 10
BATCH = 5_000


def _psql(sql: str) -> None:
    import psycopg

    with psycopg.connect(host="127.0.0.1", port=5432, user="postgres", dbname="postgres", autocommit=True) as db:
        db.execute(sql)


def _database_ready() -> bool:
    import psycopg

    with psycopg.connect(host="127.0.0.1", port=5432, user="postgres", dbname="postgres") as db:
        return db.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE]).fetchone() is not None


def _migrate() -> None:
    _psql(f'DROP DATABASE IF EXISTS "{DATABASE}"')
    _psql(f'CREATE DATABASE "{DATABASE}"')
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "marketplace.settings.dev", "DATABASE_URL": DATABASE_URL}
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)


def _empty() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE order_line, orders_pickup, orders_pickupslot, order_order, shops_shop, partner_partner, "
            "shops_shopcategory CASCADE"
        )


def _load(*, orders: int, now: datetime) -> None:
    from oscar.core.loading import get_model

    from orders.models import OrderStatus, Pickup, PickupSlot
    from shops.models import Shop, ShopCategory

    Partner = get_model("partner", "Partner")
    Order = get_model("order", "Order")
    Line = get_model("order", "Line")
    rng = random.Random(18)
    categories = [
        ShopCategory.objects.get_or_create(slug=f"cat-{n}", defaults={"name": f"Catégorie {n}", "position": n})[0]
        for n in range(12)
    ]
    Partner.objects.bulk_create([Partner(name=f"Bench {n}", code=f"bench-{n}") for n in range(SHOPS)], batch_size=BATCH)
    partners = list(Partner.objects.filter(code__startswith="bench-").order_by("pk"))
    statuses = [Shop.Status.APPROVED] * 8 + [Shop.Status.PENDING, Shop.Status.DRAFT]
    Shop.objects.bulk_create(
        [
            Shop(
                partner=partner,
                name=f"Boutique {n}",
                slug=f"bench-{n}",
                status=(status := rng.choice(statuses)),
                category=categories[n % len(categories)],
                address="1 rue du Banc",
                postcode="38300",
                town=f"Commune {n % TOWNS:02d}",
                phone="04 74 00 00 00",
                submitted_at=now if status != Shop.Status.DRAFT else None,
                approved_at=now if status == Shop.Status.APPROVED else None,
            )
            for n, partner in enumerate(partners)
        ],
        batch_size=BATCH,
    )
    shops = list(Shop.objects.order_by("pk").values_list("pk", flat=True))
    Shop.objects.update(created_at=now - timedelta(days=200))
    base = now.replace(hour=8, minute=0, second=0, microsecond=0) - timedelta(days=365)
    PickupSlot.objects.bulk_create(
        [
            PickupSlot(
                shop_id=shop,
                starts_at=base + timedelta(days=36 * k, hours=k % 9),
                ends_at=base + timedelta(days=36 * k, hours=k % 9, minutes=30),
                capacity=1000,
            )
            for shop in shops
            for k in range(SLOTS_PER_SHOP)
        ],
        batch_size=BATCH,
    )
    slots = {}
    for pk, shop_id in PickupSlot.objects.values_list("pk", "shop_id"):
        slots.setdefault(shop_id, []).append(pk)
    busy = shops[:50]
    choices = [OrderStatus.COLLECTED] * 7 + [OrderStatus.NOT_COLLECTED, OrderStatus.CANCELLED, OrderStatus.REFUSED]
    for start in range(0, orders, BATCH):
        count = min(BATCH, orders - start)
        rows = []
        for n in range(start, start + count):
            shop = rng.choice(busy) if n % 10 == 0 else rng.choice(shops)
            placed = now - timedelta(minutes=rng.randrange(365 * 24 * 60))
            total = Decimal(rng.randrange(200, 8000)) / 100
            rows.append((shop, placed, total, rng.choice(choices), n % 3 == 0))
        created = Order.objects.bulk_create(
            [
                Order(
                    number=f"B{n:08d}",
                    currency="EUR",
                    total_incl_tax=total,
                    total_excl_tax=total,
                    shipping_incl_tax=0,
                    shipping_excl_tax=0,
                    status=status,
                    guest_email="invite@example.com" if is_guest else "",
                    date_placed=placed,
                )
                for n, (_shop, placed, total, status, is_guest) in zip(range(start, start + count), rows, strict=True)
            ]
        )
        Pickup.objects.bulk_create(
            [
                Pickup(
                    order=order,
                    shop_id=shop,
                    slot_id=rng.choice(slots[shop]),
                    code=f"{order.pk}",
                    customer_name="Client banc",
                    created_at=placed,
                )
                for order, (shop, placed, _total, _status, _guest) in zip(created, rows, strict=True)
            ]
        )
        Line.objects.bulk_create(
            [
                Line(
                    order=order,
                    partner_name="Bench",
                    partner_sku=f"sku-{n % 40}",
                    title=f"Produit {n % 40}",
                    quantity=1 + n % 3,
                    num_allocated=1 + n % 3,
                    line_price_incl_tax=total,
                    line_price_excl_tax=total,
                    line_price_before_discounts_incl_tax=total,
                    line_price_before_discounts_excl_tax=total,
                    unit_price_incl_tax=total,
                    unit_price_excl_tax=total,
                )
                for n, (order, (_shop, _placed, total, _status, _guest)) in enumerate(zip(created, rows, strict=True))
            ]
        )
    # Pickup.created_at is auto_now_add: bulk_create stamped the real clock; the order's date is the truth.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE orders_pickup p SET created_at = o.date_placed FROM order_order o WHERE o.id = p.order_id"
        )
        cursor.execute("ANALYZE")


def _measure(name: str, read) -> tuple[str, float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    read()
    timings = []
    for _run in range(5):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            read()
            timings.append((time.perf_counter() - started) * 1000)
    return name, statistics.median(timings), len(queries)


def _reads(now: datetime) -> list[tuple[str, float, int]]:
    from django.core.paginator import Paginator
    from django.db.models import Count

    from orders.models import Pickup
    from orders.selectors.staff_stats import shops_dormant, shops_revenue, signup_funnel
    from orders.selectors.stats import Period, shop_stats
    from orders.services.privacy import guest_orders_depersonalise_due  # noqa: F401 (the job measured below)
    from shops.models import Shop

    today = now.date()
    quarter = Period(start=today - timedelta(days=90), end=today)
    year = Period(start=today - timedelta(days=365), end=today)
    busiest = Shop.objects.annotate(n=Count("pickups")).order_by("-n").first()

    def page(queryset):
        current = Paginator(queryset, 50).get_page(1)
        return current.paginator.count, list(current.object_list)

    def retention_selection():
        from django.conf import settings

        from orders.models import ORDER_STATUSES_OPEN

        cutoff = now - timedelta(days=settings.GUEST_DATA_RETENTION_DAYS - 30)
        return list(
            Pickup.objects.filter(depersonalised_at__isnull=True, created_at__lt=cutoff, order__user__isnull=True)
            .exclude(order__status__in=ORDER_STATUSES_OPEN)
            .order_by("created_at")
            .values_list("order_id", flat=True)[:500]
        )

    return [
        _measure(f"a busy shop's page, one year ({busiest.n} orders)", lambda: shop_stats(shop=busiest, period=year)),
        _measure("a busy shop's page, 90 days", lambda: shop_stats(shop=busiest, period=quarter)),
        _measure("staff: revenue per shop, 90 days (count + page 1)", lambda: page(shops_revenue(period=quarter))),
        _measure("staff: no order in 30 days (count + page 1)", lambda: page(shops_dormant(now=now))),
        _measure("staff: sign-up funnel by town, one year", lambda: signup_funnel(period=year, by="town")),
        _measure("staff: sign-up funnel by category, one year", lambda: signup_funnel(period=year, by="category")),
        _measure("retention job: selection of 500 guests' orders", retention_selection),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=300_000)
    parser.add_argument("--keep", action="store_true", help="reuse the database if it exists, and keep it")
    parser.add_argument("--reload", action="store_true", help="with --keep: empty the kept database and load it again")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "marketplace.settings.dev"
    os.environ["DATABASE_URL"] = DATABASE_URL
    now = datetime.now(UTC)
    reuse = args.keep and _database_ready()
    if not reuse:
        _migrate()
    import django

    django.setup()
    loaded_at = time.perf_counter()
    if reuse and args.reload:
        _empty()
        reuse = False
    if not reuse:
        _load(orders=args.orders, now=now)
    load_seconds = time.perf_counter() - loaded_at
    results = _reads(now)
    lines = [
        "",
        f"## {datetime.now().astimezone():%Y-%m-%d %H:%M %Z} · statistics reads (issue 18)",
        "",
        f"- command: `.venv/bin/python tests/bench/stats.py{' --keep' if args.keep else ''} --orders {args.orders}`",
        f"- data: {SHOPS:,} shops in {TOWNS} towns, {args.orders:,} orders over a year (a tenth on 50 busy shops), "
        f"one line and one pickup each{'' if reuse else f'; loaded in {load_seconds:.0f} s'}",
        "- each read: median of 5 runs after a warm-up, in the process (no HTTP), PostgreSQL on 127.0.0.1",
        "",
        "| read | median ms | queries |",
        "|---|---:|---:|",
        *(f"| {name} | {ms:.1f} | {queries} |" for name, ms, queries in results),
    ]
    print("\n".join(lines))
    with RESULTS.open("a", encoding="utf-8") as results_file:
        results_file.write("\n".join(lines) + "\n")
    if not args.keep:
        from django.db import connections

        connections.close_all()
        _psql(f'DROP DATABASE IF EXISTS "{DATABASE}"')


if __name__ == "__main__":
    main()
