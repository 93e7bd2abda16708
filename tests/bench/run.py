"""Benchmark the public pages at the size of the real territory: 22,000 shops and 1,000,000 products.

    .venv/bin/python tests/bench/run.py [--keep] [--rebuild] [--duration 10] [--only product,catalogue] [--note …]
    (or: make bench BENCH_ARGS="--keep")

--keep leaves the database (and its 1M products) for the next run, which then starts at step 2; without
it the database is dropped at the end. BENCH_ROOT_URLCONF=<module> serves another URL configuration
(to measure a change before it lands).

1. Builds the data set in the PostgreSQL database enbasdemarue_bench on 127.0.0.1:5432 (user postgres;
   BENCH_DATABASE, BENCH_REDIS_URL and BENCH_PORT name others, for a shared machine): migrations, the
   demo data, then shops (bulk_create) and products with one stock record and one category each (COPY).
   A complete data set is marked by the bench_dataset table and reused.
2. Collects the static files into var/bench/static (the production storage needs the manifest).
3. Empties the bench's Redis database (--cache redis, the default: the cache and sessions of
   production's REDIS_URL), then serves the site with gunicorn (2 sync workers, tests.bench.settings:
   production settings, DEBUG off, persistent connections) on a free port of 127.0.0.1.
4. For each page, runs wrk (2 threads, 8 connections): a warm-up, then a measured run; pages with
   several addresses (storefronts, products) pick one at random per request.
5. Prints the table and appends it, dated, with the machine and the command, to tests/bench/RESULTS.md.
6. Stops gunicorn and drops the database, unless --keep (then the next run starts at step 2).

Needs Debian's wrk (apt-get install -y wrk). Every loop is bounded; all traffic stays on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import random
import re
import shlex
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BENCH_VAR = ROOT / "var" / "bench"
RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
PG = "postgresql://postgres@127.0.0.1:5432"
# BENCH_DATABASE / BENCH_REDIS_URL: an engineer's own database and Redis database on a shared machine.
DATABASE = os.environ.get("BENCH_DATABASE", "enbasdemarue_bench")
REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")
# Bumped when the generated data changes, so that an older kept database is rebuilt.
DATASET_VERSION = 1
SHOPS = 22_000
PRODUCTS = 1_000_000
APPROVED_SHARE = 0.95
TARGET_SHARE_OF_HELLO = 0.10
TARGET_P99_MS = 150.0
LOAD_AT_START = "?"

sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", action="store_true", help="keep the bench database for the next run")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the data set even if it is complete")
    parser.add_argument("--duration", type=int, default=10, help="measured seconds per page (default 10)")
    parser.add_argument("--warmup", type=int, default=2, help="warm-up seconds per page (default 2)")
    parser.add_argument("--connections", type=int, default=8, help="concurrent clients (default 8)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument(
        "--cache",
        choices=["redis", "local"],
        default="redis",
        help="Redis as in production (REDIS_URL, database 15, emptied at start; default) or each worker's memory",
    )
    parser.add_argument(
        "--signed-in",
        action="store_true",
        help="every page as the demo shopper signed in (a session made here) with 3 lines from 3 shops in the basket",
    )
    parser.add_argument("--only", default="", help="comma-separated page names to measure (default: all)")
    parser.add_argument("--note", default="", help="a line saying what this run is about, for RESULTS.md")
    parser.add_argument("--no-results", action="store_true", help="do not append to RESULTS.md")
    parser.add_argument("--shops", type=int, default=SHOPS, help=argparse.SUPPRESS)
    parser.add_argument("--products", type=int, default=PRODUCTS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not _which("wrk"):
        print("wrk is missing: apt-get install -y wrk", file=sys.stderr)
        return 2

    started = time.monotonic()
    BENCH_VAR.mkdir(parents=True, exist_ok=True)
    _environment(cache=args.cache)
    gunicorn = None
    try:
        built = _database_ready(args=args)
        print(f"data set: {built}")
        _collectstatic()
        _cache_empty()
        port = _free_port()
        gunicorn = _gunicorn_start(port=port, workers=args.workers)
        pages = _pages(only=args.only, signed_in=args.signed_in)
        rows = _measure(port=port, master=gunicorn.pid, pages=pages, args=args)
        table = _table(rows)
        print(table)
        if not args.no_results:
            _results_append(table=table, args=args, dataset=built, elapsed=time.monotonic() - started)
    finally:
        if gunicorn is not None:
            _gunicorn_stop(gunicorn)
        _django_disconnect()
        if not args.keep:
            _drop_database()
    print(f"done in {time.monotonic() - started:.0f} s")
    return 0


# --- Environment and database ---------------------------------------------------------------------


def _environment(*, cache: str) -> None:
    """What production.py requires, pointed at the bench database and folders, for us and gunicorn."""
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "tests.bench.settings",
            "DJANGO_SECRET_KEY": "bench-only-" + "x" * 50,
            "DATABASE_URL": f"{PG}/{DATABASE}",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "false",
            "STATIC_ROOT": str(BENCH_VAR / "static"),
            "MEDIA_ROOT": str(BENCH_VAR / "media"),
            "CONN_MAX_AGE": "600",
            "LOG_LEVEL": "ERROR",
        }
    )
    if cache == "redis":
        os.environ["REDIS_URL"] = REDIS
    else:
        os.environ.pop("REDIS_URL", None)


def _cache_empty() -> None:
    """No page or grid cached by an earlier run: every run starts cold."""
    if os.environ.get("REDIS_URL"):
        import redis

        redis.Redis.from_url(os.environ["REDIS_URL"]).flushdb()


def _admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as connection:
        connection.execute(sql)


def _database_exists() -> bool:
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as connection:
        return connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE]).fetchone() is not None


def _drop_database() -> None:
    print(f"dropping database {DATABASE}")
    _admin(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")


def _django_setup() -> None:
    import django

    django.setup()


def _django_disconnect() -> None:
    if "django.db" in sys.modules:
        from django.db import connections

        connections.close_all()


def _database_ready(*, args) -> str:
    """The data set, reused when the marker says it is complete, else built from an empty database."""
    if args.rebuild or not _database_exists() or not _dataset_marker(args=args):
        _django_disconnect()
        _drop_database()
        _admin(f"CREATE DATABASE {DATABASE}")
        _build(args=args)
    else:
        _django_setup()
        from django.core.management import call_command

        # Migrations written since the data set was built (an index, a column) still apply.
        call_command("migrate", interactive=False, verbosity=0)
    return _dataset_marker(args=args)


def _dataset_marker(*, args) -> str:
    _django_setup()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('bench_dataset')")
        if cursor.fetchone()[0] is None:
            return ""
        cursor.execute("SELECT shops, products, version, built_at FROM bench_dataset")
        row = cursor.fetchone()
    if row is None or (row[0], row[1], row[2]) != (args.shops, args.products, DATASET_VERSION):
        return ""
    return f"{row[0]:,} shops, {row[1]:,} products (built {row[3]:%Y-%m-%d %H:%M})"


def _build(*, args) -> None:
    _django_setup()
    from django.core.management import call_command
    from django.db import connection

    step = _Step()
    call_command("migrate", interactive=False, verbosity=0)
    step.done("migrate")
    call_command("seed_demo", verbosity=0, stdout=io.StringIO())
    step.done("demo data")

    from oscar.core.loading import get_model

    from shops.models import Shop
    from tests.bench.data import opening_range_rows, product_specs, shops_bulk_add

    Product = get_model("catalogue", "Product")
    ProductClass = get_model("catalogue", "ProductClass")
    from demo.catalogue import PRODUCT_CLASS_NAME

    shops = shops_bulk_add(
        count=args.shops - Shop.objects.count(), prefix="bench", approved_share=APPROVED_SHARE, with_hours=False
    )
    step.done(f"{len(shops):,} shops")
    ranges = _copy("shops_openingrange", ("shop_id", "weekday", "opens", "closes"), opening_range_rows(shops=shops))
    step.done(f"{ranges:,} opening ranges")

    # Shops sell 10 to 81 products (45 on average); the counts are then evened out to the total.
    rng = random.Random(7)
    wanted = args.products - Product.objects.count()
    counts = [rng.randint(10, 81) for _ in shops]
    scale = wanted / sum(counts)
    counts = [int(count * scale) for count in counts]
    for index in range(wanted - sum(counts)):
        counts[index % len(counts)] += 1
    count_of = iter(counts)
    specs = product_specs(shops=shops, per_shop=lambda _rng: next(count_of), seed=7)

    product_class_id = ProductClass.objects.get(name=PRODUCT_CLASS_NAME).pk
    first_id = (Product.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    now = datetime.now().astimezone()
    stock, categories = [], []

    def products():
        for product_id, spec in enumerate(specs, start=first_id):
            # Spread over two years, so that "newest first" sorts real dates.
            created = now - timedelta(seconds=rng.randint(0, 2 * 365 * 86400))
            stock.append((product_id, spec.partner_id, spec.upc, spec.price, spec.tva_rate, spec.num_in_stock, created))
            categories.append((product_id, spec.category_id))
            yield (product_id, "standalone", spec.upc, spec.title, spec.slug, "<p>Produit du Nord-Isère.</p>",
                   created, created, True, product_class_id, True, 0)  # fmt: skip

    added = _copy(
        "catalogue_product",
        tuple("id structure upc title slug description date_created date_updated is_discountable".split())
        + ("product_class_id", "is_public", "priority"),
        products(),
    )
    step.done(f"{added:,} products")
    _copy(
        "partner_stockrecord",
        tuple("product_id partner_id partner_sku price tva_rate num_in_stock date_created date_updated".split())
        + ("price_currency", "num_allocated", "low_stock_threshold"),
        ((*row, row[-1], "EUR", 0, 3) for row in stock),
    )
    step.done("stock records")
    _copy("catalogue_productcategory", ("product_id", "category_id"), iter(categories))
    step.done("product categories")
    with connection.cursor() as cursor:
        # Products were written with their ids: the identity must start after them.
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('catalogue_product', 'id'), (SELECT max(id) FROM catalogue_product))"
        )
    connection.close()
    # VACUUM fills the visibility map (index-only scans), ANALYZE the planner's statistics.
    import psycopg

    with psycopg.connect(f"{PG}/{DATABASE}", autocommit=True) as raw:
        raw.execute("VACUUM ANALYZE")
        step.done("vacuum analyze")
        raw.execute(
            "CREATE TABLE bench_dataset (shops integer, products integer, version integer, built_at timestamptz)"
        )
        raw.execute(
            "INSERT INTO bench_dataset VALUES (%s, %s, %s, now())",
            [Shop.objects.count(), Product.objects.count(), DATASET_VERSION],
        )


def _copy(table: str, columns: tuple[str, ...], rows) -> int:
    """COPY rows into a table through psycopg 3; returns the number written."""
    from django.db import connection, transaction

    written = 0
    with transaction.atomic(), connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                written += 1
    return written


class _Step:
    def __init__(self):
        self.started = time.monotonic()

    def done(self, what: str) -> None:
        now = time.monotonic()
        print(f"  {what}: {now - self.started:.1f} s", flush=True)
        self.started = now


# --- Serving --------------------------------------------------------------------------------------


def _collectstatic() -> None:
    started = time.monotonic()
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=ROOT,
        check=True,
        timeout=600,
    )
    print(f"collectstatic: {time.monotonic() - started:.1f} s")


def _free_port() -> int:
    if os.environ.get("BENCH_PORT"):  # a port of the engineer's own range on a shared machine
        return int(os.environ["BENCH_PORT"])
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _gunicorn_start(*, port: int, workers: int) -> subprocess.Popen:
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "marketplace.wsgi:application",
        "--bind", f"127.0.0.1:{port}",
        "--workers", str(workers),
        "--log-level", "warning",
        "--error-logfile", str(BENCH_VAR / "gunicorn.log"),
    ]  # fmt: skip
    process = subprocess.Popen(command, cwd=ROOT, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn stopped at start, see {BENCH_VAR / 'gunicorn.log'}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/bench/hello/", timeout=2) as response:
                if response.status == 200:
                    print(f"gunicorn: {workers} workers on 127.0.0.1:{port} (pid {process.pid})")
                    return process
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.5)
    _gunicorn_stop(process)
    raise RuntimeError("gunicorn did not answer within 60 s")


def _gunicorn_stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
    print("gunicorn stopped")


# --- Pages and measures ---------------------------------------------------------------------------


def _pages(*, only: str, signed_in: bool = False) -> list[tuple[str, list[str], str]]:
    """(name, paths, cookie) of each measured page; several paths mean one picked at random per request.

    "storefront-basket" is the storefronts again for a shopper whose basket holds a product: the
    cookie of a basket made here (the page shows its count).
    """
    _django_setup()
    from django.conf import settings
    from oscar.apps.catalogue.categories import create_from_breadcrumbs
    from oscar.core.loading import get_model

    from shops.models import Shop

    Product = get_model("catalogue", "Product")
    rng = random.Random(11)
    approved = Shop.objects.filter(status=Shop.Status.APPROVED)
    shop_ids = list(approved.values_list("pk", flat=True))
    storefronts = [shop.get_absolute_url() for shop in approved.filter(pk__in=rng.sample(shop_ids, 200))]
    max_id = Product.objects.order_by("-pk").values_list("pk", flat=True).first()
    sold = Product.objects.filter(
        pk__in=[rng.randint(1, max_id) for _ in range(1000)],
        is_public=True,
        stockrecords__partner__shop__status=Shop.Status.APPROVED,
    )
    products = [product.get_absolute_url() for product in sold[:300]]
    pages = [
        ("hello", ["/bench/hello/"], ""),
        ("storefront", storefronts, ""),
        ("storefront-basket", storefronts, f"{settings.OSCAR_BASKET_COOKIE_OPEN}={_basket_cookie(sold[0])}"),
        ("directory", ["/boutiques/"], ""),
        ("directory-near", ["/boutiques/?near=Bourgoin-Jallieu"], ""),
        ("directory-open-now", ["/boutiques/?open_now=on&category=boulangerie"], ""),
        ("catalogue", ["/catalogue/"], ""),
        ("category", [create_from_breadcrumbs("Boulangerie").get_absolute_url()], ""),
        ("product", products, ""),
        ("search", ["/recherche/?q=pain"], ""),
    ]
    if signed_in:
        session = f"{settings.SESSION_COOKIE_NAME}={_shopper_session(products=sold)}"
        pages = [page for page in pages if page[0] != "storefront-basket"] + [
            ("frame", ["/bench/frame/"], ""),
            ("home", ["/"], ""),
            ("directory-page-50", ["/boutiques/?page=50"], ""),
            ("basket", ["/basket/"], ""),
            ("orders", ["/commandes/"], ""),
        ]
        pages = [(name, paths, session if name != "hello" else "") for name, paths, _cookie in pages]
    _django_disconnect()
    if only:
        wanted = {"hello", *only.split(",")}
        pages = [page for page in pages if page[0] in wanted]
    return pages


def _shopper_session(*, products) -> str:
    """The key of a session (in the bench's cache) of the demo shopper signed in, whose basket holds one
    product of each of three shops."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from oscar.apps.partner.strategy import Selector
    from oscar.core.loading import get_model

    Basket = get_model("basket", "Basket")
    user = get_user_model().objects.get(email="client@demo.enbasdemarue.fr")
    Basket.objects.filter(owner=user, status=Basket.OPEN).delete()
    basket = Basket.objects.create(owner=user)
    basket.strategy = Selector().strategy()
    partners = set()
    for product in products:
        partner = product.stockrecords.first().partner_id
        if partner not in partners:
            basket.add_product(product, 1)
            partners.add(partner)
        if len(partners) == 3:
            break
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    # The backend that signs a shopper in (axes, first in the list, only refuses locked-out pairs).
    store[BACKEND_SESSION_KEY] = "oscar.apps.customer.auth_backends.EmailBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    return store.session_key


def _basket_cookie(product) -> str:
    """The signed cookie of a new anonymous basket holding one unit of the product (Oscar's format)."""
    from django.core.signing import Signer
    from oscar.apps.partner.strategy import Selector
    from oscar.core.loading import get_model

    basket = get_model("basket", "Basket").objects.create()
    basket.strategy = Selector().strategy()
    basket.add_product(product, 1)
    return Signer().sign(basket.pk)


def _measure(*, port: int, master: int, pages, args) -> list[dict]:
    global LOAD_AT_START
    LOAD_AT_START = " ".join(f"{load:.2f}" for load in os.getloadavg())
    if os.getloadavg()[0] > 1:
        print(f"warning: load average {LOAD_AT_START} before measuring; other work skews the figures")
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-") as folder:
        for name, paths, cookie in pages:
            status, note = _probe(port=port, path=paths[0], cookie=cookie)
            script = Path(folder) / f"{name}.lua"
            script.write_text(_lua(paths, cookie=cookie))
            base = ["wrk", "-t2", f"-c{args.connections}", "--timeout", "10s", "--latency", "-s", str(script)]
            url = f"http://127.0.0.1:{port}/"
            subprocess.run([*base, f"-d{args.warmup}s", url], capture_output=True, timeout=args.warmup + 30)
            command = [*base, f"-d{args.duration}s", url]
            before = _cpu_ticks(master=master)
            result = subprocess.run(command, capture_output=True, text=True, timeout=args.duration + 30)
            row = {"page": name, "path": paths[0] + (f" (+{len(paths) - 1})" if len(paths) > 1 else "")}
            row.update(_wrk_parse(result.stdout))
            # Queued requests still run after wrk stops: count their CPU, then divide by what wrk saw.
            _settle(port=port)
            after = _cpu_ticks(master=master)
            for side in ("app", "db", "cache"):
                spent = sum(ticks - before[side].get(pid, 0) for pid, ticks in after[side].items())
                row[f"cpu_{side}"] = spent * 1000 / TICKS / row["requests"] if row["requests"] else float("nan")
            row["status"] = status
            row["note"] = note
            rows.append(row)
            print(
                f"  {name}: {row['rps']:.1f} req/s, p50 {row['p50']:.1f} ms, p99 {row['p99']:.1f} ms, "
                f"CPU {row['cpu_app']:.1f} + {row['cpu_db']:.1f} + {row['cpu_cache']:.1f} ms/req {note}"
            )
    return rows


TICKS = os.sysconf("SC_CLK_TCK")


def _cpu_ticks(*, master: int) -> dict[str, dict[int, int]]:
    """CPU ticks (user + system) of each gunicorn worker and each PostgreSQL backend of the bench database.

    Per request, this is what a page costs whatever else the machine is doing, unlike requests/s.
    PostgreSQL's parallel query workers live too briefly to be counted.
    """
    import psycopg

    def ticks(pid: int) -> int:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0
        return int(fields[11]) + int(fields[12])

    children = Path(f"/proc/{master}/task/{master}/children")
    workers = [int(pid) for pid in children.read_text().split()] if children.exists() else []
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as connection:
        backends = [
            row[0] for row in connection.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s", [DATABASE])
        ]
    cache = []
    if os.environ.get("REDIS_URL"):
        import redis

        cache = [redis.Redis.from_url(os.environ["REDIS_URL"]).info("server")["process_id"]]
    return {
        "app": {pid: ticks(pid) for pid in workers},
        "db": {pid: ticks(pid) for pid in backends},
        "cache": {pid: ticks(pid) for pid in cache},
    }


def _settle(*, port: int, seconds: float = 60) -> None:
    """Wait (bounded) until the workers have drained what wrk left queued, so pages don't overlap."""
    deadline = time.monotonic() + seconds
    quick = 0
    while quick < 3 and time.monotonic() < deadline:
        started = time.monotonic()
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/bench/hello/", timeout=30):
                pass
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        quick = quick + 1 if time.monotonic() - started < 0.05 else 0


def _probe(*, port: int, path: str, cookie: str = "") -> tuple[int, str]:
    """The status of one request, and a note when the page is not what we mean to measure."""
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (http on 127.0.0.1)
            body = response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        return error.code, f"answers {error.code}"
    if path.startswith("/recherche/") and len(body) < 200:
        return status, "pending: the search page is a placeholder"
    return status, ""


def _lua(paths: list[str], *, cookie: str = "") -> str:
    quoted = ",\n".join(f'  "{path}"' for path in paths)
    headers = f'wrk.headers["Cookie"] = "{cookie}"' if cookie else ""
    return f"""local paths = {{
{quoted}
}}
{headers}
math.randomseed(os.time())
request = function()
  return wrk.format("GET", paths[math.random(#paths)])
end
"""


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _wrk_parse(output: str) -> dict:
    def latency(percent: str) -> float:
        match = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.M)
        return float(match.group(1)) * UNITS[match.group(2)] if match else float("nan")

    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    requests = re.search(r"(\d+) requests in", output)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(r"Socket errors: (.*)", output)
    return {
        "rps": float(rps.group(1)) if rps else 0.0,
        "requests": int(requests.group(1)) if requests else 0,
        "p50": latency("50"),
        "p99": latency("99"),
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
        "errors": errors.group(1).strip() if errors else "",
    }


