"""Benchmark the surveys and the barometer at the territory's size, on PostgreSQL.

    .venv/bin/python tests/bench/barometer.py [--keep] [--requests 300]

1. Builds the database enbas_surveys_bench on 127.0.0.1:5432 (user postgres): migrations, the shop
   categories, 22,000 shops (tests/bench/data.py), 20,000 orders over six months with their pickups, and
   their "ready" and end states (bulk inserts, no placement logic: the barometer only reads them).
2. Times the import of a 22,000-line member list (surveys.services.members.members_import, the staff's CSV
   upload) twice: into an empty list, then again over it (every line an update).
3. Writes 50,000 responses (three weekly waves of 17,000, 17,000, 16,000; about 4.5 answer rows each) in bulk, times the
   rebuild of the barometer's summary rows (each wave, and the marketplace's figures).
4. Times /barometre/ uncached (PAGE_CACHE_SECONDS=0, DEBUG off) through Django's test client in this process,
   over a mix of addresses (no filter, a town, a sector, a category, an earlier wave): wall clock and this
   process's CPU. (Its query budget, ≤ 15, is a test: tests/barometer/test_survey_figures.py.)
5. Prints the figures and appends them to tests/bench/RESULTS.md. Drops the database unless --keep.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATABASE = "enbas_surveys_bench"
DATABASE_URL = f"postgres://postgres@127.0.0.1:5432/{DATABASE}"
RESULTS = Path(__file__).with_name("RESULTS.md")
SHOPS, ORDERS, MEMBERS = 22_000, 20_000, 22_000
# 50,000 responses: one per member and wave at most, so three weekly waves.
RESPONSES = (17_000, 17_000, 16_000)


def _psql(sql: str, dbname: str = "postgres"):
    import psycopg

    with psycopg.connect(host="127.0.0.1", port=5432, user="postgres", dbname=dbname, autocommit=True) as db:
        cursor = db.execute(sql)
        return cursor.fetchall() if sql.lstrip().upper().startswith("SELECT") else None


def _build() -> None:
    _psql(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
    _psql(f'CREATE DATABASE "{DATABASE}"')
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "marketplace.settings.dev", "DATABASE_URL": DATABASE_URL}
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)


def _setup_django() -> None:
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "marketplace.settings.dev",
            "DATABASE_URL": DATABASE_URL,
            "DJANGO_DEBUG": "false",
            "PAGE_CACHE_SECONDS": "0",
            "MEDIA_ROOT": str(ROOT / "var" / "bench" / "media"),
        }
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _orders(shops, rng) -> None:
    """ORDERS orders over six months on a sixth of the shops, with pickups, slots, and ends."""
    from django.utils import timezone
    from oscar.core.loading import get_model

    from orders.models import OrderChange, Pickup, PickupSlot

    Order = get_model("order", "Order")
    now = timezone.now()
    busy = [shop for shop in shops if shop.status == "approved"][: len(shops) // 6]
    placed = [now - timedelta(minutes=rng.randint(10, 26 * 7 * 24 * 60)) for _ in range(ORDERS)]
    chosen = [rng.choice(busy) for _ in range(ORDERS)]
    statuses = rng.choices(["collected", "not_collected", "cancelled", "placed"], weights=(80, 6, 6, 8), k=ORDERS)
    slots = PickupSlot.objects.bulk_create(
        [
            PickupSlot(
                shop=shop,
                starts_at=at + timedelta(days=1, seconds=n),
                ends_at=at + timedelta(days=1, seconds=n + 1800),
                capacity=4,
                booked=1,
            )
            for n, (shop, at) in enumerate(zip(chosen, placed, strict=True))
        ],
        batch_size=5000,
    )
    orders = Order.objects.bulk_create(
        [
            Order(number=f"B{n:08d}", currency="EUR", total_incl_tax=20, total_excl_tax=18, shipping_method="retrait",
                  shipping_code="retrait", status=status, guest_email=f"c{n}@ex.fr", date_placed=at)
            for n, (status, at) in enumerate(zip(statuses, placed, strict=True))
        ],
        batch_size=5000,
    )  # fmt: skip
    Pickup.objects.bulk_create(
        [
            Pickup(order=order, shop=shop, slot=slot, code=f"{n:06d}", customer_name="Client")
            for n, (order, shop, slot) in enumerate(zip(orders, chosen, slots, strict=True))
        ],
        batch_size=5000,
    )
    OrderChange.objects.bulk_create(
        [
            OrderChange(order=order, kind="status", status_from="accepted", status_to="ready", actor_kind="shop",
                        created_at=order.date_placed + timedelta(minutes=rng.randint(15, 600)))
            for order in orders if order.status in ("collected", "not_collected")
        ],
        batch_size=5000,
    )  # fmt: skip


def _members_csv(rng) -> bytes:
    from shops.territory import TOWNS

    sectors = (
        "Commerce alimentaire",
        "Commerce non alimentaire",
        "Hôtellerie-restauration",
        "Services",
        "Artisanat",
        "Industrie",
        "BTP",
    )
    lines = ["siret;entreprise;email;commune;secteur"]
    for n in range(MEMBERS):
        town = rng.choice(TOWNS).name
        lines.append(f"7{n:013d};Entreprise {n};contact{n}@exemple.fr;{town};{rng.choice(sectors)}")
    return ("\n".join(lines) + "\n").encode()


def _responses(rng) -> None:
    from django.utils import timezone

    from demo.surveys import QUESTIONS
    from surveys.models import Answer, Member, Response, Survey, Wave
    from surveys.questions import survey_questions

    survey = Survey(title="Baromètre (bench)", slug="bench", questions=QUESTIONS)
    survey.save()
    now = timezone.now()
    waves = [
        Wave.objects.create(
            survey=survey,
            number=number,
            opens_at=now - timedelta(days=7 * (len(RESPONSES) - number) + 1),
            closes_at=now - timedelta(days=7 * (len(RESPONSES) - number) - 6),
        )
        for number in range(1, len(RESPONSES) + 1)
    ]
    questions = survey_questions(survey)
    members = list(Member.objects.only("pk", "town", "sector"))
    for wave, count in zip(waves, RESPONSES, strict=True):
        chosen = rng.sample(members, count)
        responses = Response.objects.bulk_create(
            [Response(wave=wave, member=m, town=m.town, sector=m.sector) for m in chosen], batch_size=5000
        )
        rows = []
        for response in responses:
            for q in questions:
                common = {
                    "response": response,
                    "wave": wave,
                    "question": q.id,
                    "town": response.town,
                    "sector": response.sector,
                }
                if q.kind in ("single", "multiple"):
                    rows.append(Answer(option=rng.choice(q.choices), **common))
                elif q.kind == "scale":
                    value = rng.randint(1, 5)
                    rows.append(Answer(option=str(value), number=value, **common))
                elif q.kind == "number":
                    rows.append(Answer(number=rng.randint(0, 150), **common))
                elif rng.random() < 0.2:
                    rows.append(Answer(text="Commentaire", **common))
        Answer.objects.bulk_create(rows, batch_size=10000)


def _timed(function, **kwargs) -> tuple[float, object]:
    started = time.perf_counter()
    result = function(**kwargs)
    return time.perf_counter() - started, result


def _measure(requests: int, rng) -> dict:
    from django.conf import settings
    from django.test import Client, override_settings

    from barometer.models import MarketCell
    from shops.models import ShopCategory
    from surveys.models import Member

    towns = list(Member.objects.values_list("town", flat=True).distinct())
    categories = list(
        MarketCell.objects.filter(town="*").exclude(category="*").values_list("category", flat=True).distinct()
    ) or [c.name for c in ShopCategory.objects.all()]
    addresses = ["/barometre/", "/barometre/?vague=1"]
    addresses += [f"/barometre/?commune={t}" for t in towns[:10]]
    addresses += ["/barometre/?secteur=Services", "/barometre/?secteur=Artisanat&commune=Vienne"]
    addresses += [f"/barometre/?categorie={c}" for c in categories[:5]]
    client = Client(HTTP_HOST="127.0.0.1")  # ALLOWED_HOSTS, DEBUG being off
    # DEBUG off asks for collected static files (a manifest); the bench serves the page, not its assets.
    plain = override_settings(
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    )
    plain.enable()
    for address in addresses:  # warm-up: connections, templates, translations
        status = client.get(address).status_code
        assert status == 200, (address, status)
    timings, cpu = [], []
    for _ in range(requests):
        address = rng.choice(addresses)
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(address)
        timings.append((time.perf_counter() - started) * 1000)
        # This process's CPU only (not PostgreSQL's): unlike the wall clock, other work on the machine barely moves it.
        cpu.append((time.process_time() - started_cpu) * 1000)
        assert response.status_code == 200
    timings.sort()
    cpu.sort()
    return {
        "cpu_p50": statistics.median(cpu),
        "cpu_p99": cpu[int(len(cpu) * 0.99) - 1],
        "p50": statistics.median(timings),
        "p95": timings[int(len(timings) * 0.95) - 1],
        "p99": timings[int(len(timings) * 0.99) - 1],
        "max": timings[-1],
        "addresses": len(addresses),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--reuse", action="store_true", help="keep the shops and orders of a kept database")
    parser.add_argument("--page-only", action="store_true", help="only time the page, on a kept database")
    args = parser.parse_args()
    started = time.monotonic()
    load = os.getloadavg()
    if not (args.reuse or args.page_only):
        print("building the database (migrate)…", flush=True)
        _build()
    _setup_django()
    if args.page_only:
        page = _measure(args.requests, random.Random(18))
        print(page, flush=True)
        _results_page(page=page, args=args, load=load)
        return
    from collections import Counter

    from barometer.market import market_summary_refresh
    from barometer.services import wave_summary_refresh
    from demo.catalogue import shop_categories_ensure
    from surveys.models import Wave
    from surveys.services.members import members_import
    from tests.bench.data import shops_bulk_add

    rng = random.Random(18)
    if args.reuse:
        from surveys.models import Member, Survey

        Survey.objects.all().delete()
        Member.objects.all().delete()
    else:
        shop_categories_ensure(created=Counter())
        print("22,000 shops and 20,000 orders…", flush=True)
        shops = shops_bulk_add(count=SHOPS, with_hours=False, approved_share=0.95)
        _orders(shops, rng)
    data = _members_csv(rng)
    first, result = _timed(members_import, data=data)
    again, _ = _timed(members_import, data=data)
    print(f"member import: {first:.1f} s ({result.created} added), again {again:.1f} s (all updated)", flush=True)
    _responses(rng)
    refresh = {}
    for wave in Wave.objects.order_by("number"):
        refresh[f"wave {wave.number}"], rows = _timed(wave_summary_refresh, wave_id=wave.pk)
        print(f"summary of wave {wave.number}: {refresh[f'wave {wave.number}']:.1f} s, {rows} rows", flush=True)
    refresh["market"], rows = _timed(market_summary_refresh)
    print(f"marketplace summary: {refresh['market']:.1f} s, {rows} rows", flush=True)
    page = _measure(args.requests, rng)
    print(page, flush=True)
    _results(first=first, again=again, refresh=refresh, page=page, args=args, load=load)
    if not args.keep:
        from django.db import connections

        connections.close_all()
        _psql(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
    print(f"done in {time.monotonic() - started:.0f} s")


def _results_page(*, page, args, load) -> None:
    at = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    text = f"""
