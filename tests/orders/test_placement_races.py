"""Real concurrent shoppers: threads, each on its own database connection, released at the same moment.

They run on a private copy of the test database (see racedb.py for why), on SQLite and on PostgreSQL,
each scenario repeated ROUNDS times, since a race shows up once in many runs.
"""

from functools import partial

import pytest
from django.db import transaction
from oscar.core.loading import get_model

from orders.models import Pickup, PickupSlot, Placement
from orders.services import PlacementError, order_place_for_basket

from .builders import NOW, guest, product_for_sale, shop_open, slots_of
from .racedb import RaceDatabase

Basket = get_model("basket", "Basket")
BasketLine = get_model("basket", "Line")
Order = get_model("order", "Order")
StockRecord = get_model("partner", "StockRecord")

ROUNDS = 20
SHOPPERS = 50


@pytest.mark.django_db
def test_races_start_from_the_migrated_test_database():
    """Also makes pytest-django set the test database up when this module runs on its own."""
    SourceType = get_model("payment", "SourceType")
    assert SourceType.objects.filter(code="paiement-au-retrait").exists()


# What the worker threads run, each on its own connection to the copy.


@transaction.atomic
def _baskets_create(*, items: list[tuple[int, int]], count: int) -> list[int]:
    """`count` open baskets holding the same (stock record id, quantity) items, written in bulk."""
    stock = StockRecord.objects.in_bulk([pk for pk, _quantity in items])
    baskets = Basket.objects.bulk_create([Basket() for _ in range(count)])
    BasketLine.objects.bulk_create(
        BasketLine(
            basket=basket,
            # What Basket.add_product would write for a product without options.
            line_reference=f"{stock[pk].product_id}_{pk}",
            product_id=stock[pk].product_id,
            stockrecord_id=pk,
            quantity=quantity,
            price_currency="EUR",
            price_excl_tax=stock[pk].price,
            price_incl_tax=stock[pk].price,
        )
        for basket in baskets
        for pk, quantity in items
    )
    return [basket.pk for basket in baskets]


def _place(*, basket_id: int, choices: dict, shopper: int) -> list[str]:
    basket = Basket.objects.get(pk=basket_id)
    orders = order_place_for_basket(basket=basket, customer=guest(shopper), choices=choices, now=NOW)
    return [order.number for order in orders]


def _unexpected(outcomes) -> list[str]:
    """Anything but a clean refusal: what a shopper would have seen as a server error."""
    return [
        f"{type(outcome.error).__name__}: {outcome.error}"
        for outcome in outcomes
        if outcome.error is not None and not isinstance(outcome.error, PlacementError)
    ]


def _slot_booked(*, shop_id: int, key: str) -> int:
    row = PickupSlot.objects.filter(shop_id=shop_id).filter(starts_at=_key_start(key)).first()
    return row.booked if row else 0


def _key_start(key: str):
    from orders.services import slot_start_parse

    return slot_start_parse(key)


# 1. Fifty shoppers, one slot that takes three orders.


def _capacity_setup() -> tuple[int, int, list[str]]:
    shop = shop_open(name="Course au créneau", capacity=3, slot_minutes=15)
    stock = product_for_sale(shop=shop, title="Galette des rois", stock=1_000_000)
    return shop.pk, stock.pk, [slot.key for slot in slots_of(shop)[:ROUNDS]]


def _capacity_check(*, shop_id: int, key: str, basket_ids: list[int]) -> dict:
    pickups = Pickup.objects.filter(shop_id=shop_id, slot__starts_at=_key_start(key))
    return {
        "booked": _slot_booked(shop_id=shop_id, key=key),
        "pickups": pickups.count(),
        "codes": len(set(pickups.values_list("code", flat=True))),
        "orders": Order.objects.filter(basket_id__in=basket_ids).count(),
        "placements": Placement.objects.filter(basket_id__in=basket_ids).count(),
        "baskets_open": Basket.objects.filter(pk__in=basket_ids, status=Basket.OPEN).count(),
    }


