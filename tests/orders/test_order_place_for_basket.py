from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from oscar.core.loading import get_model

from orders.codes import PICKUP_CODE_ALPHABET
from orders.models import Pickup, PickupSlot, Placement
from orders.services import Customer, PlacementError, order_place_for_basket
from oscar_apps.partner.tva import split_ttc
from shops.models import Shop

from .builders import NOW, basket_with, closure_add, guest, product_for_sale, slot_key

pytestmark = pytest.mark.django_db

Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")
Source = get_model("payment", "Source")
StockRecord = get_model("partner", "StockRecord")

TOMORROW_10 = slot_key(1, 10)
TOMORROW_11 = slot_key(1, 11)


def place(basket, choices, customer=None, **kwargs):
    return order_place_for_basket(basket=basket, customer=customer or guest(), choices=choices, now=NOW, **kwargs)


def assert_nothing_placed(basket, *stockrecords, allocated=0, booked=0):
    """No order, no placement, no booking beyond `booked`, no allocation beyond `allocated`, basket still open."""
    basket.refresh_from_db()
    assert basket.status == Basket.OPEN
    assert not Order.objects.filter(basket=basket).exists()
    assert not Placement.objects.filter(basket=basket).exists()
    shops = {stockrecord.partner_id for stockrecord in stockrecords}
    assert sum(PickupSlot.objects.filter(shop__partner__in=shops).values_list("booked", flat=True)) == booked
    for stockrecord in stockrecords:
        stockrecord.refresh_from_db()
        assert (stockrecord.num_allocated or 0) == allocated


def test_one_order_per_shop_with_its_own_lines_totals_slot_and_code(basket, bakery, cheese_shop, bread, knife):
    orders = place(basket, {bakery.pk: TOMORROW_10, str(cheese_shop.pk): TOMORROW_11})

    assert len(orders) == 2
    by_shop = {order.pickup.shop: order for order in orders}
    bakery_order, cheese_order = by_shop[bakery], by_shop[cheese_shop]
    assert bakery_order.number != cheese_order.number
    assert {line.partner_id for line in bakery_order.lines.all()} == {bakery.partner_id}
    assert {line.partner_id for line in cheese_order.lines.all()} == {cheese_shop.partner_id}
    assert sorted((line.title, line.quantity) for line in bakery_order.lines.all()) == [
        ("Baguette tradition", 3),
        ("Fraisier", 1),
    ]
    # Prices are TTC; the net and the TVA come from each stock record's own rate.
    assert bakery_order.total_incl_tax == Decimal("3.60") + Decimal("24.90")
    bread_net, _tax = split_ttc(price_ttc=Decimal("1.20"), rate_percent=Decimal("5.50"))
    cake_net, _tax = split_ttc(price_ttc=Decimal("24.90"), rate_percent=Decimal("5.50"))
    assert bakery_order.total_excl_tax == 3 * bread_net + cake_net
    knife_line = cheese_order.lines.get(stockrecord=knife)
    assert knife_line.unit_price_incl_tax == Decimal("19.99")
    assert knife_line.unit_price_excl_tax == Decimal("16.66")
    assert cheese_order.total_incl_tax == Decimal("8.40") + Decimal("19.99")
    for order in orders:
        assert order.shipping_address is None
        assert order.shipping_code == "retrait-en-boutique"
        assert order.shipping_method == "Retrait en boutique"
        assert order.shipping_incl_tax == 0
        assert order.guest_email == "client-1@example.com"
        assert order.basket_id == basket.pk
    assert bakery_order.pickup.slot.starts_at.isoformat() == "2030-06-05T08:00:00+00:00"  # 10:00 in Paris
    assert cheese_order.pickup.slot.starts_at.isoformat() == "2030-06-05T09:00:00+00:00"
    assert bakery_order.pickup.customer_name == "Client 1"
    assert bakery_order.pickup.customer_phone == "04 74 00 00 00"


def test_each_order_has_a_pickup_code_of_six_unambiguous_characters(basket, bakery, cheese_shop):
    orders = place(basket, {bakery.pk: TOMORROW_10, cheese_shop.pk: TOMORROW_10})

    for order in orders:
        code = order.pickup.code
        assert len(code) >= 6
        assert set(code) <= set(PICKUP_CODE_ALPHABET)
        assert not set(code) & set("0O1IL")


