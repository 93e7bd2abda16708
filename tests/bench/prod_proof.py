"""`make prod-proof`: the production layout on loopback, bounded load and fault runs, invariants after each,
and a dated markdown report in tests/bench/ (the latest also as tests/bench/PROD_PROOF.md).

    .venv/bin/python -m tests.bench.prod_proof [--keep]

Everything it starts lives in a temporary folder and on ports 8700-8799: a private PostgreSQL cluster,
two gunicorn instances (2 workers each), nginx, the task worker, an SMTP sink; Redis database 7. It
never touches another database. About 5 minutes; not part of `make test`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import redis

from . import prod_faults as runs
from .prod_shopper import Browser
from .prod_stack import CACHE, GIT, NGINX, PG_BIN, ROOT, Stack

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


def machine() -> list[str]:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())  # fmt: skip
    memory = next(line.split(":", 1)[1].strip() for line in Path("/proc/meminfo").read_text().splitlines()
                  if line.startswith("MemTotal"))  # fmt: skip
    postgres = subprocess.run([str(PG_BIN / "postgres"), "--version"], capture_output=True, text=True).stdout.strip()
    nginx = subprocess.run([NGINX, "-v"], capture_output=True, text=True).stderr.strip()
    commit = subprocess.run([GIT, "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT)
    return [
        f"- machine: {platform.node()}, {cpu}, {len(__import__('os').sched_getaffinity(0))} cores, {memory} RAM",
        f"- system: {platform.platform()}; Python {platform.python_version()}; {postgres}; {nginx}",
        f"- code: commit {commit.stdout.strip()}; 2 gunicorn instances × 2 workers behind nginx, Redis db 7",
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
        stack.manage("seed_demo", "--force")
        stack.pg_dump(dump)
        step("demo data (dumped for the next runs)", started)
    if not (stack.static / "staticfiles.json").exists():
        stack.manage("collectstatic", "--noinput")
    step("static files collected", started)
    data = runs.proof_setup(stack)
    stack.sink.start()
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
    rows = ["| page | req/s | p50 | p99 | non-2xx/3xx | socket errors |", "|---|---|---|---|---|---|"]
    errors = 0
    for name, path in pages.items():
        result = runs.wrk(f"http://127.0.0.1:{stack.nginx_port}{path}")
        errors += result["errors"]
        rows.append(f"| {name} | {result['req/s']:.0f} | {result['p50']} | {result['p99']} | {result['errors']} "
                    f"| {result['socket errors']} |")  # fmt: skip
    media = Browser(stack.nginx_port).request("GET", "/static/css/site.css")
    report.run(
        "Browsing through nginx",
        what="wrk, 8 connections, 8 s per page, visitors not signed in (the page cache answers), via nginx:\n\n"
        + "\n".join(rows),
        tally=None,
        extra={"static file through nginx": media.status},
        checks={},
        expect={"0 errors while browsing": errors == 0},
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (logs, cluster)")
    args = parser.parse_args()
    started = time.monotonic()
    stack = Stack(Path(tempfile.mkdtemp(prefix="enbas-prod-proof-")))
    report = Report()
    setup_seconds = 0.0
    try:
        data = start(stack)
        setup_seconds = time.monotonic() - started
        browsing(stack, data, report)
        scenarios(stack, data, report)
    except Exception as error:  # the report says how far it went
        report.failures.append(f"aborted: {type(error).__name__}: {error}")
        raise
    finally:
        stack.shutdown()
        if not args.keep:
            stack.clean()
        write(report, setup_seconds=setup_seconds, total_seconds=time.monotonic() - started, folder=stack.folder)
    return 1 if report.failures else 0


def scenarios(stack: Stack, data: dict, report: Report) -> None:
    acknowledged: list[str] = []

    def after(title, what, tally, extra, expect):
        acknowledged.extend(tally.acknowledged)
        report.run(title, what=what, tally=tally, extra=extra, expect=expect,
                   checks=runs.invariants(stack, acknowledged=acknowledged))  # fmt: skip

    tally = runs.alternating(stack, data)
    after("Session, basket and checkout across both instances", "6 shoppers: the basket on one app server "
          "(straight to its port), the checkout and confirmation on the other.", tally, {},
          {"every checkout confirmed": len(tally.acknowledged) == 6 and tally.server_errors == 0})  # fmt: skip

    tally = runs.storm(stack, data)
    storm_expect = {"exactly 9 orders": len(tally.acknowledged) == 9, "0 5xx": tally.server_errors == 0}
    after("Checkout storm", "50 guests released at once on 3 slots of capacity 3, each trying the 3 slots in "
          "turn.", tally, {}, storm_expect)  # fmt: skip

    tally, extra = runs.shoppers_loop(stack, data, count=8, seconds=12, fault=runs.terminate_backends)
    after("pg_terminate_backend during checkouts", "8 shoppers checking out for 12 s; every app session of "
          "PostgreSQL terminated 3 times.", tally, extra, {"0 5xx": tally.server_errors == 0})  # fmt: skip

    tally, extra = runs.shoppers_loop(stack, data, count=8, seconds=14, fault=runs.restart_postgres)
    extra["app serving again (s after PostgreSQL is back)"] = recovered = runs.recovery_seconds(
        stack, since=extra["restart_ended"]
    )
    extra = {key: value for key, value in extra.items() if not key.startswith("restart_")}
    after("PostgreSQL restarted mid-run", "8 shoppers for 14 s; `pg_ctl restart -m fast` at t=4 s "
          "(CONN_HEALTH_CHECKS on). During the outage the app answers 503 \"réessayez\", never 500.", tally, extra,
          {"recovery within 5 s": recovered <= 5, "no 500": tally.statuses.get(500, 0) == 0})  # fmt: skip

    tally, extra = runs.shoppers_loop(stack, data, count=8, seconds=22, fault=runs.kill_workers)
    after("A gunicorn worker killed every 10 s", "8 shoppers for 22 s; SIGKILL to one worker at t=5 s and t=15 s "
          "(gunicorn starts a new one). A request the killed worker was answering is lost with it: nginx "
          "answers 502 to a GET it could not retry and never resends a POST.", tally, extra,
          {"no 500": tally.statuses.get(500, 0) == 0})  # fmt: skip

    tally, extra = runs.shoppers_loop(stack, data, count=8, seconds=12, fault=runs.stop_instance)
    stack.start_app("app-a", stack.app_a)
    after("One instance stopped", "8 shoppers for 12 s; instance A stopped (SIGTERM: it finishes what it "
          "started) at t=4 s; nginx sends everything to B.", tally, extra,
          {"0 5xx": tally.server_errors == 0})  # fmt: skip

    email_run(stack, data, report, acknowledged)


def email_run(stack: Stack, data: dict, report: Report, acknowledged: list[str]) -> None:
    runs.wait_outbox_drained(stack)
    stack.sink.stop()
    before = len(stack.sink.messages)
    tally, _extra = runs.shoppers_loop(stack, data, count=4, seconds=4)
    time.sleep(3)
    while_down = runs.outbox_state(stack)
    stack.sink.start()
    stack.manage("orders_jobs")
    drained = runs.wait_outbox_drained(stack)
    acknowledged.extend(tally.acknowledged)
    state = runs.outbox_state(stack)
    extra = {
        "outbox while the mail server was down": while_down,
        "after the clock (orders_jobs) and the worker": drained,
        "emails received by the mail server in all runs": len(stack.sink.messages),
        "task worker restarts (its connection cut by the faults above)": stack.worker_restarts,
    }
    report.run(
        "Mail server down, then back",
        what="4 shoppers for 4 s with the SMTP server refusing connections; then it comes back and the clock runs.",
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


def write(report: Report, *, setup_seconds: float, total_seconds: float, folder: Path) -> None:
    now = dt.datetime.now(dt.UTC)
    verdict = "all invariants held" if not report.failures else "FAILED: " + "; ".join(report.failures)
    text = "\n".join(
        [
            f"# Production proof, {now:%Y-%m-%d %H:%M} UTC",
            "",
            "`make prod-proof` (tests/bench/prod_proof.py): the layout of `deploy/` on loopback — nginx, two "
            "gunicorn instances, a private PostgreSQL 15 cluster, Redis for cache and sessions, the task "
            "worker, an SMTP sink — then bounded runs, and the database's invariants checked in SQL after each.",
            "",
            *machine(),
            f"- duration: {total_seconds:.0f} s (setup: migrate, demo data, collectstatic {setup_seconds:.0f} s)",
            f"- **verdict: {verdict}**",
            "",
            "## Runs",
            "",
            *report.sections,
        ]
    )
    dated = BENCH / f"PROD_PROOF-{now:%Y-%m-%d}.md"
    dated.write_text(text)
    (BENCH / "PROD_PROOF.md").write_text(text)
    print(text)
    print(f"\nreport: {dated.relative_to(ROOT)} (logs: {folder})", flush=True)


if __name__ == "__main__":
    sys.exit(main())
