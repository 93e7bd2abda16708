"""`make prod-proof`: the production layout on loopback, bounded load and fault runs, invariants after each,
and a dated markdown report in tests/bench/ (the latest also as tests/bench/PROD_PROOF.md).

    .venv/bin/python -m tests.bench.prod_proof [--keep] [--ports 8700-8799] [--redis-db 7] [--only NAME,…]

Everything it starts lives in a temporary folder and on six free ports of --ports (PROD_PROOF_PORTS,
8700-8799 by default): a private PostgreSQL cluster, two gunicorn instances (2 workers each), nginx,
the task worker, an SMTP sink, the fake Stripe server (payments.devserver); Redis database --redis-db
(PROD_PROOF_REDIS_DB, 7 by default), emptied at start. It never touches another database. About 8 minutes;
not part of `make test`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import subprocess
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

import redis

from . import prod_faults as runs
from . import prod_stripe
from .prod_shopper import Browser
from .prod_stack import CACHE, GIT, NGINX, PG_BIN, PORTS, REDIS_DB, ROOT, Stack, port_range

BENCH = ROOT / "tests" / "bench"


class Report:
    def __init__(self):
        self.sections: list[str] = []
        self.failures: list[str] = []

    def run(self, title: str, *, what: str, tally, extra: dict, checks: dict[str, bool], expect: dict[str, bool]):
        lines = [f"### {title}", "", what, ""]
        if tally is not None:
            statuses = ", ".join(f"{status}: {count}" for status, count in sorted(tally.statuses.items()))
            lines += [
                f"- requests: {tally.requests} ({statuses})",
                f"- orders acknowledged to shoppers: {len(tally.acknowledged)}; refused (slot full): "
                f"{tally.refused_full}; 5xx: {tally.server_errors} (500: {tally.statuses.get(500, 0)})",
            ]
            if tally.errors:
                lines.append(f"- what shoppers saw besides: {len(tally.errors)} × e.g. `{tally.errors[0][:160]}`")
        lines += [f"- {key}: {value}" for key, value in extra.items()]
        for name, held in {**checks, **expect}.items():
            lines.append(f"- {'✅' if held else '❌'} {name}")
            if not held:
                self.failures.append(f"{title}: {name}")
        self.sections.append("\n".join(lines) + "\n")
        print(f"{title}: {'ok' if all({**checks, **expect}.values()) else 'FAILED'}", flush=True)
        if tally is not None and tally.errors:
            print("   e.g. " + " | ".join(error[:300] for error in tally.errors[:3]), flush=True)


def machine(stack: Stack) -> list[str]:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())  # fmt: skip
    memory = next(line.split(":", 1)[1].strip() for line in Path("/proc/meminfo").read_text().splitlines()
                  if line.startswith("MemTotal"))  # fmt: skip
    postgres = subprocess.run([str(PG_BIN / "postgres"), "--version"], capture_output=True, text=True).stdout.strip()
    nginx = subprocess.run([NGINX, "-v"], capture_output=True, text=True).stderr.strip()
    commit = subprocess.run([GIT, "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT)
    return [
        f"- machine: {platform.node()}, {cpu}, {len(os.sched_getaffinity(0))} cores, {memory} RAM",
        f"- system: {platform.platform()}; Python {platform.python_version()}; {postgres}; {nginx}",
        f"- code: commit {commit.stdout.strip()}; 2 gunicorn instances × 2 workers behind nginx, "
        f"Redis db {stack.redis_db}",
    ]


def step(message: str, started: float) -> None:
    print(f"[{time.monotonic() - started:6.1f} s] {message}", flush=True)


def start(stack: Stack) -> dict:
    started = time.monotonic()
    redis.Redis.from_url(stack.env["REDIS_URL"]).flushdb()
    stack.pg_init()
    step("PostgreSQL cluster up", started)
    # The migrated database with its demo data, dumped once per state of the migrations and demo data.
    dump = CACHE / f"db-{stack.db_key}.dump"
    if dump.exists():
        stack.pg_restore(dump)
        step(f"database restored from {dump.relative_to(ROOT)}", started)
    else:
        stack.manage("migrate", "--noinput")
        step("migrated", started)
        stack.manage("seed_demo", "--force", stripe=False)
        stack.pg_dump(dump)
        step("demo data (dumped for the next runs)", started)
    if not (stack.static / "staticfiles.json").exists():
        stack.manage("collectstatic", "--noinput")
    step("static files collected", started)
    # A deploy step (README, "Deploy"): Oscar's "image not found" picture linked into the media folder once,
    # not by two workers racing on the first product without a photo (one of them answered 500).
    stack.manage("shell", "-c", "from oscar.apps.catalogue.abstract_models import MissingProductImage; "
                 "MissingProductImage()")  # fmt: skip
    data = runs.proof_setup(stack)
    stack.sink.start()
    stack.start_stripe()
    stack.start_app("app-a", stack.app_a)
    stack.start_app("app-b", stack.app_b)
    stack.start_worker()
    stack.start_nginx()
    return data


def browsing(stack: Stack, data: dict, report: Report) -> None:
    pages = {
        "home": "/",
        "directory": "/boutiques/",
        "storefront": data["storefront"],
        "product": data["product_page"],
        "search": "/recherche/?q=pain",
    }
    warm = runs.pages_warm(stack, list(pages.values()))
    rows = ["| page | first view (s) | req/s | p50 | p99 | answers | non-2xx/3xx | socket errors |",
            "|---|---|---|---|---|---|---|---|"]  # fmt: skip
    errors = 0
    for name, path in pages.items():
        url = f"http://127.0.0.1:{stack.nginx_port}{path}"
        # Each worker of both instances once (its templates, its database connection), then the run.
        for _ in range(8):
            Browser(stack.nginx_port).request("GET", path)
        result = runs.wrk(url)
        errors += result["errors"] + (result["socket errors"] != "none") + (result["completed"] == 0)
        rows.append(f"| {name} | {warm[path][1]} | {result['req/s']:.0f} | {result['p50']} | {result['p99']} "
                    f"| {result['completed']} | {result['errors']} | {result['socket errors']} |")  # fmt: skip
    media = Browser(stack.nginx_port).request("GET", "/static/css/site.css")
    report.run(
        "Browsing through nginx",
        what="wrk, 8 connections, 8 s per page, visitors not signed in (the page cache answers), via nginx. "
        'Each page is first rendered once outside the app servers ("first view": its thumbnails made, as '
        "a deploy's warm-up would), then fetched 8 times through nginx, then measured:\n\n" + "\n".join(rows),
        tally=None,
        extra={"static file through nginx": media.status},
        checks={},
        expect={
            "every page answered while measured, 0 errors": errors == 0,
            "every page 200 at its first view": all(status == 200 for status, _seconds in warm.values()),
        },
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (logs, cluster)")
    parser.add_argument("--ports", type=port_range, default=PORTS, help="where to listen, e.g. 9300-9399")
    parser.add_argument("--redis-db", type=int, default=REDIS_DB, help="Redis database number (emptied)")
    parser.add_argument("--shared", action="store_true", help="say in the report that other work shared the machine")
    parser.add_argument(
        "--only", type=lambda text: set(text.split(",")), default=set(RUNS),
        help=f"some of the runs, comma-separated ({','.join(RUNS)}); the report then stays in the temporary folder",
    )  # fmt: skip
    args = parser.parse_args()
    if unknown := args.only - set(RUNS):
        parser.error(f"unknown runs: {', '.join(sorted(unknown))}")
    started = time.monotonic()
    load_at_start = os.getloadavg()
    stack = Stack(Path(tempfile.mkdtemp(prefix="enbas-prod-proof-")), ports=args.ports, redis_db=args.redis_db)
    report = Report()
    setup_seconds = 0.0
    try:
        data = start(stack)
        setup_seconds = time.monotonic() - started
        if "browsing" in args.only:
            browsing(stack, data, report)
        scenarios(stack, data, report, only=args.only)
    except Exception as error:  # the report says how far it went
        report.failures.append(f"aborted: {type(error).__name__}: {error}")
        raise
    finally:
        stack.shutdown()
        if not args.keep:
            stack.clean()
        loads = [load_at_start, os.getloadavg()]
        write(report, stack, setup_seconds=setup_seconds, total_seconds=time.monotonic() - started,
              partial=args.only != set(RUNS), shared=args.shared, loads=loads)  # fmt: skip
    return 1 if report.failures else 0


RUNS = ("browsing", "alternating", "storm", "terminate", "restart", "kill", "stop", "stripe", "mail")


def scenarios(stack: Stack, data: dict, report: Report, *, only: set[str]) -> None:
    acknowledged: list[str] = []

    def after(title, what, tally, extra, expect):
        acknowledged.extend(tally.acknowledged)
        report.run(title, what=what, tally=tally, extra=extra, expect=expect,
                   checks=runs.invariants(stack, acknowledged=acknowledged))  # fmt: skip

    if "alternating" in only:
        tally = runs.alternating(stack, data)
        after("Session, basket and checkout across both instances", "6 shoppers: the basket on one app server "
              "(straight to its port), the checkout and confirmation on the other.", tally, {},
              {"every checkout confirmed": len(tally.acknowledged) == 6 and tally.server_errors == 0})  # fmt: skip

    if "storm" in only:
        tally = runs.storm(stack, data)
        storm_expect = {"exactly 9 orders": len(tally.acknowledged) == 9, "0 5xx": tally.server_errors == 0}
        after("Checkout storm", "50 guests released at once on 3 slots of capacity 3, each trying the 3 slots "
              "in turn.", tally, {}, storm_expect)  # fmt: skip

    if "terminate" in only:
        tally, extra = runs.shoppers_loop(stack, data, count=8, seconds=12, fault=runs.terminate_backends)
        after("pg_terminate_backend during checkouts", "8 shoppers checking out for 12 s; every app session of "
              "PostgreSQL terminated 3 times.", tally, extra, {"0 5xx": tally.server_errors == 0})  # fmt: skip

    if "restart" in only:
        restart_run(stack, data, after)

    if "kill" in only:
        tally, extra = runs.shoppers_loop(stack, data, count=8, seconds=22, fault=runs.kill_workers)
        after("A gunicorn worker killed every 10 s", "8 shoppers for 22 s; SIGKILL to one worker at t=5 s and "
              "t=15 s (gunicorn starts a new one). A request the killed worker was answering is lost with it: "
              "nginx answers 502 to a GET it could not retry and never resends a POST.", tally, extra,
              {"no 500": tally.statuses.get(500, 0) == 0})  # fmt: skip

    if "stop" in only:
        tally, extra = runs.shoppers_loop(stack, data, count=8, seconds=16, fault=runs.rolling_restart)
        restarted = extra["app-a answering again (GET /basket/ on its port)"] == 200
        after("One instance stopped: a rolling restart", "8 shoppers for 16 s; at t=4 s instance A is restarted "
              "as a deploy does it (README, \"Deploy\"): marked `down` in nginx's upstream and nginx reloaded, "
              "its in-flight requests finished, then SIGTERM, started again, put back in the upstream.",
              tally, extra, {"0 5xx": tally.server_errors == 0, "instance A serving again": restarted})  # fmt: skip

    if "stripe" in only:
        stripe_run(stack, data, report, acknowledged)

    if "mail" in only:
        email_run(stack, data, report, acknowledged)


def restart_run(stack: Stack, data: dict, after) -> None:
    fault = partial(runs.restart_postgres, data=data)
    tally, extra = runs.shoppers_loop(stack, data, count=8, seconds=14, fault=fault)
    recovered = extra.pop("restart_recovered")
    after("PostgreSQL restarted mid-run", "8 shoppers for 14 s; `pg_ctl restart -m fast` at t=4 s "
          "(CONN_HEALTH_CHECKS on, connect_timeout 3 s). During the outage the app answers 503 \"réessayez\", "
          "never 500. Timed from outside every 20 ms: a connection to PostgreSQL, and a shopper's checkout page "
          "through nginx.", tally, extra,
          {"app serving again within 5 s of PostgreSQL accepting connections":
               runs.recovery_seconds_ok(recovered, limit=5),
           "no 500": tally.statuses.get(500, 0) == 0})  # fmt: skip


def stripe_run(stack: Stack, data: dict, report: Report, acknowledged: list[str]) -> None:
    pay = prod_stripe.stripe_setup(stack)
    tally, seen = prod_stripe.stripe_faults(stack, pay)
    acknowledged.extend(tally.acknowledged)
    paid, extra = prod_stripe.payment_invariants(stack, pay)
    refused = sum(count for what, count in seen.items() if "order refused 400" in what)
    report.run(
        "Stripe answering 500, then hanging",
        what=f"4 shoppers paying online for 30 s (basket, checkout page, the card confirmed at the fake Stripe as "
        f"Stripe.js does, then the order with payment=online), STRIPE_TIMEOUT={stack.env['STRIPE_TIMEOUT']} s. "
        "The fake Stripe answers every request 500 from t=4 s for 8 s, then hangs (no answer for 8 s, then the "
        "connection closed, nothing done) for 10 s. A shopper refused tries again a second later; each basket "
        "started is retried up to 25 s after the run.",
        tally=tally,
        extra={"what online payers met": seen, **extra},
        checks={**runs.invariants(stack, acknowledged=acknowledged), **paid},
        expect={
            "0 5xx": tally.server_errors == 0,
            f'the fault reached the shoppers as 400 "{prod_stripe.UNAVAILABLE}"': refused > 0,
            "no other answer to an order than placed or that message": not tally.errors,
            "orders paid online placed after the fault": len(tally.acknowledged) > 0,
        },
    )


def email_run(stack: Stack, data: dict, report: Report, acknowledged: list[str]) -> None:
    runs.wait_outbox_drained(stack)
    stack.sink.stop()
    before = len(stack.sink.messages)
    tally, _extra = runs.shoppers_loop(stack, data, count=4, seconds=4)
    time.sleep(3)
    while_down = runs.outbox_state(stack)
    stack.sink.start()
    back = time.monotonic()
    # The clock as deploy/systemd's timer runs it: orders_jobs at the start of every minute.
    clock = runs.Clock(stack)
    clock.start()
    drained = runs.wait_outbox_drained(stack, timeout=150)
    all_sent = time.monotonic() - back
    clock.stop()
    acknowledged.extend(tally.acknowledged)
    state = runs.outbox_state(stack)
    extra = {
        "outbox while the mail server was down": while_down,
        "after the clock (orders_jobs, every minute at :00) and the worker": drained,
        "every owed email sent, s after the mail server came back": round(all_sent, 1)
        if not drained["owed"]
        else "not within 150 s",
        "clock runs meanwhile": clock.runs,
        "emails received by the mail server in all runs": len(stack.sink.messages),
        "task worker restarts (its connection cut by the faults above)": stack.worker_restarts,
    }
    report.run(
        "Mail server down, then back",
        what="4 shoppers for 4 s with the SMTP server refusing connections; then it comes back, and the clock "
        "runs every minute as in deploy/systemd (a failed email is due again at the clock's next run).",
        tally=tally,
        extra=extra,
        checks=runs.invariants(stack, acknowledged=acknowledged),
        expect={
            "orders committed while mail was down": len(tally.acknowledged) > 0 and tally.server_errors == 0,
            "emails waited in the outbox": while_down["owed"] > 0,
            "every owed email sent once it was back": state["owed"] == 0,
            "each email sent once (messages received = emails marked sent)": len(stack.sink.messages) == state["sent"],
        },
    )
    del before


def write(
    report: Report, stack: Stack, *, setup_seconds: float, total_seconds: float, partial: bool, shared: bool, loads
) -> None:
    now = dt.datetime.now(dt.UTC)
    verdict = "all invariants held" if not report.failures else "FAILED: " + "; ".join(report.failures)
    text = "\n".join(
        [
            f"# Production proof, {now:%Y-%m-%d %H:%M} UTC",
            "",
            "`make prod-proof` (tests/bench/prod_proof.py): the layout of `deploy/` on loopback — nginx, two "
            "gunicorn instances, a private PostgreSQL 15 cluster, Redis for cache and sessions, the task "
            "worker, an SMTP sink, a fake Stripe (payments.devserver) — then bounded runs, and the database's "
            "invariants checked in SQL after each (and, for online payment, against the fake Stripe's "
            "PaymentIntents).",
            "",
            *machine(stack),
            f"- duration: {total_seconds:.0f} s (setup: migrate, demo data, collectstatic {setup_seconds:.0f} s)",
            "- load average (1, 5, 15 min) at start: {}; at the end: {}".format(
                *(", ".join(f"{value:.1f}" for value in load) for load in loads)
            ),
            *(
                [
                    "- **a shared machine**: other work ran on it at the same time, so the throughput and latency "
                    "figures are not a quiet machine's; the invariants and error counts are what this report shows"
                ]
                if shared
                else []
            ),  # fmt: skip
            f"- **verdict: {verdict}**",
            "",
            "## Runs",
            "",
            *report.sections,
        ]
    )
    print(text)
    if partial:
        # Some runs only: a rehearsal, not the report.
        (stack.folder / "PROD_PROOF.md").write_text(text)
        print(f"\nsome runs only: report not kept in tests/bench (logs: {stack.folder})", flush=True)
        return
    dated = BENCH / f"PROD_PROOF-{now:%Y-%m-%d}.md"
    dated.write_text(text)
    (BENCH / "PROD_PROOF.md").write_text(text)
    print(f"\nreport: {dated.relative_to(ROOT)} (logs: {stack.folder})", flush=True)


if __name__ == "__main__":
    sys.exit(main())
