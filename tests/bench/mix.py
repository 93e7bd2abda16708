"""A realistic mix of shopper traffic on the benchmark's data set (22,000 shops, 1,000,000 products).

    .venv/bin/python tests/bench/mix.py [--duration 60] [--connections 8] [--signed-in-share 0.3] [--note …]

Reuses tests/bench/run.py's data set (built there with --keep; BENCH_DATABASE, BENCH_REDIS_URL and
BENCH_PORT as there), its server (gunicorn, 2 sync workers, production settings, Redis) and wrk,
with the whole-page cache on. The requests are drawn beforehand:
- storefronts and product pages by a Zipf-like popularity (weight 1/rank) over 5,000 storefronts
  and 5,000 products, so a few are hot and most are visited rarely;
- directory pages over towns × shop kinds × pages 1–3 and "near a town";
- a few hundred searches (words of product names and shop kinds), the home and the catalogue;
- 30 % of requests carry one of 50 sessions made here (the demo shopper signed in), never cached.
Reports aggregate req/s against hello measured in the same run, p50/p99, errors, the page cache's
hit ratio (X-Page-Cache of the responses) and each worker's RSS before and after; appends to RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.bench import run

# The workers' memory is sampled this often while the mix runs (growth after the warm-up is a leak).
RSS_EVERY = 60
PAGES_SHARE = {"storefront": 0.30, "product": 0.30, "directory": 0.20, "search": 0.10, "home": 0.05, "catalogue": 0.05}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--signed-in-share", type=float, default=0.3)
    parser.add_argument("--requests", type=int, default=30_000, help="distinct requests drawn (default 30,000)")
    parser.add_argument("--note", default="")
    parser.add_argument("--no-results", action="store_true")
    args = parser.parse_args()
    os.environ.pop("PAGE_CACHE_SECONDS", None)  # the page cache on, as in production
    run._environment(cache="redis")
    started = time.monotonic()
    run._django_setup()
    run._collectstatic()
    run._cache_empty()
    port = run._free_port()
    gunicorn = run._gunicorn_start(port=port, workers=2)
    try:
        requests = _draw(count=args.requests, signed_in_share=args.signed_in_share)
        run._django_disconnect()
        rss_before = _rss(master=gunicorn.pid)
        hello = _wrk(port=port, requests=[("/bench/hello/", "")], args=args, duration=10)
        samples = []
        mix = _wrk(
            port=port, requests=requests, args=args, duration=args.duration, master=gunicorn.pid, samples=samples
        )
        rss_after = _rss(master=gunicorn.pid)
    finally:
        run._gunicorn_stop(gunicorn)
        run._django_disconnect()
    report = _report(args=args, hello=hello, mix=mix, rss=(rss_before, rss_after), samples=samples, requests=requests)
    print(report)
    if not args.no_results:
        with run.RESULTS.open("a", encoding="utf-8") as results:
            results.write(report)
    print(f"done in {time.monotonic() - started:.0f} s")
    return 0


def _zipf(items: list, rng: random.Random, count: int) -> list:
    return rng.choices(items, weights=[1 / rank for rank in range(1, len(items) + 1)], k=count)


def _draw(*, count: int, signed_in_share: float) -> list[tuple[str, str]]:
    """(path, cookie) of each request, drawn by page kind and popularity."""
    from django.conf import settings
    from oscar.core.loading import get_model

    from shops.models import Shop, ShopCategory
    from shops.territory import TOWNS

    Product = get_model("catalogue", "Product")
    rng = random.Random(20)
    shop_ids = list(Shop.objects.filter(status=Shop.Status.APPROVED).values_list("pk", flat=True))
    storefronts = [shop.get_absolute_url() for shop in Shop.objects.filter(pk__in=rng.sample(shop_ids, 5000))]
    rng.shuffle(storefronts)
    max_id = Product.objects.order_by("-pk").values_list("pk", flat=True).first()
    sold = Product.objects.filter(
        pk__in=[rng.randint(1, max_id) for _ in range(8000)],
        is_public=True,
        stockrecords__partner__shop__status=Shop.Status.APPROVED,
    )
    products = [product.get_absolute_url() for product in sold[:5000]]
    kinds = list(ShopCategory.objects.values_list("slug", flat=True))
    directory = (
        [
            "/boutiques/?" + urlencode({"town": town.name, "category": kind, "page": page})
            for town in TOWNS
            for kind in kinds
            for page in (1, 2)
        ]
        + ["/boutiques/?" + urlencode({"near": town.name, "page": page}) for town in TOWNS for page in (1, 2, 3)]
        + ["/boutiques/"]
    )
    words = sorted({word for title in sold[:2000].values_list("title", flat=True) for word in title.split()[:2]})
    searches = ["/recherche/?" + urlencode({"q": word}) for word in words if len(word) > 3][:300]
    searches += ["/recherche/?" + urlencode({"q": kind}) for kind in kinds]
    picks = {
        "storefront": _zipf(storefronts, rng, count),
        "product": _zipf(products, rng, count),
        "directory": _zipf(directory, rng, count),
        "search": _zipf(searches, rng, count),
        "home": ["/"] * count,
        "catalogue": ["/catalogue/"] * count,
    }
    sessions = [
        f"{settings.SESSION_COOKIE_NAME}={run._shopper_session(products=sold[n * 7 : n * 7 + 7])}" for n in range(50)
    ]
    kinds_drawn = rng.choices(list(PAGES_SHARE), weights=list(PAGES_SHARE.values()), k=count)
    return [
        (picks[kind][n], rng.choice(sessions) if rng.random() < signed_in_share else "")
        for n, kind in enumerate(kinds_drawn)
    ]


def _lua(requests: list[tuple[str, str]]) -> str:
    rows = ",\n".join(f'  {{"{path}", "{cookie}"}}' for path, cookie in requests)
    return f"""local requests = {{
{rows}
}}
local threads = {{}}
function setup(thread) table.insert(threads, thread) end
hits, misses = 0, 0
math.randomseed(os.time())
request = function()
  local r = requests[math.random(#requests)]
  local headers = {{}}
  if r[2] ~= "" then headers["Cookie"] = r[2] end
  return wrk.format("GET", r[1], headers)
end
response = function(status, headers, body)
  local cached = headers["X-Page-Cache"]
  if cached == "hit" then hits = hits + 1 elseif cached == "miss" then misses = misses + 1 end
end
done = function(summary, latency, requests)
  local h, m = 0, 0
  for _, thread in ipairs(threads) do h = h + thread:get("hits"); m = m + thread:get("misses") end
  io.write(string.format("page-cache: %d hits, %d misses\\n", h, m))
end
"""


def _wrk(*, port: int, requests, args, duration: int, master: int | None = None, samples: list | None = None) -> dict:
    """wrk over the requests for `duration` seconds; with `master`, the workers' RSS appended to `samples`
    as (second, [MiB, …]) every RSS_EVERY seconds while it runs."""
    with tempfile.TemporaryDirectory(prefix="mix-") as folder:
        script = Path(folder) / "mix.lua"
        script.write_text(_lua(requests))
        base = ["wrk", "-t2", f"-c{args.connections}", "--timeout", "10s", "--latency", "-s", str(script)]
        url = f"http://127.0.0.1:{port}/"
        subprocess.run([*base, "-d3s", url], capture_output=True, timeout=60)
        started = time.monotonic()
        with subprocess.Popen([*base, f"-d{duration}s", url], stdout=subprocess.PIPE, text=True) as process:
            while master is not None and process.poll() is None and time.monotonic() - started < duration + 60:
                time.sleep(1)
                elapsed = time.monotonic() - started
                if elapsed >= RSS_EVERY * (len(samples) + 1) and elapsed < duration:
                    samples.append((round(elapsed), _rss(master=master)))
            stdout, _stderr = process.communicate(timeout=duration + 60)
    row = run._wrk_parse(stdout)
    cache = re.search(r"page-cache: (\d+) hits, (\d+) misses", stdout)
    row["hits"], row["misses"] = (int(cache.group(1)), int(cache.group(2))) if cache else (0, 0)
    return row


def _rss(*, master: int) -> list[int]:
    """The resident memory (MiB) of each gunicorn worker."""
    children = Path(f"/proc/{master}/task/{master}/children")
    sizes = []
    for pid in children.read_text().split() if children.exists() else []:
        status = Path(f"/proc/{pid}/status").read_text()
        sizes.append(int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) // 1024)
    return sizes


def _report(*, args, hello: dict, mix: dict, rss, samples, requests) -> str:
    signed_in = sum(1 for _path, cookie in requests if cookie)
    answered = mix["hits"] + mix["misses"]
    share = mix["rps"] / hello["rps"] if hello["rps"] else float("nan")
    met = share >= run.TARGET_SHARE_OF_HELLO and mix["p99"] < run.TARGET_P99_MS and not mix["non_2xx"]
    met = met and not mix["errors"]
    lines = [
        f"\n## {datetime.now().astimezone():%Y-%m-%d %H:%M %Z} · realistic mix"
        + (f" · {args.note}" if args.note else "")
        + "\n",
        f"- command: `.venv/bin/python tests/bench/mix.py --duration {args.duration} --connections {args.connections}`",
        f"- machine: {os.cpu_count()} CPU, load average at the end: {' '.join(f'{v:.2f}' for v in os.getloadavg())}",
        f"- data: {len(requests):,} requests drawn: storefronts 30 %, products 30 % (Zipf-like over 5,000 of each), "
        f"directory 20 % (towns × kinds × pages, near a town), search 10 %, home 5 %, catalogue 5 %; "
        f"{signed_in / len(requests):.0%} signed in (50 sessions made by the bench); page cache on; gunicorn 2 workers",
        f"- page cache (cacheable responses): {mix['hits']} hits, {mix['misses']} misses, "
        f"hit ratio {mix['hits'] / answered if answered else float('nan'):.0%}",
        f"- worker RSS MiB before → after: {rss[0]} → {rss[1]}",
        f"- worker RSS MiB while the mix ran (every {RSS_EVERY} s): "
        + (", ".join(f"{second} s {sizes}" for second, sizes in samples) or "—"),
        "",
        "| what | req/s | % of hello | p50 ms | p99 ms | requests | non-2xx | socket errors | target |",
        "|---|---:|---:|---:|---:|---:|---:|---|---|",
        f"| hello | {hello['rps']:.1f} | 100 % | {hello['p50']:.1f} | {hello['p99']:.1f} | {hello['requests']} | "
        f"{hello['non_2xx']} | {hello['errors'] or '—'} | ceiling |",
        f"| mix | {mix['rps']:.1f} | {share:.1%} | {mix['p50']:.1f} | {mix['p99']:.1f} | {mix['requests']} | "
        f"{mix['non_2xx']} | {mix['errors'] or '—'} | {'met' if met else 'MISSED'} |",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