def test_placing_books_the_slots_allocates_the_stock_and_submits_the_basket(basket, bakery, cheese_shop, bread, cake):
    orders = place(basket, {bakery.pk: TOMORROW_10, cheese_shop.pk: TOMORROW_10})

    assert PickupSlot.objects.get(shop=bakery).booked == 1
    assert PickupSlot.objects.get(shop=cheese_shop).booked == 1
    assert PickupSlot.objects.get(shop=bakery).capacity == 2
    bread.refresh_from_db()
    cake.refresh_from_db()
    # Allocated once (not once by us and once more by Oscar); the stock leaves the shelf at pickup.
    assert (bread.num_in_stock, bread.num_allocated) == (10, 3)
    assert (cake.num_in_stock, cake.num_allocated) == (2, 1)
    basket.refresh_from_db()
    assert basket.status == Basket.SUBMITTED
    assert Placement.objects.filter(basket=basket).count() == 1
    for order in orders:
        source = Source.objects.get(order=order)
        assert source.source_type.code == "paiement-au-retrait"
        assert source.amount_allocated == order.total_incl_tax
        assert source.amount_debited == 0


def test_a_signed_in_shopper_owns_the_orders(bakery, bread, demo_users):
    shopper = demo_users["shopper"]
    basket = basket_with((bread, 1), owner=shopper)

    (order,) = place(basket, {bakery.pk: TOMORROW_10}, customer=Customer(user=shopper, phone="06 12 34 56 78"))

    assert order.user == shopper
    assert order.guest_email == ""
    assert order.pickup.customer_phone == "06 12 34 56 78"
    assert order.pickup.customer_name == (shopper.get_full_name() or shopper.email)


def test_the_same_basket_placed_twice_gives_the_same_orders(basket, bakery, cheese_shop, bread):
    first = place(basket, {bakery.pk: TOMORROW_10, cheese_shop.pk: TOMORROW_10})
    again = place(basket, {bakery.pk: TOMORROW_11, cheese_shop.pk: TOMORROW_11})

    assert [order.number for order in again] == [order.number for order in first]
    # Only the call that wrote the orders may notify the shopper.
    assert all(order.placed_now for order in first)
    assert not any(order.placed_now for order in again)
    assert Order.objects.filter(basket=basket).count() == 2
    assert PickupSlot.objects.get(shop=bakery).booked == 1
    assert not PickupSlot.objects.filter(starts_at=again[0].pickup.slot.starts_at + timedelta(hours=1)).exists()
    bread.refresh_from_db()
    assert bread.num_allocated == 3


def test_nothing_is_placed_when_one_shops_slot_is_full(basket, bakery, cheese_shop, bread, comte):
    slot_start = datetime.fromisoformat("2030-06-05T09:00:00+00:00")  # 11:00 in Paris
    PickupSlot.objects.create(
        shop=cheese_shop, starts_at=slot_start, ends_at=slot_start + timedelta(minutes=30), capacity=4, booked=4
    )

    with pytest.raises(PlacementError) as refused:
        place(basket, {bakery.pk: TOMORROW_10, cheese_shop.pk: TOMORROW_11})

    (problem,) = refused.value.problems
    assert problem.code == "slot_full"
    assert problem.shop_id == cheese_shop.pk
    assert "Créneau complet" in problem.message
    assert "Fromagerie des Halles" in str(refused.value)
    assert_nothing_placed(basket, bread, comte, booked=4)
    assert not PickupSlot.objects.filter(shop=bakery).exists()
    assert basket.lines.count() == 4


def test_nothing_is_placed_when_one_line_lacks_stock(bakery, cheese_shop, bread, cake, comte):
    basket = basket_with((bread, 1), (comte, 1))
    basket.lines.filter(stockrecord=bread).update(quantity=11)

    with pytest.raises(PlacementError) as refused:
        place(basket, {bakery.pk: TOMORROW_10, cheese_shop.pk: TOMORROW_10})

    (problem,) = refused.value.problems
    assert (problem.code, problem.shop_id) == ("stock", bakery.pk)
    assert problem.message == "« Baguette tradition » : plus que 10 en stock."
    assert_nothing_placed(basket, bread, comte)