def test_fifty_shoppers_for_a_slot_of_three_get_exactly_three_orders_every_time(race: RaceDatabase):
    shop_id, stock_id, keys = race.call(_capacity_setup)
    assert len(keys) == ROUNDS

    for round_number, key in enumerate(keys):
        basket_ids = race.call(_baskets_create, items=[(stock_id, 1)], count=SHOPPERS)
        outcomes = race.all_at_once(
            [
                partial(_place, basket_id=basket_id, choices={shop_id: key}, shopper=shopper)
                for shopper, basket_id in enumerate(basket_ids)
            ]
        )

        assert _unexpected(outcomes) == [], f"round {round_number}"
        placed = [outcome.value for outcome in outcomes if outcome.error is None]
        refused = [outcome.error for outcome in outcomes if outcome.error is not None]
        assert len(placed) == 3, f"round {round_number}: {len(placed)} orders for 3 places"
        assert all(len(numbers) == 1 for numbers in placed)
        assert len(refused) == SHOPPERS - 3
        for error in refused:
            assert error.codes == {"slot_full"}
            assert error.problems[0].shop_id == shop_id
            assert "Créneau complet" in str(error)
        assert race.call(_capacity_check, shop_id=shop_id, key=key, basket_ids=basket_ids) == {
            "booked": 3,
            "pickups": 3,
            "codes": 3,
            "orders": 3,
            "placements": 3,
            "baskets_open": SHOPPERS - 3,
        }


# 2. Fifty buyers for the last unit of a product, in baskets that span two shops.


def _stock_setup() -> dict:
    grocer = shop_open(name="Épicerie fine", capacity=500, slot_minutes=15)
    greengrocer = shop_open(name="Primeur du coin", capacity=500, slot_minutes=15)
    apples = product_for_sale(shop=greengrocer, title="Pommes", stock=1_000_000)
    last_jars = [product_for_sale(shop=grocer, title=f"Miel de lavande n° {n}", stock=1).pk for n in range(ROUNDS)]
    keys = [slot.key for slot in slots_of(grocer)[:ROUNDS]]
    return {
        "grocer": grocer.pk,
        "greengrocer": greengrocer.pk,
        "apples": apples.pk,
        "last_jars": last_jars,
        "keys": keys,
    }


def _stock_check(*, setup: dict, jar_id: int, key: str, basket_ids: list[int], placed_basket: int) -> dict:
    jar = StockRecord.objects.get(pk=jar_id)
    apples = StockRecord.objects.get(pk=setup["apples"])
    others = [pk for pk in basket_ids if pk != placed_basket]
    lines = sorted(
        BasketLine.objects.filter(basket_id__in=others).values_list("basket_id", "stockrecord_id", "quantity")
    )
    return {
        "jar": (jar.num_in_stock, jar.num_allocated),
        "apples_allocated": apples.num_allocated,
        "orders": sorted(Order.objects.filter(basket_id__in=basket_ids).values_list("pickup__shop_id", "basket_id")),
        "grocer_booked": _slot_booked(shop_id=setup["grocer"], key=key),
        "greengrocer_booked": _slot_booked(shop_id=setup["greengrocer"], key=key),
        # Each refused basket is still open and holds its two lines, quantities unchanged.
        "open_baskets": Basket.objects.filter(pk__in=others, status=Basket.OPEN).count(),
        "lines_intact": lines == sorted((pk, stock_id, 1) for pk in others for stock_id in (jar_id, setup["apples"])),
        "placements": Placement.objects.filter(basket_id__in=basket_ids).count(),
    }


