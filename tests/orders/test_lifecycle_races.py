"""Concurrent changes to placed orders: the shop and the shopper at once, shoppers moving into one slot,
a unit given back while others buy it, and no deadlock — on PostgreSQL, where transactions really overlap.

Each scenario runs ROUNDS times on a private copy of the test database (see racedb.py), each racer a
thread with its own connection. After every round the whole shop is checked against its orders: each
slot's counter equals the orders holding a place in it, each stock record's allocation equals the units
of its open orders, and each order's history is an unbroken forward path through the pipeline.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from functools import partial

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from oscar.core.loading import get_model

from orders.models import ORDER_STATUSES_OPEN, OrderChange, OrderStatus, PickupSlot
from orders.services import (
    OrderChangeError,
    PlacementError,
    order_accept,
    order_cancel_by_shop,
    order_cancel_by_shopper,
    order_hand_over,
    order_mark_collected,
    order_mark_ready,
    order_place_for_basket,
    order_slot_change,
    slot_start_parse,
)

from .builders import NOW, basket_with_lines, guest, order_placed, product_for_sale, shop_open, shop_user, slots_of
from .racedb import RaceDatabase

pytestmark = pytest.mark.skipif(
    not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
    reason="SQLite runs one write transaction at a time (BEGIN IMMEDIATE): these races need PostgreSQL",
)

Line = get_model("order", "Line")
Order = get_model("order", "Order")
StockRecord = get_model("partner", "StockRecord")

ROUNDS = 20
# Orders that hold their slot place: still to collect, or collected (the place was used).
HOLDING = (*ORDER_STATUSES_OPEN, OrderStatus.COLLECTED)


class TimedRace:
    """The race database, timing each race (the setup and checks between them are not the race)."""

    def __init__(self, database: RaceDatabase):
        self.database = database
        self.seconds: list[float] = []

    def call(self, function, *args, **kwargs):
        return self.database.call(function, *args, **kwargs)

    def all_at_once(self, functions):
        started = time.perf_counter()
        outcomes = self.database.all_at_once(functions)
        self.seconds.append(time.perf_counter() - started)
        return outcomes


@pytest.fixture
def race(race_db, django_db_blocker, request):
    timed = TimedRace(race_db)
    with django_db_blocker.unblock():
        yield timed
    if timed.seconds:
        print(
            f"\n{request.node.name}: {len(timed.seconds)} rounds, {sum(timed.seconds):.2f} s racing "
            f"(slowest round {max(timed.seconds) * 1000:.0f} ms)"
        )


@pytest.mark.django_db
def test_races_start_from_the_migrated_test_database():
    """Also makes pytest-django set the test database up when this module runs on its own."""
    from shops.models import Shop

    # The copy the races run on is taken from this database: migrated, demo marketplace loaded.
    assert Shop.objects.filter(slug="au-pain-dore", status=Shop.Status.APPROVED).exists()


# What the worker threads run, each on its own connection to the copy.


def _order(order_id: int):
    # As a view would load it: a fresh instance, read outside the service's lock.
    return Order.objects.select_related("pickup__shop__partner", "pickup__slot").get(pk=order_id)


def _user(user_id: int | None):
    return get_user_model().objects.get(pk=user_id) if user_id is not None else None


def _accept(*, order_id: int, keeper_id: int) -> str:
    return order_accept(order=_order(order_id), by=_user(keeper_id)).status_to


def _mark_ready(*, order_id: int, keeper_id: int) -> str:
    return order_mark_ready(order=_order(order_id), by=_user(keeper_id)).status_to


def _mark_collected(*, order_id: int, keeper_id: int) -> str:
    return order_mark_collected(order=_order(order_id), by=_user(keeper_id)).status_to


def _hand_over_part(*, order_id: int, keeper_id: int, units: int) -> str:
    order = _order(order_id)
    (line,) = order.lines.all()
    return order_hand_over(order=order, by=_user(keeper_id), quantities={line.pk: units}).status_to + f":{units}"


def _cancel_by_shop(*, order_id: int, keeper_id: int) -> str:
    return order_cancel_by_shop(order=_order(order_id), by=_user(keeper_id), reason="Four en panne.").status_to


def _cancel_by_shopper(*, order_id: int) -> str:
    return order_cancel_by_shopper(order=_order(order_id), by=None, reason="Empêchement.").status_to


def _move(*, order_id: int, key: str) -> str:
    change = order_slot_change(order=_order(order_id), choice=key, now=NOW)
    return change.slot_to_at.isoformat()


def _place(*, basket_id: int, shop_id: int, key: str, shopper: int) -> int:
    basket = get_model("basket", "Basket").objects.get(pk=basket_id)
    (order,) = order_place_for_basket(basket=basket, customer=guest(shopper), choices={shop_id: key}, now=NOW)
    return order.pk


def _shop_make(*, name: str, capacity: int, stock: int = 1_000_000) -> dict:
    shop = shop_open(name=name, capacity=capacity, slot_minutes=15)
    keeper = shop_user(shop=shop)
    product = product_for_sale(shop=shop, title="Brioche", stock=stock)
    return {"shop": shop.pk, "keeper": keeper.pk, "stock": product.pk, "keys": [slot.key for slot in slots_of(shop)]}


def _orders_make(*, shop_id: int, stock_id: int, keys: list[str], quantity: int = 1) -> list[int]:
    """One order per key (a key may repeat), each of `quantity` units of the stock record."""
    from shops.models import Shop

    shop = Shop.objects.get(pk=shop_id)
    stock = StockRecord.objects.get(pk=stock_id)
    return [
        order_placed(shop=shop, items=[(stock, quantity)], key=key, customer=guest(number)).pk
        for number, key in enumerate(keys)
    ]


def _prepare(*, order_ids: list[int], keeper_id: int, to: str) -> None:
    keeper = _user(keeper_id)
    for order_id in order_ids:
        order = _order(order_id)
        order_accept(order=order, by=keeper)
        if to == OrderStatus.READY:
            order_mark_ready(order=order, by=keeper)


def _consistency(*, shop_id: int, initial_stock: dict[int, int]) -> list[str]:
    """Everything that does not add up in the shop, in words (empty when all is right)."""
    problems = []
    slots = PickupSlot.objects.filter(shop_id=shop_id).annotate(
        holding=Count("pickups", filter=Q(pickups__order__status__in=HOLDING))
    )
    for slot in slots.order_by("starts_at"):
        if slot.booked != slot.holding or slot.booked > slot.capacity:
            problems.append(
                f"slot {slot.starts_at:%d %H:%M}: booked {slot.booked}/{slot.capacity}, {slot.holding} orders"
            )
    for stock in StockRecord.objects.filter(pk__in=initial_stock):
        lines = Line.objects.filter(stockrecord=stock)
        allocated = lines.filter(order__status__in=ORDER_STATUSES_OPEN).aggregate(n=Sum("quantity"))["n"] or 0
        # A line handed over in part took only its handed-over units out of the stock.
        collected = (
            lines.filter(order__status=OrderStatus.COLLECTED).aggregate(
                n=Sum(Coalesce("handover__quantity", "quantity"))
            )["n"]
            or 0
        )
        if not 0 <= (stock.num_allocated or 0) <= stock.num_in_stock:
            problems.append(f"stock {stock.pk}: {stock.num_allocated} allocated of {stock.num_in_stock} (oversold)")
        if (stock.num_in_stock, stock.num_allocated or 0) != (initial_stock[stock.pk] - collected, allocated):
            problems.append(
                f"stock {stock.pk}: ({stock.num_in_stock}, {stock.num_allocated}) for "
                f"{initial_stock[stock.pk]} - {collected} collected, {allocated} allocated"
            )
    orders = Order.objects.filter(pickup__shop_id=shop_id)
    line_statuses = defaultdict(set)
    for order_id, status in Line.objects.filter(order__in=orders).values_list("order_id", "status"):
        line_statuses[order_id].add(status)
    history = defaultdict(list)
    for change in OrderChange.objects.filter(order__in=orders).order_by("pk"):
        history[change.order_id].append(change)
    pipeline = settings.OSCAR_ORDER_STATUS_PIPELINE
    for order_id, order_status, slot_at in orders.values_list("pk", "status", "pickup__slot__starts_at"):
        # Every status change starts where the last one ended and follows the pipeline; every move
        # starts in the slot the last one ended in, and the last one ends where the pickup is.
        status, slot = OrderStatus.PLACED, None
        for change in history[order_id]:
            if change.kind == OrderChange.Kind.SLOT:
                if slot is not None and change.slot_from_at != slot:
                    problems.append(f"order {order_id}: moved from {change.slot_from_at} though it was in {slot}")
                slot = change.slot_to_at
                continue
            if change.status_from != status or change.status_to not in pipeline[status]:
                problems.append(f"order {order_id}: {change.status_from} → {change.status_to} after {status}")
            status = change.status_to
        if status != order_status or line_statuses[order_id] != {status}:
            problems.append(f"order {order_id}: history ends at {status}, order is {order_status}")
        if slot is not None and slot != slot_at:
            problems.append(f"order {order_id}: last moved to {slot}, pickup in {slot_at}")
    return problems


def _orders_state(*, order_ids: list[int]) -> dict[int, tuple]:
    """Per order: status, status changes, notices, slot start."""
    return {
        order.pk: (
            order.status,
            order.changes.filter(kind=OrderChange.Kind.STATUS).count(),
            sorted(order.notices.values_list("kind", flat=True)),
            order.pickup.slot.starts_at,
        )
        for order in Order.objects.filter(pk__in=order_ids).select_related("pickup__slot")
    }


def _booked(*, shop_id: int, keys: list[str]) -> list[int]:
    rows = dict(PickupSlot.objects.filter(shop_id=shop_id).values_list("starts_at", "booked"))
    return [rows.get(slot_start_parse(key), 0) for key in keys]


def _unexpected(outcomes, allowed=(OrderChangeError,)) -> list[str]:
    """Anything but a clean refusal: a deadlock, an integrity error, what a person would see as a 500."""
    return [
        f"{type(outcome.error).__name__}: {outcome.error}"
        for outcome in outcomes
        if outcome.error is not None and not isinstance(outcome.error, allowed)
    ]


# (a) The shop accepts while the shopper cancels.

ORDERS_PER_ROUND = 10


def test_the_shop_accepting_while_the_shopper_cancels_has_exactly_one_winner(race: TimedRace):
    setup = race.call(_shop_make, name="Accepte ou annule", capacity=ORDERS_PER_ROUND)
    initial = {setup["stock"]: 1_000_000}
    wins = Counter()

    for round_number in range(ROUNDS):
        key = setup["keys"][round_number]
        order_ids = race.call(
            _orders_make, shop_id=setup["shop"], stock_id=setup["stock"], keys=[key] * ORDERS_PER_ROUND, quantity=2
        )
        racers = []
        for order_id in order_ids:
            racers.append(partial(_accept, order_id=order_id, keeper_id=setup["keeper"]))
            racers.append(partial(_cancel_by_shopper, order_id=order_id))
        outcomes = race.all_at_once(racers)

        assert _unexpected(outcomes) == [], f"round {round_number}"
        state = race.call(_orders_state, order_ids=order_ids)
        for index, order_id in enumerate(order_ids):
            accept, cancel = outcomes[2 * index], outcomes[2 * index + 1]
            assert (accept.error is None) != (cancel.error is None), f"round {round_number}: order {order_id}"
            winner = "accepted" if accept.error is None else "cancelled"
            loser = cancel if winner == "accepted" else accept
            wins[winner] += 1
            assert loser.error.code == "status"
            # The shop also hears of the shopper's cancellation.
            owed = ["accepted"] if winner == "accepted" else ["cancelled", "shop_cancelled"]
            notices = sorted(["placed", "shop_new_order", *owed])
            assert state[order_id][:3] == (winner, 1, notices), f"round {round_number}"
        accepted = sum(1 for order_id in order_ids if state[order_id][0] == "accepted")
        # The cancelled orders gave their place back; the accepted ones keep theirs.
        assert race.call(_booked, shop_id=setup["shop"], keys=[key]) == [accepted], f"round {round_number}"
        assert race.call(_consistency, shop_id=setup["shop"], initial_stock=initial) == [], f"round {round_number}"
    print(f"\n(a) {ROUNDS} rounds × {ORDERS_PER_ROUND} orders: {dict(wins)}")
    # Each side won some of the 200 races: they did overlap.
    assert set(wins) == {"accepted", "cancelled"}


# (b) Twenty shoppers move into one slot that has two places left.

MOVERS = 20


def test_twenty_shoppers_moving_into_a_slot_with_two_places_left_two_succeed(race: TimedRace):
    for round_number in range(ROUNDS):
        setup = race.call(_shop_make, name=f"Créneau convoité {round_number}", capacity=3)
        target, old_keys = setup["keys"][0], setup["keys"][1 : MOVERS + 1]
        initial = {setup["stock"]: 1_000_000}
        race.call(_orders_make, shop_id=setup["shop"], stock_id=setup["stock"], keys=[target])
        movers = race.call(_orders_make, shop_id=setup["shop"], stock_id=setup["stock"], keys=old_keys)
        # Half the movers already accepted by the shop: they may move too.
        race.call(_prepare, order_ids=movers[::2], keeper_id=setup["keeper"], to=OrderStatus.ACCEPTED)

        outcomes = race.all_at_once([partial(_move, order_id=order_id, key=target) for order_id in movers])

        assert _unexpected(outcomes) == [], f"round {round_number}"
        moved = [outcome.error is None for outcome in outcomes]
        assert sum(moved) == 2, f"round {round_number}: {sum(moved)} moves into 2 places"
        for outcome in outcomes:
            if outcome.error is not None:
                assert (outcome.error.code, outcome.error.message) == (
                    "slot_full",
                    "Créneau complet : choisissez-en un autre.",
                )
        booked = race.call(_booked, shop_id=setup["shop"], keys=[target, *old_keys])
        assert booked[0] == 3
        # The winners' old places are free; the losers keep theirs.
        assert booked[1:] == [0 if won else 1 for won in moved], f"round {round_number}"
        assert race.call(_consistency, shop_id=setup["shop"], initial_stock=initial) == [], f"round {round_number}"


# (c) A shopper gives back the last unit while twenty buyers want it.

BUYERS = 20


def _last_unit_setup(*, shop_id: int, key: str) -> dict:
    from shops.models import Shop

    shop = Shop.objects.get(pk=shop_id)
    last = product_for_sale(shop=shop, title="Kouign-amann", stock=1)
    holder = order_placed(shop=shop, items=[(last, 1)], key=key, customer=guest(99))
    baskets = [basket_with_lines((last, 1)).pk for _ in range(BUYERS)]
    return {"stock": last.pk, "holder": holder.pk, "baskets": baskets}


def test_a_unit_given_back_while_twenty_buyers_race_for_it_is_sold_at_most_once(race: TimedRace):
    setup = race.call(_shop_make, name="Dernière part", capacity=500)
    initial = {}
    sold_again = 0

    for round_number in range(ROUNDS):
        key = setup["keys"][round_number]
        unit = race.call(_last_unit_setup, shop_id=setup["shop"], key=key)
        initial[unit["stock"]] = 1
        racers = [partial(_cancel_by_shopper, order_id=unit["holder"])]
        racers += [
            partial(_place, basket_id=basket_id, shop_id=setup["shop"], key=key, shopper=number)
            for number, basket_id in enumerate(unit["baskets"])
        ]
        outcomes = race.all_at_once(racers)

        assert _unexpected(outcomes, allowed=(PlacementError,)) == [], f"round {round_number}"
        assert outcomes[0].error is None  # the cancellation itself never fails
        buyers = outcomes[1:]
        sold = [outcome for outcome in buyers if outcome.error is None]
        assert len(sold) <= 1, f"round {round_number}: the last unit sold {len(sold)} times"
        for outcome in buyers:
            if outcome.error is not None:
                assert outcome.error.codes == {"stock"}
                assert [problem.message for problem in outcome.error.problems] == ["« Kouign-amann » : épuisé."]
        sold_again += len(sold)
        assert race.call(_consistency, shop_id=setup["shop"], initial_stock=initial) == [], f"round {round_number}"
    print(f"\n(c) the freed unit was bought again in {sold_again} of {ROUNDS} rounds")


# (d) Ten concurrent calls on one order: ready, collected, cancelled by the shop.


def test_ten_concurrent_shop_actions_on_one_order_only_move_it_forward(race: TimedRace):
    setup = race.call(_shop_make, name="Comptoir pressé", capacity=ROUNDS)
    initial = {setup["stock"]: 1_000_000}
    endings = Counter()

    for round_number in range(ROUNDS):
        (order_id,) = race.call(
            _orders_make, shop_id=setup["shop"], stock_id=setup["stock"], keys=[setup["keys"][round_number]], quantity=3
        )
        race.call(_prepare, order_ids=[order_id], keeper_id=setup["keeper"], to=OrderStatus.ACCEPTED)
        actions = [_mark_ready] * 4 + [_mark_collected] * 3 + [_cancel_by_shop] * 3
        outcomes = race.all_at_once(
            [partial(action, order_id=order_id, keeper_id=setup["keeper"]) for action in actions]
        )

        assert _unexpected(outcomes) == [], f"round {round_number}"
        succeeded = Counter(outcome.value for outcome in outcomes if outcome.error is None)
        assert all(count == 1 for count in succeeded.values()), f"round {round_number}: {succeeded}"
        assert set(succeeded) in ({"cancelled"}, {"ready"}, {"ready", "collected"}, {"ready", "cancelled"})
        status, changes, _notices, _slot = race.call(_orders_state, order_ids=[order_id])[order_id]
        assert changes == 1 + sum(succeeded.values())  # the acceptance, then one per success
        endings[status] += 1
        assert race.call(_consistency, shop_id=setup["shop"], initial_stock=initial) == [], f"round {round_number}"
    print(f"\n(d) {ROUNDS} rounds, final statuses: {dict(endings)}")


# (d2) At the counter, two tabs hand over the same order in part (1 unit, 2 units), one whole, while the shop
# cancels it: one wins, and the stock takes out exactly what that one handed over.


def test_partial_handovers_racing_a_full_one_and_a_cancellation_take_out_only_the_winners_units(race: TimedRace):
    setup = race.call(_shop_make, name="Remise partielle", capacity=ROUNDS)
    initial = {setup["stock"]: 1_000_000}
    winners = Counter()

    for round_number in range(ROUNDS):
        (order_id,) = race.call(
            _orders_make, shop_id=setup["shop"], stock_id=setup["stock"], keys=[setup["keys"][round_number]], quantity=3
        )
        race.call(_prepare, order_ids=[order_id], keeper_id=setup["keeper"], to=OrderStatus.READY)
        keeper = setup["keeper"]
        actions = [
            *(partial(_hand_over_part, order_id=order_id, keeper_id=keeper, units=units) for units in (1, 2, 1, 2)),
            *(partial(_mark_collected, order_id=order_id, keeper_id=keeper) for _ in range(2)),
            *(partial(_cancel_by_shop, order_id=order_id, keeper_id=keeper) for _ in range(2)),
        ]
        outcomes = race.all_at_once(actions)

        assert _unexpected(outcomes) == [], f"round {round_number}"
        succeeded = [outcome.value for outcome in outcomes if outcome.error is None]
        assert len(succeeded) == 1, f"round {round_number}: {succeeded}"
        winners[succeeded[0]] += 1
        assert race.call(_consistency, shop_id=setup["shop"], initial_stock=initial) == [], f"round {round_number}"
    print(f"\n(d2) {ROUNDS} rounds, winners: {dict(winners)}")


# (e) Slot changes in opposite directions, A → B and B → A, at once.

CROSSERS = 10


def test_moves_in_opposite_directions_all_finish_without_deadlock(race: TimedRace):
    setup = race.call(_shop_make, name="Chassé-croisé", capacity=2 * CROSSERS)
    initial = {setup["stock"]: 1_000_000}

    for round_number in range(ROUNDS):
        a, b = setup["keys"][2 * round_number], setup["keys"][2 * round_number + 1]
        in_a = race.call(_orders_make, shop_id=setup["shop"], stock_id=setup["stock"], keys=[a] * CROSSERS)
        in_b = race.call(_orders_make, shop_id=setup["shop"], stock_id=setup["stock"], keys=[b] * CROSSERS)
        racers = [partial(_move, order_id=order_id, key=b) for order_id in in_a]
        racers += [partial(_move, order_id=order_id, key=a) for order_id in in_b]

        outcomes = race.all_at_once(racers)

        assert [outcome.error for outcome in outcomes] == [None] * len(racers), f"round {round_number}"
        state = race.call(_orders_state, order_ids=in_a + in_b)
        assert {state[order_id][3] for order_id in in_a} == {slot_start_parse(b)}
        assert {state[order_id][3] for order_id in in_b} == {slot_start_parse(a)}
        assert race.call(_booked, shop_id=setup["shop"], keys=[a, b]) == [CROSSERS, CROSSERS]
        assert race.call(_consistency, shop_id=setup["shop"], initial_stock=initial) == [], f"round {round_number}"


# (f) One order changed from two sides at once: a move and a cancellation, or two moves (two tabs).


def test_a_move_racing_a_cancellation_of_the_same_order_frees_the_right_slot(race: TimedRace):
    setup = race.call(_shop_make, name="Changement d'avis", capacity=5)
    initial = {setup["stock"]: 1_000_000}
    endings = Counter()

    for round_number in range(ROUNDS):
        a, b = setup["keys"][2 * round_number], setup["keys"][2 * round_number + 1]
        # A neighbour in each slot: a place wrongly given back would show on a counter still in use.
        race.call(_orders_make, shop_id=setup["shop"], stock_id=setup["stock"], keys=[a, b])
        (order_id,) = race.call(_orders_make, shop_id=setup["shop"], stock_id=setup["stock"], keys=[a])

        outcomes = race.all_at_once(
            [partial(_move, order_id=order_id, key=b), partial(_cancel_by_shopper, order_id=order_id)]
        )

        assert _unexpected(outcomes) == [], f"round {round_number}"
        assert outcomes[1].error is None  # a placed order can always be cancelled
        endings["moved, then cancelled" if outcomes[0].error is None else "cancelled first"] += 1
        assert race.call(_booked, shop_id=setup["shop"], keys=[a, b]) == [1, 1], f"round {round_number}"
        assert race.call(_consistency, shop_id=setup["shop"], initial_stock=initial) == [], f"round {round_number}"
    print(f"\n(f) {ROUNDS} rounds: {dict(endings)}")


def test_two_tabs_moving_the_same_order_leave_every_counter_true(race: TimedRace):
    setup = race.call(_shop_make, name="Deux onglets", capacity=5)
    initial = {setup["stock"]: 1_000_000}

    for round_number in range(ROUNDS):
        a, b, c = setup["keys"][3 * round_number : 3 * round_number + 3]
        (order_id,) = race.call(_orders_make, shop_id=setup["shop"], stock_id=setup["stock"], keys=[a])
        race.call(_orders_make, shop_id=setup["shop"], stock_id=setup["stock"], keys=[a, b, c])

        outcomes = race.all_at_once([partial(_move, order_id=order_id, key=key) for key in (b, c, b, c)])

        assert _unexpected(outcomes) == [], f"round {round_number}"
        assert any(outcome.error is None for outcome in outcomes)
        for outcome in outcomes:
            if outcome.error is not None:
                assert outcome.error.code == "same"
        state = race.call(_orders_state, order_ids=[order_id])
        where = state[order_id][3]
        assert where in (slot_start_parse(b), slot_start_parse(c))
        expected = [1, 2 if where == slot_start_parse(b) else 1, 2 if where == slot_start_parse(c) else 1]
        assert race.call(_booked, shop_id=setup["shop"], keys=[a, b, c]) == expected, f"round {round_number}"
        assert race.call(_consistency, shop_id=setup["shop"], initial_stock=initial) == [], f"round {round_number}"