def test_stock_already_allocated_to_other_orders_is_not_sold_again(bakery, cake):
    StockRecord.objects.filter(pk=cake.pk).update(num_allocated=2)
    basket = basket_with((cake, 1))

    with pytest.raises(PlacementError) as refused:
        place(basket, {bakery.pk: TOMORROW_10})

    assert refused.value.problems[0].message == "« Fraisier » : épuisé."
    assert_nothing_placed(basket, cake, allocated=2)


def test_every_problem_of_every_shop_is_reported_at_once(basket, bakery, cheese_shop, bread, knife):
    StockRecord.objects.filter(pk=knife.pk).update(num_in_stock=0)

    with pytest.raises(PlacementError) as refused:
        place(basket, {cheese_shop.pk: TOMORROW_10})

    assert [(p.shop_id, p.code) for p in refused.value.problems] == [
        (cheese_shop.pk, "stock"),
        (bakery.pk, "slot_missing"),
    ]
    assert [p.code for p in refused.value.for_shop(bakery.pk)] == ["slot_missing"]
    assert_nothing_placed(basket, bread, knife)


@pytest.mark.parametrize(
    ("choice", "code"),
    [
        (slot_key(0, 7), "slot_past"),  # before NOW
        (slot_key(0, 7, 30), "slot_too_soon"),  # within the hour of preparation
        (slot_key(7, 10), "slot_too_far"),  # 7 days ahead, the shop takes 7 days (today included)
        (slot_key(30, 10), "slot_too_far"),
        (slot_key(1, 21), "slot_not_offered"),  # after closing time
        (slot_key(1, 10, 10), "slot_not_offered"),  # off the shop's 30-minute grid
        ("2030-06-05T08:00", "slot_invalid"),
        ("demain 10h", "slot_invalid"),
        ("9" * 10_000, "slot_invalid"),
        (12, "slot_invalid"),
        ("", "slot_missing"),
        (None, "slot_missing"),
    ],
)
def test_a_slot_the_shops_rules_do_not_offer_is_refused(bakery, bread, choice, code):
    basket = basket_with((bread, 1))

    with pytest.raises(PlacementError) as refused:
        place(basket, {bakery.pk: choice})

    assert [(p.shop_id, p.code) for p in refused.value.problems] == [(bakery.pk, code)]
    assert_nothing_placed(basket, bread)


def test_a_slot_in_a_closure_is_refused(bakery, bread):
    closure_add(shop=bakery, starts_on=NOW.date() + timedelta(days=1), ends_on=NOW.date() + timedelta(days=2))
    basket = basket_with((bread, 1))

    with pytest.raises(PlacementError) as refused:
        place(basket, {bakery.pk: TOMORROW_10})

    assert refused.value.problems[0].code == "slot_closed"
    assert refused.value.problems[0].message == "La boutique est fermée ce jour-là."
    assert_nothing_placed(basket, bread)


def test_a_same_day_slot_after_the_cut_off_is_refused(bakery, bread):
    Shop.objects.filter(pk=bakery.pk).update(same_day_cutoff="06:30")
    basket = basket_with((bread, 1))

    with pytest.raises(PlacementError) as refused:
        place(basket, {bakery.pk: slot_key(0, 15)})

    assert refused.value.problems[0].code == "slot_after_cutoff"


def test_a_slot_only_another_shop_offers_is_refused(cheese_shop, comte):
    basket = basket_with((comte, 1))
    sunday = slot_key(5, 10)  # the cheese shop is closed on Sundays, the bakery is not

    with pytest.raises(PlacementError) as refused:
        place(basket, {cheese_shop.pk: sunday})

    assert refused.value.problems[0].code == "slot_not_offered"
    assert_nothing_placed(basket, comte)


def test_another_shops_slot_row_is_refused(bakery, cheese_shop, comte):
    other = PickupSlot.objects.create(
        shop=bakery,
        starts_at=NOW + timedelta(days=1, hours=3),
        ends_at=NOW + timedelta(days=1, hours=3, minutes=30),
        capacity=2,
    )
    basket = basket_with((comte, 1))

    with pytest.raises(PlacementError) as refused:
        place(basket, {cheese_shop.pk: other})

    assert refused.value.problems[0].code == "slot_other_shop"
    assert_nothing_placed(basket, comte)