def test_fifty_buyers_for_the_last_unit_make_one_order_pair_and_never_oversell(race: RaceDatabase):
    setup = race.call(_stock_setup)

    for round_number, (jar_id, key) in enumerate(zip(setup["last_jars"], setup["keys"], strict=True)):
        basket_ids = race.call(_baskets_create, items=[(jar_id, 1), (setup["apples"], 1)], count=SHOPPERS)
        choices = {setup["grocer"]: key, setup["greengrocer"]: key}
        outcomes = race.all_at_once(
            [
                partial(_place, basket_id=basket_id, choices=choices, shopper=shopper)
                for shopper, basket_id in enumerate(basket_ids)
            ]
        )

        assert _unexpected(outcomes) == [], f"round {round_number}"
        winners = [basket_id for basket_id, outcome in zip(basket_ids, outcomes, strict=True) if outcome.error is None]
        assert len(winners) == 1, f"round {round_number}: {len(winners)} buyers got the last unit"
        for outcome in outcomes:
            if outcome.error is None:
                assert len(outcome.value) == 2  # one order per shop
                continue
            assert outcome.error.codes == {"stock"}
            (problem,) = outcome.error.problems
            assert problem.shop_id == setup["grocer"]
            assert problem.message.endswith("épuisé.")
        state = race.call(
            _stock_check, setup=setup, jar_id=jar_id, key=key, basket_ids=basket_ids, placed_basket=winners[0]
        )
        assert state == {
            "jar": (1, 1),  # allocated once, never below zero
            "apples_allocated": round_number + 1,
            "orders": sorted([(setup["grocer"], winners[0]), (setup["greengrocer"], winners[0])]),
            "grocer_booked": 1,
            "greengrocer_booked": 1,
            "open_baskets": SHOPPERS - 1,
            "lines_intact": True,
            "placements": 1,
        }


# 3. The same basket submitted five times at once (double click, second tab, retry).


def _same_basket_setup() -> dict:
    baker = shop_open(name="Boulangerie au four", capacity=5)
    butcher = shop_open(name="Boucherie centrale", capacity=5)
    bread = product_for_sale(shop=baker, title="Pain de campagne", stock=1_000_000)
    sausages = product_for_sale(shop=butcher, title="Saucisses", stock=1_000_000)
    return {
        "baker": baker.pk,
        "butcher": butcher.pk,
        "bread": bread.pk,
        "sausages": sausages.pk,
        "keys": [slot.key for slot in slots_of(baker)[:ROUNDS]],
    }


def _same_basket_check(*, setup: dict, basket_id: int, key: str) -> dict:
    return {
        "orders": sorted(Order.objects.filter(basket_id=basket_id).values_list("number", flat=True)),
        "placements": Placement.objects.filter(basket_id=basket_id).count(),
        "baker_booked": _slot_booked(shop_id=setup["baker"], key=key),
        "butcher_booked": _slot_booked(shop_id=setup["butcher"], key=key),
        "status": Basket.objects.get(pk=basket_id).status,
    }


def test_five_parallel_submissions_of_one_basket_make_one_order_per_shop(race: RaceDatabase):
    setup = race.call(_same_basket_setup)

    for round_number, key in enumerate(setup["keys"]):
        (basket_id,) = race.call(_baskets_create, items=[(setup["bread"], 2), (setup["sausages"], 6)], count=1)
        choices = {setup["baker"]: key, setup["butcher"]: key}
        outcomes = race.all_at_once(
            [partial(_place, basket_id=basket_id, choices=choices, shopper=1) for _ in range(5)]
        )

        assert [outcome.error for outcome in outcomes] == [None] * 5, f"round {round_number}"
        numbers = {tuple(sorted(outcome.value)) for outcome in outcomes}
        assert len(numbers) == 1, f"round {round_number}: different orders returned {numbers}"
        assert race.call(_same_basket_check, setup=setup, basket_id=basket_id, key=key) == {
            "orders": sorted(numbers.pop()),
            "placements": 1,
            "baker_booked": 1,
            "butcher_booked": 1,
            "status": Basket.SUBMITTED,
        }
