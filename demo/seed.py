"""The demo data set in one call: accounts, shops with hours and products, pages, then the search index."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from typing import TextIO

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from oscar.core.loading import get_model
from wagtail.models import Page

from kernel.accounts import groups
from shops.models import OpeningRange, Shop, ShopCategory
from sitesearch.services import search_index_rebuild

from .accounts import SHOPKEEPER_PASSWORD, USERS, DemoUser, user_ensure
from .catalogue import product_class_ensure, products_ensure, shop_categories_ensure
from .pages import pages_ensure
from .payments import demo_payments_ensure
from .pure import pure_ensure
from .shops import SHOPS, opening_hours_ensure, shop_ensure
from .surveys import surveys_ensure

StockRecord = get_model("partner", "StockRecord")
Product = get_model("catalogue", "Product")
ProductImage = get_model("catalogue", "ProductImage")


@transaction.atomic
def demo_seed(*, stdout: TextIO | None = None) -> dict[str, int]:
    """Create whatever is missing of the demo data set; a second run creates nothing.

    Returns the number of rows created by this run ("created") and the totals now in the database.
    """
    created: Counter[str] = Counter()
    # One PBKDF2 run per distinct password instead of one per account: shared salts are harmless for
    # published demo passwords, and hashing twenty accounts one by one would take seconds.
    hashes: dict[str, str] = {}
    users = {spec.email: user_ensure(spec=spec, hashes=hashes, created=created) for spec in USERS}
    categories = shop_categories_ensure(created=created)
    product_class = product_class_ensure(created=created)
    now = timezone.now()
    for position, spec in enumerate(SHOPS):
        owner = users.get(spec.email) or user_ensure(
            spec=DemoUser(spec.email, SHOPKEEPER_PASSWORD, *spec.owner, groups.SHOPKEEPERS),
            hashes=hashes,
            created=created,
        )
        # Staggered so that "new shops" lists show them in a stable, believable order.
        approved_at = now - timedelta(days=3 * position + 1)
        shop = shop_ensure(spec=spec, category=categories[spec.category], approved_at=approved_at, created=created)
        shop.partner.users.add(owner)
        if shop.owner_id is None:
            # The owner invites colleagues and receives the CCI's decisions.
            shop.owner = owner
            shop.save(update_fields=["owner"])
        opening_hours_ensure(shop=shop, spec=spec, created=created)
        products_ensure(shop=shop, spec=spec, product_class=product_class, created=created)
        if stdout is not None:
            stdout.write(f"  {shop.name} ({shop.town})\n")
    pages_ensure(created=created)
    pure_ensure(created=created)
    # Issue 18: the demo survey's two waves of answers and the barometer's summaries.
    surveys_ensure(created=created)
    demo_payments_ensure(created=created)
    # The site search reads derived documents: rebuild them so the demo is searchable.
    search_index_rebuild()

    return {
        "created": sum(created.values()),
        "users": get_user_model().objects.count(),
        "shop_categories": ShopCategory.objects.count(),
        "shops": Shop.objects.count(),
        "opening_ranges": OpeningRange.objects.count(),
        "products": Product.objects.count(),
        "stock_records": StockRecord.objects.count(),
        "product_images": ProductImage.objects.count(),
        "pages": Page.objects.count(),
    }
