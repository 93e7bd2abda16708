"""Lighthouse on the shopper's pages, the demo served as in production, on loopback (issue 22).

    make bench-lighthouse            # or: .venv/bin/python tests/bench/lighthouse.py [--runs 3] [--only storefront]

Serves the demo the way production does: production settings (DEBUG off), a fresh SQLite database seeded
with the demo, collected static files served by WhiteNoise from gunicorn (2 workers), nginx in front
(gzip, /media/ from the media folder, map tiles from a local stand-in so nothing leaves the machine: 256 px
tiles, and 512 px ones for MAP_TILES_RETINA_URL).
Then Lighthouse 12.8.2 (npm, tests/bench/lighthouse/package-lock.json; mobile profile: simulated slow 4G,
4x CPU slowdown) drives Debian's Chromium three times per page, and each page's medians (scores, LCP,
CLS, bytes transferred, requests) are appended to tests/bench/RESULTS.md with the machine's load, since
Lighthouse's performance score depends on the CPU it gets. Ports 8810 (nginx) and 8811 (gunicorn), or
--port N and N + 1.
"""

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import datetime
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
LIGHTHOUSE = HERE / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
RESULTS = HERE / "RESULTS.md"
PY = str(ROOT / ".venv" / "bin" / "python")
NGINX_PORT, APP_PORT = 8810, 8811
BASE = f"http://127.0.0.1:{NGINX_PORT}"
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --no-first-run"
)
ORDER_TRACKING = "/commandes/suivi/<token>/"  # replaced by the real address once the order is placed
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
# Pages a shopper meets; the basket and checkout are seen with lines from two shops.
PAGES = [
    ("home", "/"),
    ("directory", "/boutiques/"),
    ("directory-map", "/boutiques/?view=map"),
    ("storefront", "/boutiques/au-pain-dore/"),
    ("product", "/catalogue/saint-marcellin-igp_27/"),
    ("catalogue", "/catalogue/"),
    ("category", "/catalogue/category/boulangerie_1/"),
    ("search", "/recherche/?q=pain"),
    ("basket", "/basket/"),
    ("checkout", "/commande/"),
    ("commercants", "/commercants/"),
    ("signup-step-1", "/commercants/inscription/etape-1/"),
    ("login", "/accounts/login/"),
    # The shopper's order page, reached by the signed link of their emails: an order placed before measuring.
    ("order-tracking", ORDER_TRACKING),
    # The pages the editorial, PURE and barometer issues added.
    ("news-article", "/actualites/marche-de-noel-place-carnot/"),
    ("campaign", "/noel-dans-ma-rue/"),
    ("guide", "/comment-ca-marche/"),
    ("faq", "/questions-frequentes/"),
    ("pure", "/pure/"),
    ("checklist", "/pure/check-list/reouverture-commerce/"),  # its public form: anyone may tick it
    ("barometer", "/barometre/"),
]
BASKET_PAGES = {"basket", "checkout"}
NOINDEX = {"search", "basket", "checkout", "login", "order-tracking"}  # robots.txt: /commandes/ disallowed
TWO_SHOPS = ["/catalogue/baguette-tradition_1/", "/catalogue/saint-marcellin-igp_27/"]

NGINX_CONF = """
worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path {work}/body; proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi; uwsgi_temp_path {work}/uwsgi; scgi_temp_path {work}/scgi;
    gzip on; gzip_proxied any; gzip_min_length 512;
    gzip_types text/css application/javascript application/json image/svg+xml text/plain application/xml;
    server {{
        listen 127.0.0.1:{nginx_port};
        location /media/ {{ alias {media}/; expires 30d; }}
        location /tiles/ {{ root {work}; try_files /tile.png =404; expires 30d; }}
        location /tiles-2x/ {{ root {work}; try_files /tile-2x.png =404; expires 30d; }}
        location / {{
            proxy_pass http://127.0.0.1:{app_port};
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $remote_addr;
        }}
    }}
}}
"""


