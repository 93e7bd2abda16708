"""Business-only channels at placement (PURE, part 3): only verified businesses order there, and the cap
per business (SIRET) and per product holds, including for two colleagues ordering at the same moment."""

from datetime import timedelta
from functools import partial

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from oscar.core.loading import get_model

from orders.services import Customer, PlacementError, order_cancel_by_shopper, order_place_for_basket
from shops.models import BusinessAccount, BusinessCap, BusinessPurchase, Shop
from tests.factories import siret_make

from .builders import NOW, basket_with_lines, guest, product_for_sale, shop_open, slots_of
from .racedb import RaceDatabase

Order = get_model("order", "Order")
User = get_user_model()

ROUNDS = 6
BUYERS = 30


def _supplier() -> Shop:
    shop = shop_open(name="Fournisseur de masques", capacity=500, slot_minutes=15)
    Shop.objects.filter(pk=shop.pk).update(business_only=True)
    shop.refresh_from_db()
    return shop


def _masks(*, shop: Shop, cap: int | None = 10, stock: int = 1_000_000):
    record = product_for_sale(shop=shop, title="Masques IIR (boîte de 50)", price="9.50", stock=stock)
    if cap is not None:
        BusinessCap.objects.create(product=record.product, quantity=cap, period_days=7)
    return record


def _colleague(*, siret: str, number: int):
    user = User.objects.create_user(f"salarie-{number}-{siret}@example.com", "salarie-test", first_name="Salarié")
    BusinessAccount.objects.create(
        user=user, siret=siret, legal_name="Garage test", status=BusinessAccount.Status.APPROVED
    )
    return user


def _place(*, user, items, shop, key, now=NOW):
    basket = basket_with_lines(*items, owner=user)
    return order_place_for_basket(basket=basket, customer=Customer(user=user), choices={shop.pk: key}, now=now)


@pytest.fixture
def supplier(db):
    return _supplier()


@pytest.fixture
def key(supplier):
    return slots_of(supplier)[0].key


def test_a_guest_or_a_shopper_cannot_order_from_a_business_only_channel(supplier, key, demo_users):
    masks = _masks(shop=supplier)
    with pytest.raises(PlacementError) as refused:
        order_place_for_basket(
            basket=basket_with_lines((masks, 1)), customer=guest(), choices={supplier.pk: key}, now=NOW
        )
    assert refused.value.codes == {"business_only"}
    assert "réservés aux entreprises" in str(refused.value)
    with pytest.raises(PlacementError) as refused:
        _place(user=demo_users["shopper"], items=[(masks, 1)], shop=supplier, key=key)
    assert refused.value.codes == {"business_only"}
    assert not Order.objects.filter(lines__product=masks.product).exists()


def test_the_cap_counts_every_colleague_of_the_company_over_the_period(supplier, key):
    masks = _masks(shop=supplier, cap=10)
    siret = siret_make()
    first, second = _colleague(siret=siret, number=1), _colleague(siret=siret, number=2)
    (order,) = _place(user=first, items=[(masks, 6)], shop=supplier, key=key)
    purchase = BusinessPurchase.objects.get(order=order)
    assert (purchase.siret, purchase.quantity, purchase.product_id) == (siret, 6, masks.product_id)

    with pytest.raises(PlacementError) as refused:
        _place(user=second, items=[(masks, 5)], shop=supplier, key=key)
    assert refused.value.codes == {"business_cap"}
    assert "peut encore en commander 4" in str(refused.value)
    # Within the cap: placed. Another company has its own cap.
    _place(user=second, items=[(masks, 4)], shop=supplier, key=key)
    _place(user=_colleague(siret=siret_make(), number=3), items=[(masks, 10)], shop=supplier, key=key)
    # Once the period has passed, the company may order again.
    later = NOW + timedelta(days=8)
    _place(user=first, items=[(masks, 10)], shop=supplier, key=slots_of(supplier, now=later)[0].key, now=later)


def test_a_cancelled_order_gives_its_units_back_to_the_cap(supplier, key):
    masks = _masks(shop=supplier, cap=10)
    buyer = _colleague(siret=siret_make(), number=1)
    (order,) = _place(user=buyer, items=[(masks, 10)], shop=supplier, key=key)
    with pytest.raises(PlacementError):
        _place(user=buyer, items=[(masks, 1)], shop=supplier, key=key)
    order_cancel_by_shopper(order=order, by=buyer)
    _place(user=buyer, items=[(masks, 10)], shop=supplier, key=key)