def test_choices_for_shops_not_in_the_basket_are_ignored(bakery, cheese_shop, bread):
    basket = basket_with((bread, 1))

    (order,) = place(basket, {bakery.pk: TOMORROW_10, cheese_shop.pk: TOMORROW_10, "x": "y", True: TOMORROW_10})

    assert order.pickup.shop == bakery
    assert not PickupSlot.objects.filter(shop=cheese_shop).exists()


def test_the_price_comes_from_the_stock_record_not_from_the_basket(bakery, bread):
    basket = basket_with((bread, 2))
    basket.lines.update(price_incl_tax=Decimal("0.01"), price_excl_tax=Decimal("0.01"))

    (order,) = place(basket, {bakery.pk: TOMORROW_10})

    assert order.total_incl_tax == Decimal("2.40")
    assert order.lines.get().unit_price_incl_tax == Decimal("1.20")


def test_a_line_pointing_at_another_products_stock_record_is_refused(bakery, cheese_shop, bread, comte):
    basket = basket_with((bread, 1))
    basket.lines.update(stockrecord=comte)

    with pytest.raises(PlacementError) as refused:
        place(basket, {bakery.pk: TOMORROW_10, cheese_shop.pk: TOMORROW_10})

    assert refused.value.problems[0].code == "product_unavailable"
    assert_nothing_placed(basket, bread, comte)


def test_a_product_withdrawn_from_sale_is_refused(bakery, bread):
    basket = basket_with((bread, 1))
    bread.product.is_public = False
    bread.product.save()

    with pytest.raises(PlacementError) as refused:
        place(basket, {bakery.pk: TOMORROW_10})

    assert refused.value.problems[0].code == "product_unavailable"
    assert "Baguette tradition" in refused.value.problems[0].message


def test_a_suspended_shop_takes_no_order(bakery, bread):
    basket = basket_with((bread, 1))
    Shop.objects.filter(pk=bakery.pk).update(status=Shop.Status.SUSPENDED)

    with pytest.raises(PlacementError) as refused:
        place(basket, {bakery.pk: TOMORROW_10})

    assert [p.code for p in refused.value.problems] == ["shop_closed"]
    assert_nothing_placed(basket, bread)


@pytest.mark.parametrize("quantity", [0, 1000, 10**6, 2**31 - 1])
def test_a_line_quantity_out_of_bounds_is_refused(bakery, bread, quantity):
    basket = basket_with((bread, 1))
    basket.lines.update(quantity=quantity)

    with pytest.raises(PlacementError) as refused:
        place(basket, {bakery.pk: TOMORROW_10})

    assert [p.code for p in refused.value.problems] == ["quantity_invalid"]
    assert_nothing_placed(basket, bread)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="only SQLite can store 1.5 in an integer column")
@pytest.mark.parametrize("raw", ["1.5", "'1e3'", "'deux'", "-1"])
def test_a_quantity_written_behind_the_orms_back_is_refused(bakery, bread, raw):
    basket = basket_with((bread, 1))
    with connection.cursor() as cursor:
        # Django's CHECK (quantity >= 0) stops -1; the others get through SQLite's dynamic typing.
        try:
            cursor.execute(f"UPDATE basket_line SET quantity = {raw} WHERE basket_id = %s", [basket.pk])  # noqa: S608
        except Exception:
            pytest.skip("the database itself refused it")

    with pytest.raises(PlacementError) as refused:
        place(basket, {bakery.pk: TOMORROW_10})

    assert refused.value.codes == {"quantity_invalid"}


def test_an_empty_basket_is_refused(bakery):
    basket = basket_with()

    with pytest.raises(PlacementError) as refused:
        place(basket, {bakery.pk: TOMORROW_10})

    assert refused.value.codes == {"basket_empty"}
    with pytest.raises(PlacementError):
        place(Basket(), {})


def test_a_submitted_basket_without_orders_is_refused(bakery, bread):
    basket = basket_with((bread, 1))
    basket.submit()

    with pytest.raises(PlacementError) as refused:
        place(basket, {bakery.pk: TOMORROW_10})

    assert refused.value.codes == {"basket_closed"}


