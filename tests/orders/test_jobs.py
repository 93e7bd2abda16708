"""The clock jobs (manage.py orders_jobs): no-shows, the shop's acceptance reminder, the pickup-day reminder.

Each job is run with an explicit `now`, the way the clock would run it, and run twice where it
matters: a second run changes nothing and owes nothing more.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from oscar.core.loading import get_model

from orders.models import Notice, OrderChange, OrderStatus, PickupSlot
from orders.services import (
    not_collected_after,
    order_accept,
    order_cancel_by_shop,
    order_mark_collected,
    order_mark_ready,
    order_refuse,
)
from orders.services.jobs import (
    orders_jobs_run,
    orders_mark_not_collected_due,
    orders_remind_unaccepted,
    pickups_remind_today,
)
from shops.schedule import PARIS, Slot

from .builders import NOW, order_placed, product_for_sale, shop_open, shop_user, slot_key

pytestmark = pytest.mark.django_db

Order = get_model("order", "Order")

TOMORROW = NOW.date() + timedelta(days=1)  # Wednesday 5 June 2030


def paris(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=PARIS)


def key_at(day: date, hour: int) -> str:
    moment = paris(day, hour)
    return Slot(starts_at=moment, ends_at=moment).key


@pytest.fixture
def shop(db):
    shop = shop_open(name="Primeur des Halles")
    shop.email = "primeur@example.com"
    shop.save()
    return shop


@pytest.fixture
def keeper(shop):
    return shop_user(shop=shop)


@pytest.fixture
def apples(shop):
    return product_for_sale(shop=shop, title="Pommes (1 kg)", price="3.20", stock=10)


def placed(shop, apples, *, key=None, quantity=2, now=NOW):
    return order_placed(shop=shop, items=[(apples, quantity)], key=key or slot_key(1, 10), now=now)


def accepted(shop, apples, keeper, **kwargs):
    order = placed(shop, apples, **kwargs)
    order_accept(order=order, by=keeper)
    return order


def ready(shop, apples, keeper, **kwargs):
    order = accepted(shop, apples, keeper, **kwargs)
    order_mark_ready(order=order, by=keeper)
    return order


def status_of(order) -> str:
    return Order.objects.get(pk=order.pk).status


# No-shows.


def test_a_ready_order_not_collected_by_the_end_of_its_day_plus_grace_becomes_not_collected(shop, apples, keeper):
    order = ready(shop, apples, keeper)  # tomorrow 10:00; the default grace is 24 hours
    deadline = paris(TOMORROW + timedelta(days=2), 0)  # Friday 0:00: the end of Wednesday, plus 24 hours

    assert orders_mark_not_collected_due(now=paris(TOMORROW, 23, 59)) == 0
    assert orders_mark_not_collected_due(now=deadline - timedelta(minutes=1)) == 0
    assert status_of(order) == OrderStatus.READY

    assert orders_mark_not_collected_due(now=deadline) == 1

    assert status_of(order) == OrderStatus.NOT_COLLECTED
    change = OrderChange.objects.get(order=order, status_to=OrderStatus.NOT_COLLECTED)
    assert change.status_from == OrderStatus.READY
    assert change.actor_kind == OrderChange.Actor.SYSTEM
    assert change.created_at == deadline


def test_the_no_show_job_run_twice_changes_the_order_once_and_gives_back_its_place_and_stock_once(shop, apples, keeper):
    order = ready(shop, apples, keeper, quantity=3)
    other = ready(shop, apples, keeper, quantity=1)  # same slot, still holding its place and units
    slot = order.pickup.slot
    slot.refresh_from_db()
    apples.refresh_from_db()
    assert (slot.booked, apples.num_in_stock, apples.num_allocated) == (2, 10, 4)
    order_mark_collected(order=other, by=keeper)
    later = paris(TOMORROW + timedelta(days=3), 9)

    first = orders_jobs_run(now=later)
    second = orders_jobs_run(now=later)

    assert (first.not_collected, second.not_collected) == (1, 0)
    assert OrderChange.objects.filter(order=order, status_to=OrderStatus.NOT_COLLECTED).count() == 1
    slot.refresh_from_db()
    apples.refresh_from_db()
    # The no-show's place and 3 units come back once; the collected order's unit has left the shop.
    assert slot.booked == 1
    assert (apples.num_in_stock, apples.num_allocated) == (9, 0)
    assert status_of(other) == OrderStatus.COLLECTED


def test_the_grace_is_the_shops_own(shop, apples, keeper):
    shop.no_show_grace_hours = 2
    shop.save()
    order = ready(shop, apples, keeper)

    assert orders_mark_not_collected_due(now=paris(TOMORROW + timedelta(days=1), 1, 59)) == 0
    assert orders_mark_not_collected_due(now=paris(TOMORROW + timedelta(days=1), 2)) == 1
    assert status_of(order) == OrderStatus.NOT_COLLECTED


def test_only_ready_orders_become_not_collected(shop, apples, keeper):
    waiting = placed(shop, apples, key=slot_key(1, 9))
    taken = accepted(shop, apples, keeper, key=slot_key(1, 10))
    refused = placed(shop, apples, key=slot_key(1, 11))
    order_refuse(order=refused, by=keeper, reason="Plus de pommes.")
    cancelled = accepted(shop, apples, keeper, key=slot_key(1, 12))
    order_cancel_by_shop(order=cancelled, by=keeper, reason="Livraison manquée.")
    collected = ready(shop, apples, keeper, key=slot_key(1, 13))
    order_mark_collected(order=collected, by=keeper)
    before = {order.pk: status_of(order) for order in (waiting, taken, refused, cancelled, collected)}
    changes = OrderChange.objects.count()

    assert orders_mark_not_collected_due(now=paris(TOMORROW + timedelta(days=10), 12)) == 0

    assert {pk: Order.objects.get(pk=pk).status for pk in before} == before
    assert OrderChange.objects.count() == changes


def test_the_orders_jobs_command_marks_the_no_shows_of_the_real_clock(shop, apples, keeper, capsys):
    order = ready(shop, apples, keeper)
    # The command reads the real clock: move the pickup three days into the past.
    three_days_ago = timezone.now() - timedelta(days=3)
    PickupSlot.objects.filter(pk=order.pickup.slot_id).update(
        starts_at=three_days_ago, ends_at=three_days_ago + timedelta(minutes=30)
    )

    call_command("orders_jobs")
    call_command("orders_jobs")

    assert status_of(order) == OrderStatus.NOT_COLLECTED
    first, second = capsys.readouterr().out.strip().splitlines()
    assert first.startswith("not collected: 1,")
    assert second.startswith("not collected: 0,")


# Across the clock changes (Paris): the deadline is read on the Paris clock.


@pytest.mark.parametrize(
    ("slot_day", "grace_hours", "deadline_utc"),
    [
        # Saturday before the spring change: Sunday has 23 hours, the deadline is still Monday 0:00 (CEST).
        (date(2030, 3, 30), 24, datetime(2030, 3, 31, 22, 0, tzinfo=UTC)),
        # Saturday before the autumn change: Sunday has 25 hours, Monday 0:00 is CET.
        (date(2030, 10, 26), 24, datetime(2030, 10, 27, 23, 0, tzinfo=UTC)),
        # A pickup on the change day itself ends at the next midnight, in the new offset.
        (date(2030, 3, 31), 0, datetime(2030, 3, 31, 22, 0, tzinfo=UTC)),
        (date(2030, 10, 27), 0, datetime(2030, 10, 27, 23, 0, tzinfo=UTC)),
        # Two hours into the change day: 2 real hours after its midnight, whichever offset it ends in.
        (date(2030, 3, 30), 2, datetime(2030, 3, 31, 1, 0, tzinfo=UTC)),
        (date(2030, 10, 26), 2, datetime(2030, 10, 27, 0, 0, tzinfo=UTC)),
    ],
    ids=["spring-saturday", "autumn-saturday", "spring-sunday", "autumn-sunday", "spring-2h", "autumn-2h"],
)
def test_not_collected_after_across_the_clock_changes(slot_day, grace_hours, deadline_utc):
    deadline = not_collected_after(slot_starts_at=paris(slot_day, 10), grace_hours=grace_hours)

    assert deadline.astimezone(UTC) == deadline_utc


@pytest.mark.parametrize(
    ("saturday", "deadline_utc"),
    [
        (date(2030, 3, 30), datetime(2030, 3, 31, 22, 0, tzinfo=UTC)),
        (date(2030, 10, 26), datetime(2030, 10, 27, 23, 0, tzinfo=UTC)),
    ],
    ids=["spring", "autumn"],
)
def test_a_saturday_no_show_is_marked_at_monday_midnight_paris_across_the_clock_change(
    shop, apples, keeper, saturday, deadline_utc
):
    order = ready(shop, apples, keeper, key=key_at(saturday, 10), now=paris(saturday - timedelta(days=1), 18))

    assert orders_mark_not_collected_due(now=deadline_utc - timedelta(minutes=1)) == 0
    assert status_of(order) == OrderStatus.READY
    assert orders_mark_not_collected_due(now=deadline_utc) == 1
    assert status_of(order) == OrderStatus.NOT_COLLECTED


# The shop's reminder of an order waiting for its answer.


def test_the_shop_is_reminded_once_of_an_order_waiting_past_its_delay(shop, apples):
    order = placed(shop, apples)
    accept_by = order.pickup.accept_by
    assert accept_by is not None

    assert orders_remind_unaccepted(now=accept_by - timedelta(minutes=1)) == 0
    assert orders_remind_unaccepted(now=accept_by) == 1
    assert orders_remind_unaccepted(now=accept_by + timedelta(minutes=5)) == 0
    assert orders_remind_unaccepted(now=accept_by + timedelta(hours=3)) == 0

    (notice,) = order.notices.filter(kind=Notice.Kind.SHOP_ACCEPT_REMINDER)
    assert notice.to == ["primeur@example.com"]


def test_each_late_order_gets_its_own_reminder_and_an_accepted_one_none(shop, apples, keeper):
    first = placed(shop, apples, key=slot_key(1, 10))
    second = placed(shop, apples, key=slot_key(1, 11))
    answered = placed(shop, apples, key=slot_key(1, 12))
    order_accept(order=answered, by=keeper)
    refused = placed(shop, apples, key=slot_key(1, 13))
    order_refuse(order=refused, by=keeper, reason="Fermé pour inventaire.")
    late = max(order.pickup.accept_by for order in (first, second, answered, refused)) + timedelta(minutes=1)

    assert orders_remind_unaccepted(now=late) == 2
    assert orders_remind_unaccepted(now=late) == 0

    reminded = Notice.objects.filter(kind=Notice.Kind.SHOP_ACCEPT_REMINDER)
    assert sorted(reminded.values_list("order_id", flat=True)) == sorted([first.pk, second.pk])


# The shopper's reminder on the morning of the pickup.


def test_the_pickup_day_reminder_goes_from_seven_once_per_order(shop, apples, keeper):
    order = accepted(shop, apples, keeper)  # tomorrow 10:00, placed well before that day

    assert pickups_remind_today(now=paris(NOW.date(), 18)) == 0  # the evening before
    assert pickups_remind_today(now=paris(TOMORROW, 6, 59)) == 0
    assert pickups_remind_today(now=paris(TOMORROW, 7)) == 1
    assert pickups_remind_today(now=paris(TOMORROW, 7, 5)) == 0
    assert pickups_remind_today(now=paris(TOMORROW, 9, 30)) == 0

    (notice,) = order.notices.filter(kind=Notice.Kind.PICKUP_REMINDER)
    assert notice.to == [order.email]


def test_ready_orders_are_reminded_too_and_each_order_once(shop, apples, keeper):
    prepared = ready(shop, apples, keeper, key=slot_key(1, 10))
    later = accepted(shop, apples, keeper, key=slot_key(1, 17))

    assert pickups_remind_today(now=paris(TOMORROW, 7, 30)) == 2
    assert pickups_remind_today(now=paris(TOMORROW, 8)) == 0

    reminded = Notice.objects.filter(kind=Notice.Kind.PICKUP_REMINDER).values_list("order_id", flat=True)
    assert sorted(reminded) == sorted([prepared.pk, later.pk])


def test_no_reminder_for_an_order_placed_on_the_pickup_day(shop, apples, keeper):
    same_day = accepted(shop, apples, keeper, key=slot_key(1, 11))
    Order.objects.filter(pk=same_day.pk).update(date_placed=paris(TOMORROW, 6, 30))
    day_before = accepted(shop, apples, keeper, key=slot_key(1, 12))
    Order.objects.filter(pk=day_before.pk).update(date_placed=paris(NOW.date(), 23, 59))

    assert pickups_remind_today(now=paris(TOMORROW, 7, 30)) == 1

    assert not same_day.notices.filter(kind=Notice.Kind.PICKUP_REMINDER).exists()
    assert day_before.notices.filter(kind=Notice.Kind.PICKUP_REMINDER).exists()


def test_no_reminder_for_a_cancelled_or_refused_order(shop, apples, keeper):
    cancelled = accepted(shop, apples, keeper, key=slot_key(1, 10))
    order_cancel_by_shop(order=cancelled, by=keeper, reason="Rupture de stock.")
    refused = placed(shop, apples, key=slot_key(1, 11))
    order_refuse(order=refused, by=keeper, reason="Rupture de stock.")

    assert pickups_remind_today(now=paris(TOMORROW, 7, 30)) == 0
    assert not Notice.objects.filter(kind=Notice.Kind.PICKUP_REMINDER).exists()


def test_an_order_still_waiting_for_the_shop_is_reminded_once_it_is_accepted(shop, apples, keeper):
    order = placed(shop, apples, key=slot_key(1, 11))

    assert pickups_remind_today(now=paris(TOMORROW, 7, 30)) == 0
    order_accept(order=order, by=keeper)
    assert pickups_remind_today(now=paris(TOMORROW, 8, 30)) == 1


def test_no_reminder_for_another_days_pickup(shop, apples, keeper):
    accepted(shop, apples, keeper, key=slot_key(2, 10))  # Thursday

    assert pickups_remind_today(now=paris(TOMORROW, 7, 30)) == 0
    assert pickups_remind_today(now=paris(TOMORROW + timedelta(days=1), 7, 30)) == 1


@pytest.mark.parametrize("sunday", [date(2030, 3, 31), date(2030, 10, 27)], ids=["spring", "autumn"])
def test_the_pickup_day_reminder_on_a_clock_change_sunday(shop, apples, keeper, sunday):
    order = accepted(shop, apples, keeper, key=key_at(sunday, 10), now=paris(sunday - timedelta(days=1), 18))
    Order.objects.filter(pk=order.pk).update(date_placed=paris(sunday - timedelta(days=1), 18))
    # A Monday-morning pickup is not Sunday's, even on the 25-hour day.
    monday = accepted(shop, apples, keeper, key=key_at(sunday + timedelta(days=1), 8), now=paris(sunday, 6))
    Order.objects.filter(pk=monday.pk).update(date_placed=paris(sunday - timedelta(days=1), 18))

    assert pickups_remind_today(now=paris(sunday, 6, 59)) == 0
    assert pickups_remind_today(now=paris(sunday, 7)) == 1

    (notice,) = Notice.objects.filter(kind=Notice.Kind.PICKUP_REMINDER)
    assert notice.order_id == order.pk