def _table(rows: list[dict]) -> str:
    hello = next((row["rps"] for row in rows if row["page"] == "hello"), 0.0) or float("nan")
    lines = [
        "| page | address | req/s | % of hello | p50 ms | p99 ms | CPU ms/req app + db + cache | requests | non-2xx "
        "| target |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for row in rows:
        share = row["rps"] / hello
        if row["note"]:
            verdict = row["note"]
        elif row["page"] == "hello":
            verdict = "ceiling"
        elif row["page"] == "frame":
            # Not a page of the issue's: the empty frame, where every signed-in page starts.
            verdict = "floor"
        elif row["requests"] and share >= TARGET_SHARE_OF_HELLO and row["p99"] < TARGET_P99_MS and not row["non_2xx"]:
            verdict = "met"
        else:
            verdict = "MISSED"
        if row["errors"]:
            verdict += f" (socket errors: {row['errors']})"
        # wrk prints no latencies when no request finished within the run.
        p50, p99 = (f"{row['p50']:.1f}", f"{row['p99']:.1f}") if row["requests"] else ("—", "—")
        lines.append(
            f"| {row['page']} | `{row['path']}` | {row['rps']:.1f} | {share:.1%} | {p50} | {p99} | "
            f"{row['cpu_app']:.1f} + {row['cpu_db']:.1f} + {row['cpu_cache']:.1f} | "
            f"{row['requests']} | {row['non_2xx']} | {verdict} |"
        )
    return "\n".join(lines)


# --- Results --------------------------------------------------------------------------------------


def _results_append(*, table: str, args, dataset: str, elapsed: float) -> None:
    memory = "?"
    try:
        total_kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        memory = f"{total_kb / 1024 / 1024:.0f} GiB"
    except (OSError, AttributeError):
        pass
    cpu = ""
    try:
        cpu = re.search(r"model name\s*:\s*(.*)", Path("/proc/cpuinfo").read_text()).group(1).strip()
    except (OSError, AttributeError):
        pass
    command = " ".join(shlex.quote(part) for part in [".venv/bin/python", "tests/bench/run.py", *sys.argv[1:]])
    if os.environ.get("BENCH_ROOT_URLCONF"):
        command = f"BENCH_ROOT_URLCONF={os.environ['BENCH_ROOT_URLCONF']} {command}"
    section = [
        f"\n## {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}{' · ' + args.note if args.note else ''}\n",
        f"- machine: {os.cpu_count()} CPU ({cpu}), {memory} RAM, Python {platform.python_version()}, "
        f"PostgreSQL on 127.0.0.1",
        f"- command: `{command}`",
        f"- data: {dataset}",
        f"- server: gunicorn, {args.workers} sync workers, production settings (DEBUG off, CONN_MAX_AGE 600), "
        f"URLs {os.environ.get('BENCH_ROOT_URLCONF', 'tests.bench.urls')}, cache "
        + ("Redis (REDIS_URL, emptied at start)" if args.cache == "redis" else "each worker's local memory"),
        f"- load: wrk, 2 threads, {args.connections} connections, {args.warmup} s warm-up then "
        f"{args.duration} s per page; target: ≥ {TARGET_SHARE_OF_HELLO:.0%} of hello, p99 < {TARGET_P99_MS:.0f} ms"
        + ("; every page but hello signed in as the demo shopper, 3 lines from 3 shops in the basket" * args.signed_in),
        "- CPU ms/req: CPU time of the gunicorn workers, of the PostgreSQL backends and of the Redis server divided "
        "by the requests served; unlike req/s it does not depend on what else runs on the machine",
        f"- load average when measuring started: {LOAD_AT_START} (other work on the machine skews the figures)",
        f"- whole run: {elapsed:.0f} s",
        "",
        table,
        "",
    ]
    if not RESULTS.exists():
        RESULTS.write_text("# Benchmark results\n\nAppended by `tests/bench/run.py`, newest last.\n")
    with RESULTS.open("a") as results:
        results.write("\n".join(section))
    print(f"appended to {RESULTS.relative_to(ROOT)}")


def _which(program: str) -> bool:
    return any((Path(folder) / program).exists() for folder in os.environ.get("PATH", "").split(os.pathsep))


if __name__ == "__main__":
    sys.exit(main())
