"""Synthetic shops and products spread over the territory, for the query budgets and the benchmark.

Rows are written in bulk (no save(), no signals), so every value save() would derive (product slugs,
partner codes) is set here. Shop kinds, hours, pickup settings and product names come from the demo
data, so a generated shop looks like a demo one of the same kind. Everything is deterministic: the
same arguments give the same rows.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import time, timedelta
from decimal import Decimal

from django.utils import timezone
from django.utils.text import slugify
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.core.loading import get_model

from demo.catalogue import ASSORTMENTS, PRODUCT_CLASS_NAME
from demo.shops import DEFAULT_HOURS, HOURS, PICKUP
from shops.models import OpeningRange, Shop, ShopCategory
from shops.territory import TOWNS

Partner = get_model("partner", "Partner")
StockRecord = get_model("partner", "StockRecord")
Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
ProductCategory = get_model("catalogue", "ProductCategory")

STREETS = ("rue de la République", "avenue Jean-Jaurès", "place du Marché", "rue Victor-Hugo", "rue Pasteur")
# Big towns hold more shops, as they do in the real territory.
TOWN_WEIGHTS = [
    6 if town.name in ("Bourgoin-Jallieu", "Vienne") else 3 if town.postcode < "38200" else 1 for town in TOWNS
]


def shops_bulk_add(
    *, count: int, prefix: str = "bench", seed: int = 1, approved_share: float = 1.0, with_hours: bool = True
) -> list[Shop]:
    """Add `count` shops (with their Oscar partners and, unless told not to, weekly hours) over the territory.

    A share of 1 - approved_share is left pending, suspended or draft, as a real directory has.
    """
    rng = random.Random(seed)
    categories = list(ShopCategory.objects.all())
    now = timezone.now()
    partners = Partner.objects.bulk_create(
        [Partner(name=f"{prefix} {number}", code=f"{prefix}-{number}") for number in range(count)], batch_size=2000
    )
    shops = []
    for number, partner in enumerate(partners):
        category = categories[number % len(categories)]
        town = rng.choices(TOWNS, weights=TOWN_WEIGHTS)[0]
        status = Shop.Status.APPROVED
        if rng.random() > approved_share:
            status = rng.choice([Shop.Status.PENDING, Shop.Status.SUSPENDED, Shop.Status.DRAFT])
        shops.append(
            Shop(
                partner=partner,
                name=f"{category.name} {town.name} {number}",
                slug=f"{prefix}-{category.slug}-{number}",
                status=status,
                category=category,
                address=f"{rng.randint(1, 120)} {rng.choice(STREETS)}",
                postcode=town.postcode,
                town=town.name,
                # About a kilometre around the town centre.
                latitude=town.latitude + Decimal(rng.randint(-900, 900)) / 100000,
                longitude=town.longitude + Decimal(rng.randint(-1300, 1300)) / 100000,
                phone="04 74 00 00 00",
                description=f"<p>{ASSORTMENTS.get(category.slug, ASSORTMENTS['bio']).blurb}</p>",
                signup_step=5,
                submitted_at=now - timedelta(days=rng.randint(2, 900)),
                approved_at=now - timedelta(days=rng.randint(1, 800)) if status == Shop.Status.APPROVED else None,
                **PICKUP.get(category.slug, {}),
            )
        )
    shops = Shop.objects.bulk_create(shops, batch_size=2000)
    if with_hours:
        OpeningRange.objects.bulk_create(
            [
                OpeningRange(shop_id=shop_id, weekday=weekday, opens=opens, closes=closes)
                for shop_id, weekday, opens, closes in opening_range_rows(shops=shops)
            ],
            batch_size=5000,
        )
    return shops


def opening_range_rows(*, shops: list[Shop]) -> Iterator[tuple[int, int, time, time]]:
    """(shop id, ISO weekday, opens, closes) for each shop: the hours of the demo shops of its kind."""
    for shop in shops:
        for weekdays, *ranges in HOURS.get(shop.category.slug, DEFAULT_HOURS):
            for weekday in weekdays:
                for opens, closes in ranges:
                    yield shop.pk, weekday, time.fromisoformat(opens), time.fromisoformat(closes)


@dataclass(frozen=True)
class ProductSpec:
    """One product as the loaders write it: the product, its stock record and its category."""

    shop_id: int
    partner_id: int
    category_id: int
    upc: str
    title: str
    slug: str
    price: Decimal
    tva_rate: Decimal
    num_in_stock: int


def product_specs(*, shops: list[Shop], per_shop, seed: int = 1) -> Iterator[ProductSpec]:
    """Products for each shop, named after the demo assortment of its kind; per_shop(rng) gives a count.

    The queries run here, before the first product is asked for, so a COPY may consume the products.
    """
    oscar_categories = {c.pk: create_from_breadcrumbs(c.name).pk for c in ShopCategory.objects.all()}
    return _product_specs(shops=shops, per_shop=per_shop, rng=random.Random(seed), oscar_categories=oscar_categories)


def _product_specs(*, shops, per_shop, rng, oscar_categories) -> Iterator[ProductSpec]:
    for shop in shops:
        assortment = ASSORTMENTS.get(shop.category.slug, ASSORTMENTS["bio"])
        for number in range(per_shop(rng)):
            name, prices, *rate = assortment.items[(shop.pk + number) % len(assortment.items)]
            if isinstance(prices, dict):
                variant, price = list(prices.items())[number % len(prices)]
                name = f"{name} {variant}"
            else:
                price = prices
            title = f"{name} n°{number + 1}"
            upc = f"b{shop.pk}-{number}"
            yield ProductSpec(
                shop_id=shop.pk,
                partner_id=shop.partner_id,
                category_id=oscar_categories[shop.category_id],
                upc=upc,
                title=title,
                slug=slugify(title)[:100] or "produit",
                price=Decimal(price),
                tva_rate=rate[0] if rate else assortment.rate,
                num_in_stock=rng.choice((0, 2, 5, 12, 30, 100)),
            )


def products_bulk_add(*, shops: list[Shop], per_shop, seed: int = 1) -> int:
    """Add public products with one stock record and one category each, through the ORM; returns the count."""
    product_class = ProductClass.objects.get(name=PRODUCT_CLASS_NAME)
    specs = list(product_specs(shops=shops, per_shop=per_shop, seed=seed))
    products = Product.objects.bulk_create(
        [
            Product(
                structure=Product.STANDALONE,
                is_public=True,
                upc=spec.upc,
                title=spec.title,
                slug=spec.slug,
                product_class=product_class,
                description="<p>Produit de test.</p>",
            )
            for spec in specs
        ],
        batch_size=2000,
    )
    StockRecord.objects.bulk_create(
        [
            StockRecord(
                product_id=product.pk,
                partner_id=spec.partner_id,
                partner_sku=spec.upc,
                price=spec.price,
                price_currency="EUR",
                tva_rate=spec.tva_rate,
                num_in_stock=spec.num_in_stock,
                low_stock_threshold=3,
            )
            for product, spec in zip(products, specs, strict=True)
        ],
        batch_size=2000,
    )
    ProductCategory.objects.bulk_create(
        [
            ProductCategory(product_id=product.pk, category_id=spec.category_id)
            for product, spec in zip(products, specs, strict=True)
        ],
        batch_size=2000,
    )
    return len(products)