def _environment(work: Path) -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="marketplace.settings.production",
        DJANGO_SECRET_KEY="bench-only-" + os.urandom(16).hex(),
        DATABASE_URL=f"sqlite:///{work}/db.sqlite3",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        MEDIA_ROOT=str(work / "media"),
        SECURE_SSL_REDIRECT="False",
        SECURE_HSTS_SECONDS="0",
        TASKS_BACKEND="django_tasks.backends.immediate.ImmediateBackend",
        MAP_TILES_URL=f"{BASE}/tiles/{{z}}/{{x}}/{{y}}.png",
        MAP_TILES_RETINA_URL=f"{BASE}/tiles-2x/{{z}}/{{x}}/{{y}}.png",  # 512 px tiles for screens above 1x
        MAP_TILES_ATTRIBUTION="© OpenStreetMap (local stand-in)",
    )
    return env


def _prepare(work: Path, env: dict, demo: Path | None) -> None:
    if not LIGHTHOUSE.exists():
        # Lighthouse from the npm registry (pinned in package-lock.json); Chromium is Debian's, never a download.
        subprocess.run(
            [shutil.which("npm") or "npm", "ci", "--no-audit", "--no-fund"], cwd=HERE / "lighthouse", check=True
        )
    commands = [["migrate", "--noinput"], ["seed_demo", "--force"], ["collectstatic", "--noinput"]]
    if demo is not None:  # a copy of an already seeded demo (database and media): minutes saved on a busy machine
        shutil.copy(demo / "db.sqlite3", work / "db.sqlite3")
        shutil.copytree(demo / "media", work / "media")
        commands = [["migrate", "--noinput"], ["collectstatic", "--noinput"]]
    # --force: the demo accounts have public passwords, which is fine on a loopback server that is thrown away.
    for command in commands:
        subprocess.run([PY, "manage.py", *command], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    from PIL import Image

    Image.new("RGB", (256, 256), (229, 231, 235)).save(work / "tile.png")
    Image.new("RGB", (512, 512), (229, 231, 235)).save(work / "tile-2x.png")
    (work / "nginx.conf").write_text(
        NGINX_CONF.format(work=work, media=work / "media", nginx_port=NGINX_PORT, app_port=APP_PORT)
    )


def _start(work: Path, env: dict) -> list[subprocess.Popen]:
    gunicorn = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "marketplace.wsgi", "-w", "2", "-b", f"127.0.0.1:{APP_PORT}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(work / "gunicorn.log", "w"),
    )
    nginx = subprocess.Popen(["/usr/sbin/nginx", "-c", str(work / "nginx.conf"), "-g", "daemon off;"])
    for _ in range(60):
        try:
            urllib.request.urlopen(BASE + "/healthz", timeout=2)  # noqa: S310 (http on 127.0.0.1)
            return [gunicorn, nginx]
        except OSError:
            time.sleep(1)
    raise SystemExit("the production-like server did not answer on " + BASE)


def _basket_cookie() -> str:
    """A visitor's cookies after putting one product of each of two shops in the basket (as a shopper would)."""
    jar: dict[str, str] = {}

    def request(path: str, data: bytes | None = None) -> str:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in jar.items()), "Referer": BASE + path}
        response = urllib.request.urlopen(urllib.request.Request(BASE + path, data=data, headers=headers))  # noqa: S310 (http on 127.0.0.1)
        for header in response.headers.get_all("Set-Cookie") or []:
            jar.update({k: m.value for k, m in SimpleCookie(header).items()})
        return response.read().decode()

    for path in TWO_SHOPS:
        page = request(path)
        token = page.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
        product = path.rstrip("/").rsplit("_", 1)[1]
        request(f"/basket/add/{product}/", f"csrfmiddlewaretoken={token}&quantity=1".encode())
    return "; ".join(f"{k}={v}" for k, v in jar.items())