def test_an_approved_shopkeeper_orders_with_their_shops_siret(supplier, key, demo_users):
    masks = _masks(shop=supplier, cap=None)
    (order,) = _place(user=demo_users["shopkeeper_a"], items=[(masks, 2)], shop=supplier, key=key)
    assert BusinessPurchase.objects.get(order=order).siret == Shop.objects.get(slug="au-pain-dore").siret


# Two colleagues, many tabs: concurrent placements on a private copy of the test database (racedb.py).


@transaction.atomic
def _race_setup() -> dict:
    shop = _supplier()
    siret = siret_make()
    users = [_colleague(siret=siret, number=n).pk for n in (1, 2)]
    # One product per round, so each round starts from an untouched cap of 10.
    records = [_masks(shop=shop, cap=10).pk for _round in range(ROUNDS)]
    return {"shop": shop.pk, "users": users, "records": records, "key": slots_of(shop)[0].key, "siret": siret}


@transaction.atomic
def _baskets(*, record_id: int, user_ids: list[int]) -> list[tuple[int, int]]:
    StockRecord = get_model("partner", "StockRecord")
    record = StockRecord.objects.get(pk=record_id)
    return [
        (user_id, basket_with_lines((record, 3), owner=User(pk=user_id)).pk)
        for number in range(BUYERS)
        for user_id in [user_ids[number % 2]]
    ]


def _race_place(*, user_id: int, basket_id: int, shop_id: int, key: str) -> str:
    Basket = get_model("basket", "Basket")
    user = User.objects.get(pk=user_id)
    basket = Basket.objects.get(pk=basket_id)
    (order,) = order_place_for_basket(basket=basket, customer=Customer(user=user), choices={shop_id: key}, now=NOW)
    return order.number


def _race_used(*, siret: str, record_id: int) -> tuple[int, int]:
    StockRecord = get_model("partner", "StockRecord")
    product_id = StockRecord.objects.get(pk=record_id).product_id
    purchases = BusinessPurchase.objects.filter(siret=siret, product_id=product_id)
    return sum(purchases.values_list("quantity", flat=True)), Order.objects.filter(lines__product_id=product_id).count()


def test_two_colleagues_ordering_at_once_never_pass_the_cap(race: RaceDatabase):
    setup = race.call(_race_setup)
    for round_number, record_id in enumerate(setup["records"]):
        baskets = race.call(_baskets, record_id=record_id, user_ids=setup["users"])
        outcomes = race.all_at_once(
            [
                partial(_race_place, user_id=user_id, basket_id=basket_id, shop_id=setup["shop"], key=setup["key"])
                for user_id, basket_id in baskets
            ]
        )
        unexpected = [o.error for o in outcomes if o.error is not None and not isinstance(o.error, PlacementError)]
        assert unexpected == [], f"round {round_number}"
        placed = [o.value for o in outcomes if o.error is None]
        refused = [o.error for o in outcomes if o.error is not None]
        # A cap of 10 and baskets of 3: three orders (9 units), every other one refused for the cap.
        assert len(placed) == 3, f"round {round_number}: {len(placed)} orders"
        assert all(error.codes == {"business_cap"} for error in refused), f"round {round_number}"
        assert race.call(_race_used, siret=setup["siret"], record_id=record_id) == (9, 3)


def test_a_business_placement_costs_a_few_queries_more_than_any_placement(supplier, key, django_assert_max_num_queries):
    from .test_placement_queries import PLACEMENT_BUDGET, TEST_TRANSACTION

    records = [_masks(shop=supplier, cap=50) for _ in range(5)]
    buyer = _colleague(siret=siret_make(), number=1)
    basket = basket_with_lines(*[(record, 2) for record in records], owner=buyer)
    # Who the buyer is (2), the caps locked (1), one count for every capped product (1), the purchases
    # written (2): never one query per product.
    with django_assert_max_num_queries(PLACEMENT_BUDGET + TEST_TRANSACTION + 6):
        order_place_for_basket(basket=basket, customer=Customer(user=buyer), choices={supplier.pk: key}, now=NOW)