def test_a_basket_with_a_voucher_is_refused(bakery, bread):
    Voucher = get_model("voucher", "Voucher")
    voucher = Voucher.objects.create(
        name="Bienvenue",
        code="BIENVENUE",
        start_datetime=NOW - timedelta(days=1),
        end_datetime=NOW + timedelta(days=30),
    )
    basket = basket_with((bread, 1))
    basket.vouchers.add(voucher)

    with pytest.raises(PlacementError) as refused:
        place(basket, {bakery.pk: TOMORROW_10})

    assert refused.value.codes == {"voucher"}
    assert refused.value.problems[0].shop_id is None
    assert_nothing_placed(basket, bread)


def test_a_basket_an_offer_would_discount_is_refused(bakery, bread):
    Range = get_model("offer", "Range")
    Condition = get_model("offer", "Condition")
    Benefit = get_model("offer", "Benefit")
    ConditionalOffer = get_model("offer", "ConditionalOffer")
    everything = Range.objects.create(name="Tout", includes_all_products=True)
    ConditionalOffer.objects.create(
        name="Dix pour cent",
        offer_type=ConditionalOffer.SITE,
        condition=Condition.objects.create(range=everything, type=Condition.COUNT, value=1),
        benefit=Benefit.objects.create(range=everything, type=Benefit.PERCENTAGE, value=10),
    )
    basket = basket_with((bread, 1))

    with pytest.raises(PlacementError) as refused:
        place(basket, {bakery.pk: TOMORROW_10})

    assert refused.value.codes == {"offer"}
    assert "Dix pour cent" in refused.value.problems[0].message
    assert_nothing_placed(basket, bread)


@pytest.mark.parametrize(
    ("customer", "code"),
    [
        (Customer(email="", phone="04 74 00 00 00", name="Client"), "customer_email"),
        (Customer(email="pas-un-email", phone="04 74 00 00 00", name="Client"), "customer_email"),
        (Customer(email="a@example.com", phone="", name="Client"), "customer_phone"),
        (Customer(email="a@example.com", phone="12", name="Client"), "customer_phone"),
        (Customer(email="a@example.com", phone="04 74 00 00 00", name="  "), "customer_name"),
        (Customer(email="a@example.com", phone="04 74 00 00 00", name="Client\x00"), "customer_name"),
        (Customer(email="a@example.com", phone="04 74 00 00 00", name="x" * 500), "customer_name"),
    ],
)
def test_a_guest_must_leave_an_email_a_phone_and_a_name(bakery, bread, customer, code):
    basket = basket_with((bread, 1))

    with pytest.raises(PlacementError) as refused:
        place(basket, {bakery.pk: TOMORROW_10}, customer=customer)

    assert refused.value.codes == {code}
    assert_nothing_placed(basket, bread)


def test_someone_elses_basket_is_refused(bakery, bread, demo_users):
    basket = basket_with((bread, 1), owner=demo_users["shopper"])

    with pytest.raises(PlacementError) as refused:
        place(basket, {bakery.pk: TOMORROW_10}, customer=Customer(user=demo_users["shopkeeper_a"]))

    assert refused.value.codes == {"basket_not_yours"}
    with pytest.raises(PlacementError):
        place(basket, {bakery.pk: TOMORROW_10})  # nor as a guest
    assert_nothing_placed(basket, bread)


def test_an_unknown_payment_method_is_refused(bakery, bread):
    basket = basket_with((bread, 1))

    with pytest.raises(PlacementError) as refused:
        place(basket, {bakery.pk: TOMORROW_10}, payment="carte")

    assert refused.value.codes == {"payment_unknown"}


def test_codes_in_one_slot_never_repeat(bakery, bread):
    Shop.objects.filter(pk=bakery.pk).update(slot_capacity=30)
    bread_stock = product_for_sale(shop=bakery, stock=100)
    codes = set()
    for number in range(30):
        (order,) = place(basket_with((bread_stock, 1)), {bakery.pk: TOMORROW_10}, customer=guest(number))
        codes.add(order.pickup.code)

    assert len(codes) == 30
    assert Pickup.objects.filter(slot__shop=bakery).values("slot").distinct().count() == 1