## {at} · /barometre/ uncached on the kept data set (issue 18)

- command: `.venv/bin/python tests/bench/barometer.py --page-only --requests {args.requests}` (data of a `--keep` run)
- machine: 2 CPU, PostgreSQL on 127.0.0.1; load average at the start: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}
- page: PAGE_CACHE_SECONDS=0, DEBUG off, Django's test client in one process, {page["addresses"]} addresses at random

| /barometre/ | p50 ms | p95 ms | p99 ms | max ms | app CPU p50 ms | app CPU p99 ms |
|---|---:|---:|---:|---:|---:|---:|
| uncached | {page["p50"]:.1f} | {page["p95"]:.1f} | {page["p99"]:.1f} | {page["max"]:.1f} \
| {page["cpu_p50"]:.1f} | {page["cpu_p99"]:.1f} |
"""
    with RESULTS.open("a", encoding="utf-8") as results:
        results.write(text)
    print(text)


def _results(*, first, again, refresh, page, args, load) -> None:
    at = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    text = _table(at=at, first=first, again=again, refresh=refresh, page=page, args=args, load=load)
    with RESULTS.open("a", encoding="utf-8") as results:
        results.write(text)
    print(text)


def _table(*, at, first, again, refresh, page, args, load) -> str:
    head = "\n".join(
        [
            f"## {at} · surveys and the barometer (issue 18)",
            "",
            f"- command: `.venv/bin/python tests/bench/barometer.py --requests {args.requests}`",
            f"- machine: 2 CPU, PostgreSQL on 127.0.0.1; load average at the start: {load[0]:.2f} {load[1]:.2f}"
            f" {load[2]:.2f}",
            f"- data: {SHOPS} shops, {ORDERS} orders over six months, {MEMBERS} members,"
            f" {sum(RESPONSES)} responses ({len(RESPONSES)} waves, about 4.5 answer rows each)",
            "- page: `/barometre/` uncached (PAGE_CACHE_SECONDS=0, DEBUG off) through Django's test client in one"
            f" process, {page['addresses']} addresses (no filter, a town, a sector, a category, wave 1) at random,"
            f" {args.requests} requests one after another",
        ]
    )
    waves = "\n".join(
        f"| summary rebuild, wave {n} ({count} responses) | {refresh[f'wave {n}']:.1f} s | a task, off the request |"
        for n, count in enumerate(RESPONSES, start=1)
    )
    return f"""
{head}

| what | figure | target |
|---|---:|---|
| member import, 22,000 lines into an empty list | {first:.1f} s | < 30 s |
| member import, the same 22,000 lines again (all updates) | {again:.1f} s | < 30 s |
{waves}
| summary rebuild, marketplace ({ORDERS} orders) | {refresh["market"]:.1f} s | the clock, off the request |
| /barometre/ p50 | {page["p50"]:.1f} ms | |
| /barometre/ p95 | {page["p95"]:.1f} ms | |
| /barometre/ p99 | {page["p99"]:.1f} ms | < 150 ms |
| /barometre/ max | {page["max"]:.1f} ms | |
| /barometre/ app CPU p50 / p99 (this process, not PostgreSQL) | {page["cpu_p50"]:.1f} / {page["cpu_p99"]:.1f} ms | |
"""


if __name__ == "__main__":
    main()