# A guest's order of one product of the storefront's shop, at its first free slot, placed through the checkout's
# service against the server's database (its own basket: the bench's basket keeps its lines); prints its page.
PLACE_ORDER = """
from oscar.core.loading import get_class, get_model
from orders.notifications import order_track_url
from orders.services import Customer, order_place_for_basket
from orders.slots.availability import slot_first_free, slots_available
from shops.models import Shop

Selector = get_class("partner.strategy", "Selector")
shop = Shop.objects.get(slug="au-pain-dore")
record = get_model("partner", "StockRecord").objects.filter(
    partner__shop=shop, num_in_stock__gt=5, product__is_public=True
).first()
basket = get_model("basket", "Basket").objects.create()
basket.strategy = Selector().strategy()
basket.add_product(record.product, 2)
customer = Customer(email="camille@example.com", phone="04 74 00 00 00", name="Camille Martin")
slot = slot_first_free(slots_available(shop=shop))
(order,) = order_place_for_basket(basket=basket, customer=customer, choices={shop.pk: slot.key})
print("TRACK", order_track_url(order=order))
"""


def _order_placed(env: dict) -> str:
    """The address (path) of a freshly placed order's tracking page."""
    out = subprocess.run(
        [PY, "manage.py", "shell", "-c", PLACE_ORDER], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout
    url = next(line.split(" ", 1)[1] for line in out.splitlines() if line.startswith("TRACK "))
    return "/" + url.split("://", 1)[-1].split("/", 1)[1]


def _lighthouse(url: str, out: Path, cookie: str | None) -> dict:
    command = [
        str(LIGHTHOUSE),
        url,
        "--chrome-path=/usr/bin/chromium",
        f"--chrome-flags={CHROME_FLAGS}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--output=json",
        f"--output-path={out}",
        "--quiet",
    ]
    if cookie:
        command.append("--extra-headers=" + json.dumps({"Cookie": cookie}))
    for attempt in range(3):  # Chromium under load now and then fails to record the trace (NO_NAVSTART)
        if subprocess.run(command, timeout=300).returncode == 0:
            break
        print(f"  Lighthouse failed on {url} (attempt {attempt + 1}), again", flush=True)
    else:
        raise SystemExit(f"Lighthouse failed three times on {url}")
    report = json.loads(out.read_text())
    audits = report["audits"]
    # A deliberately noindex page (search, basket, checkout, login, order page) fails the crawlability audit by design:
    # its SEO score is also given without it.
    seo_refs = [r for r in report["categories"]["seo"]["auditRefs"] if r["weight"] and r["id"] != "is-crawlable"]
    seo_scored = [(r["weight"], audits[r["id"]]["score"]) for r in seo_refs if audits[r["id"]]["score"] is not None]
    console = [item.get("description", "")[:120] for item in audits["errors-in-console"]["details"].get("items", [])]
    return {
        "seo-indexable": round(100 * sum(w * s for w, s in seo_scored) / sum(w for w, _ in seo_scored)),
        "console": console,
        **{c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES},
        "lcp": audits["largest-contentful-paint"]["numericValue"] / 1000,
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "kib": audits["total-byte-weight"]["numericValue"] / 1024,
        "requests": len(audits["network-requests"]["details"]["items"]),
        "failed": sorted(
            a["id"]
            for c in CATEGORIES
            for ref in report["categories"][c]["auditRefs"]
            if ref["weight"] and (a := audits[ref["id"]])["score"] is not None and a["score"] < 1 and c != "performance"
        ),
    }


def _median(runs: list[dict]) -> dict:
    result = {key: statistics.median(run[key] for run in runs) for key in runs[0] if key not in ("failed", "console")}
    result["failed"] = sorted({audit for run in runs for audit in run["failed"]})
    result["console"] = sorted({line for run in runs for line in run["console"]})
    return result


def _target(row: dict) -> str:
    met = (
        row["performance"] >= 98
        and row["accessibility"] == row["best-practices"] == 100
        and (row["seo"] == 100 or (row["noindex"] and row["seo-indexable"] == 100))
        and row["lcp"] < 2.0
        and row["cls"] < 0.05
        and row["kib"] < 300
    )
    return "met" if met else "MISSED"


def _report(rows: dict, args, load_before: str, load_after: str, seconds: float) -> str:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)  # noqa: S607 (git from PATH)
    lines = [
        "",
        f"## {datetime.now().astimezone():%Y-%m-%d %H:%M %Z} · Lighthouse, mobile profile · {args.note}",
        "",
        f"- command: `.venv/bin/python tests/bench/lighthouse.py --runs {args.runs}` at commit {commit.stdout.strip()}",
        f"- machine: {os.cpu_count()} CPU, Python {sys.version.split()[0]}, Debian Chromium, Lighthouse 12.8.2",
        "- server: production settings (DEBUG off), SQLite with the demo, gunicorn 2 workers, WhiteNoise static, "
        "nginx (gzip, /media/, local map tiles) on 127.0.0.1",
        f"- load average at start: {load_before}; at end: {load_after} (Lighthouse's performance score is "
        "CPU-sensitive: other engineers' work on the 2 cores lowers it)",
        f"- medians of {args.runs} runs per page; whole run {seconds:.0f} s; target: performance ≥ 98, "
        "accessibility, best practices and SEO 100, LCP < 2.0 s, CLS < 0.05, < 300 KiB",
        "",
        "| page | address | perf. | a11y | best pr. | SEO | LCP s | CLS | KiB | requests | target | audits below 1 |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for name, (path, row) in rows.items():
        seo_note = f" ({row['seo-indexable']:.0f} without crawlability: noindex)" if row["noindex"] else ""
        lines.append(
            f"| {name} | `{path}` | {row['performance']:.0f} | {row['accessibility']:.0f} | "
            f"{row['best-practices']:.0f} | {row['seo']:.0f}{seo_note} | {row['lcp']:.2f} | {row['cls']:.3f} | "
            f"{row['kib']:.0f} | {row['requests']:.0f} | {_target(row)} | {', '.join(row['failed']) or '—'} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    global NGINX_PORT, APP_PORT, BASE  # one run, one server: --port moves the defaults
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", nargs="*", help="page names (default: all)")
    parser.add_argument("--note", default="shopper pages")
    parser.add_argument("--no-append", action="store_true", help="print the table without appending it")
    parser.add_argument("--keep", action="store_true", help="keep the reports and the server's folder")
    parser.add_argument("--demo", type=Path, help="a folder with a seeded demo's db.sqlite3 and media/ to copy")
    parser.add_argument("--port", type=int, default=NGINX_PORT, help="nginx's port; gunicorn takes the next one")
    args = parser.parse_args()
    NGINX_PORT, APP_PORT, BASE = args.port, args.port + 1, f"http://127.0.0.1:{args.port}"
    started = time.monotonic()
    work = Path(tempfile.mkdtemp(prefix="enbas-lighthouse-"))
    work.chmod(0o755)  # nginx's workers (www-data) read /media/ and the tile from it
    env = _environment(work)
    _prepare(work, env, args.demo)
    processes = _start(work, env)
    try:
        cookie = _basket_cookie()
        if not args.only or "order-tracking" in args.only:
            PAGES[:] = [(n, _order_placed(env) if p == ORDER_TRACKING else p) for n, p in PAGES]
        for _, path in PAGES:  # warm up: thumbnails made, caches filled, before anything is measured
            if path == ORDER_TRACKING:  # not placed: the page is not measured
                continue
            urllib.request.urlopen(urllib.request.Request(BASE + path, headers={"Cookie": cookie})).read()  # noqa: S310 (http on 127.0.0.1)
        load_before = " ".join(f"{x:.2f}" for x in os.getloadavg())
        rows = {}
        for name, path in PAGES:
            if args.only and name not in args.only:
                continue
            runs = [
                _lighthouse(BASE + path, work / f"{name}-{i}.json", cookie if name in BASKET_PAGES else None)
                for i in range(args.runs)
            ]
            rows[name] = (path, _median(runs))
            rows[name][1]["noindex"] = name in NOINDEX
            print(name, rows[name][1], flush=True)
            print("ROW", _report({name: rows[name]}, args, "", "", 0).splitlines()[-1], flush=True)
        load_after = " ".join(f"{x:.2f}" for x in os.getloadavg())
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=30)
    text = _report(rows, args, load_before, load_after, time.monotonic() - started)
    print(text)
    if not args.no_append:
        with RESULTS.open("a") as results:
            results.write(text)
    if args.keep:
        print("reports kept in", work)
    else:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
