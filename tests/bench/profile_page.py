"""Where a page's time goes: one page of the benchmark's data set, rendered in this process, profiled.

    .venv/bin/python tests/bench/profile_page.py storefront [--requests 50] [--top 30] [--anonymous]

Uses the data set `make bench BENCH_ARGS="--keep"` built (run.py's database and settings), signed in as
the demo shopper with 3 lines from 3 shops in the basket (as `run.py --signed-in`), page cache off. The
first requests fill the fragment caches (as for every visitor after the first); the next are profiled
with cProfile and the top functions printed by their own and cumulated time, with queries per request.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.bench import run  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("page", help="a page name of run.py (storefront, product, directory, basket, …)")
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--anonymous", action="store_true", help="not signed in")
    parser.add_argument("--sort", default="tottime", help="pstats sort key (tottime, cumulative)")
    parser.add_argument("--wall", action="store_true", help="profile wall time (waits on the database included)")
    args = parser.parse_args()

    run._environment(cache="redis")
    os.environ["PAGE_CACHE_SECONDS"] = "0"
    pages = {name: (paths, cookie) for name, paths, cookie in run._pages(only="", signed_in=not args.anonymous)}
    paths, cookie = pages[args.page]
    run._django_setup()
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    if cookie:
        name, _, value = cookie.partition("=")
        client.cookies[name] = value
    for path in paths[: min(len(paths), args.requests)]:
        client.get(path)
    started = time.process_time()
    for index in range(args.requests):
        client.get(paths[index % len(paths)])
    plain = (time.process_time() - started) * 1000 / args.requests
    print(f"{args.page}: {plain:.1f} ms CPU per request in this process (app only, profiler off)")
    # CPU time of this process by default: waits on PostgreSQL are not the app's cost.
    profile = cProfile.Profile() if args.wall else cProfile.Profile(time.process_time)
    queries = 0
    started = time.process_time()
    for index in range(args.requests):
        path = paths[index % len(paths)]
        with CaptureQueriesContext(connection) as captured:
            profile.enable()
            response = client.get(path)
            profile.disable()
        queries += len(captured)
        reset_queries()
        assert response.status_code == 200, (path, response.status_code)
    spent = (time.process_time() - started) * 1000 / args.requests
    print(f"{args.page}: {spent:.1f} ms CPU per request (profiler on), {queries / args.requests:.1f} queries")
    pstats.Stats(profile).sort_stats(args.sort).print_stats(args.top)


if __name__ == "__main__":
    main()
