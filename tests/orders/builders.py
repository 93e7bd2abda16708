"""Shops, products and baskets for the click-and-collect tests.

Plain functions rather than fixtures, so the race tests can call them inside their own threads,
on their own database connection.
"""

from __future__ import annotations

import itertools
import uuid
from datetime import datetime, time, timedelta
from decimal import Decimal

from oscar.core.loading import get_class, get_model

from orders.services import Customer
from shops.models import Closure, OpeningRange, Shop, ShopCategory
from shops.schedule import PARIS, Slot, slots_offered
from shops.selectors.public import shop_hours

Basket = get_model("basket", "Basket")
Partner = get_model("partner", "Partner")
Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
StockRecord = get_model("partner", "StockRecord")
Selector = get_class("partner.strategy", "Selector")

# A Tuesday morning, before the shops open: every test sees the same calendar.
NOW = datetime(2030, 6, 4, 7, 0, tzinfo=PARIS)

_sequence = itertools.count(1)


def _unique() -> str:
    # A test process may build in several databases (the race copy): a random part keeps names apart.
    return f"{next(_sequence)}-{uuid.uuid4().hex[:8]}"


def shop_open(
    *,
    name: str = "Boutique test",
    weekdays: tuple[int, ...] = (1, 2, 3, 4, 5, 6, 7),
    opens: time = time(8),
    closes: time = time(20),
    slot_minutes: int = 30,
    capacity: int = 4,
    preparation_minutes: int = 60,
    days_ahead: int = 7,
    same_day_cutoff: time | None = None,
    status: str = Shop.Status.APPROVED,
) -> Shop:
    """An approved shop open on the given ISO weekdays, with its Oscar partner."""
    unique = _unique()
    partner = Partner.objects.create(name=name, code=f"test-{unique}")
    category = ShopCategory.objects.order_by("position", "pk").first() or ShopCategory.objects.create(
        name="Boulangerie", slug="boulangerie"
    )
    shop = Shop.objects.create(
        partner=partner,
        name=name,
        slug=f"test-{unique}",
        status=status,
        category=category,
        address="1 place du Marché",
        postcode="38300",
        town="Bourgoin-Jallieu",
        slot_minutes=slot_minutes,
        slot_capacity=capacity,
        preparation_minutes=preparation_minutes,
        days_ahead=days_ahead,
        same_day_cutoff=same_day_cutoff,
    )
    OpeningRange.objects.bulk_create(
        [OpeningRange(shop=shop, weekday=weekday, opens=opens, closes=closes) for weekday in weekdays]
    )
    return shop


def closure_add(*, shop: Shop, starts_on, ends_on) -> Closure:
    return Closure.objects.create(shop=shop, starts_on=starts_on, ends_on=ends_on, reason="Inventaire")


def product_for_sale(
    *, shop: Shop, title: str = "Baguette", price: str = "1.20", tva_rate: str = "5.50", stock: int | None = 10
):
    """A public product sold by the shop, priced TTC, with its one stock record (returned)."""
    product_class, _created = ProductClass.objects.get_or_create(
        name="Produit retrait test", defaults={"requires_shipping": False, "track_stock": True}
    )
    unique = _unique()
    product = Product(
        title=title,
        upc=f"test-{unique}",
        product_class=product_class,
        structure=Product.STANDALONE,
        is_public=True,
    )
    product.save()
    return StockRecord.objects.create(
        product=product,
        partner=shop.partner,
        partner_sku=f"sku-{unique}",
        price=Decimal(price),
        price_currency="EUR",
        tva_rate=Decimal(tva_rate),
        num_in_stock=stock,
    )


def basket_with(*items, owner=None):
    """An open basket holding (stock record, quantity) items, added the way the basket page adds them."""
    basket = Basket.objects.create(owner=owner)
    basket.strategy = Selector().strategy(user=owner)
    for stockrecord, quantity in items:
        basket.add_product(stockrecord.product, quantity=quantity)
    return basket


def guest(number: int = 1) -> Customer:
    return Customer(email=f"client-{number}@example.com", phone="04 74 00 00 00", name=f"Client {number}")


def slots_of(shop: Shop, *, now: datetime = NOW) -> list[Slot]:
    """What the shop's rules offer at `now`, straight from shops.schedule."""
    shop = Shop.objects.prefetch_related("opening_ranges").get(pk=shop.pk)
    return slots_offered(
        hours=shop_hours(shop=shop),
        now=now,
        slot_minutes=shop.slot_minutes,
        preparation_minutes=shop.preparation_minutes,
        days_ahead=shop.days_ahead,
        same_day_cutoff=shop.same_day_cutoff,
    )


def slot_key(day: int, hour: int, minute: int = 0) -> str:
    """The key of the slot starting at this Paris wall-clock time, `day` days after NOW."""
    moment = datetime.combine(NOW.date() + timedelta(days=day), time(hour, minute), tzinfo=PARIS)
    return Slot(starts_at=moment, ends_at=moment).key


def shop_user(*, shop: Shop, is_active: bool = True):
    """A person who works for the shop (one of its partner's users), as a shopkeeper signs in."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(
        email=f"vendeur-{_unique()}@example.com", password="vendeur-test", first_name="Marc", last_name="Vendeur"
    )
    if not is_active:
        user.is_active = False
        user.save(update_fields=["is_active"])
    shop.partner.users.add(user)
    return user


def product_untracked(*, shop: Shop, title: str = "Bouquet du jour", price: str = "15.00", stock: int | None = 7):
    """A product whose class does not track stock (sold without counting units), with its stock record."""
    product_class, _created = ProductClass.objects.get_or_create(
        name="Produit sans suivi de stock test", defaults={"requires_shipping": False, "track_stock": False}
    )
    unique = _unique()
    product = Product(
        title=title, upc=f"test-{unique}", product_class=product_class, structure=Product.STANDALONE, is_public=True
    )
    product.save()
    return StockRecord.objects.create(
        product=product,
        partner=shop.partner,
        partner_sku=f"sku-{unique}",
        price=Decimal(price),
        price_currency="EUR",
        tva_rate=Decimal("20.00"),
        num_in_stock=stock,
    )


def basket_with_lines(*items, owner=None):
    """An open basket with one line per (stock record, quantity) item, even when two items share a record.

    Basket.add_product merges a product added twice; lines with different options do not, and this
    writes such lines directly (the race tests use it too: one INSERT per line, no pricing strategy).
    """
    BasketLine = get_model("basket", "Line")
    basket = Basket.objects.create(owner=owner)
    for number, (stockrecord, quantity) in enumerate(items):
        BasketLine.objects.create(
            basket=basket,
            line_reference=f"{stockrecord.product_id}_{stockrecord.pk}_{number}",
            product_id=stockrecord.product_id,
            stockrecord=stockrecord,
            quantity=quantity,
            price_currency="EUR",
            price_excl_tax=stockrecord.price,
            price_incl_tax=stockrecord.price,
        )
    return basket


def order_placed(*, shop: Shop, items, key: str, customer: Customer | None = None, owner=None, now: datetime = NOW):
    """One order placed for the shop through the checkout's service: its basket of (stock record, quantity)
    items, picked up in the slot `key`; returned with its pickup."""
    from orders.services import order_place_for_basket

    basket = basket_with_lines(*items, owner=owner)
    if customer is None:
        customer = Customer(user=owner) if owner is not None else guest()
    (order,) = order_place_for_basket(basket=basket, customer=customer, choices={shop.pk: key}, now=now)
    return order
